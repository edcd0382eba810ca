// The timeline app: holds the state (chains received so far, filters, window, selection),
// derives what is shown, and wires the toolbar, chain list, timeline, side panel and trainer.
// The view state is saved with the transport after every change, so a restored panel reopens
// with the same filters, zoom and selection.

import type { HostToWebview, InitMessage, SigmaMark, TimelineChain, TimelineViewState, TimelineWebviewState } from '../../src/protocol/webview';
import type { Transport } from './transport';
import { createRpc, type Rpc } from './rpc';
import { NO_FILTERS, filterChains, filterChoices, filterMarks } from './model/filter';
import { detectionText, layoutLanes, type LaneLayout } from './model/lanes';
import { layoutSpan } from './model/scene';
import { fit, zoomAt, type Window } from './model/viewport';
import { isValidTimeZone } from './model/timeScale';
import type { TrainerStop } from './model/trainer';
import { Toolbar } from './ui/toolbar';
import { ChainList } from './ui/chainList';
import { TimelineView } from './ui/timelineView';
import { DetailsPanel } from './ui/details';
import { TrainerBar } from './ui/trainerBar';
import { el } from './ui/el';
import { pngFromSvg, svgForExport } from './export';

const INITIAL_VIEW: TimelineViewState = { filters: NO_FILTERS, zoom: null, selectedChainIds: [], selectedEventId: null, showAll: false };

export class TimelineApp {
  private readonly rpc: Rpc;
  private readonly toolbar: Toolbar;
  private readonly list: ChainList;
  private readonly timeline: TimelineView;
  private readonly details: DetailsPanel;
  private readonly trainer: TrainerBar;
  private readonly status: HTMLElement;
  private readonly heading: HTMLElement;
  private chains: TimelineChain[] = [];
  /** Sigma detections drawn beside the chains. */
  private sigma: readonly SigmaMark[] = [];
  private total = 0;
  private view: TimelineViewState = INITIAL_VIEW;
  private timeZone = 'UTC';
  private filtered: TimelineChain[] = [];
  private shown: TimelineChain[] = [];
  private layout: LaneLayout = { lanes: [], placements: [] };
  private span: Window | null = null;
  /** The chains, filters or selection changed: what is shown must be derived again. */
  private dataDirty = true;
  private frame = 0;
  private panelKey = '';
  private restored = false;

  constructor(private readonly transport: Transport, root: HTMLElement) {
    this.rpc = createRpc((m) => transport.post(m));
    this.heading = el('h1', { class: 'title', 'data-testid': 'timeline-title' }, 'Chain timeline');
    this.status = el('p', { class: 'status', role: 'status', 'aria-live': 'polite', 'data-testid': 'status' });
    this.toolbar = new Toolbar({
      onFilters: (filters) => this.setView({ filters }, true),
      onFit: () => this.setView({ zoom: null }),
      onZoom: (factor) => this.setView({ zoom: zoomAt(this.window(), factor) }),
      onShowAll: (showAll) => this.setView({ showAll, zoom: null }, true),
      onTrainer: () => this.startTrainer(),
      onExport: (kind) => void this.exportView(kind),
    });
    this.list = new ChainList({ onSelect: (ids) => this.setView({ selectedChainIds: ids, showAll: false, zoom: null, selectedEventId: null }, true) });
    this.timeline = new TimelineView({
      onWindow: (zoom) => this.setView({ zoom }),
      onSelect: (eventId) => this.setView({ selectedEventId: eventId }),
      onStep: (delta) => this.stepSelection(delta),
      onFit: () => this.setView({ zoom: null }),
      onOpenRaw: () => this.details.openRaw(),
    });
    this.details = new DetailsPanel(this.rpc);
    this.trainer = new TrainerBar({
      onStop: (stop) => this.showStop(stop),
      onPresent: (on) => { document.body.classList.toggle('presenting', on); this.rpc.request('present', { on }).catch(() => undefined); },
      onExit: () => this.trainer.stop(),
    });
    const centre = el('div', { class: 'centre' });
    centre.append(this.trainer.element, this.timeline.element);
    const body = el('main', { class: 'body' });
    body.append(this.list.element, centre, this.details.element);
    root.append(this.heading, this.toolbar.element, body, this.status);
    transport.onMessage((m) => this.receive(m));
  }

  /** Tell the host we are listening; it answers with `init`. */
  start(): void {
    const saved = this.transport.getState() as Partial<TimelineWebviewState> | undefined;
    if (saved?.view) { this.view = { ...INITIAL_VIEW, ...saved.view }; this.restored = true; }
    this.transport.post({ type: 'ready' });
  }

  private receive(m: HostToWebview): void {
    switch (m.type) {
      case 'init': return this.init(m);
      case 'chains':
        this.chains.push(...m.chains);
        this.status.textContent = m.last ? '' : `Receiving chains… ${this.chains.length} of ${this.total}`;
        if (!this.view.selectedChainIds.length && this.chains.length && !this.view.showAll) this.view = { ...this.view, selectedChainIds: [this.chains[0].id] };
        this.invalidate(true);
        return;
      case 'reply':
        this.rpc.settle(m);
        return;
    }
  }

  private init(m: InitMessage): void {
    this.chains = [];
    this.sigma = m.sigma;
    this.total = m.total;
    this.timeZone = m.timeZone === 'local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : isValidTimeZone(m.timeZone) ? m.timeZone : 'UTC';
    this.panelKey = m.panelKey;
    if (m.view && !this.restored) this.view = { ...INITIAL_VIEW, ...m.view };
    this.save();
    this.heading.textContent = m.title;
    document.title = m.title;
    this.status.textContent = m.notice ?? (m.total ? `Receiving ${m.total} chains…` : m.sigma.length ? '' : 'No chains to show.');
    this.invalidate(true);
  }

  private setView(patch: Partial<TimelineViewState>, data = false): void {
    this.view = { ...this.view, ...patch };
    this.save();
    this.invalidate(data);
  }

  private save(): void {
    const state: TimelineWebviewState = { panelKey: this.panelKey, view: this.view };
    this.transport.setState(state);
  }

  private invalidate(data: boolean): void {
    if (data) this.dataDirty = true;
    if (!this.frame) this.frame = requestAnimationFrame(() => { this.frame = 0; this.draw(); });
  }

  private draw(): void {
    if (this.dataDirty) {
      this.filtered = filterChains(this.chains, this.view.filters);
      const selected = new Set(this.view.selectedChainIds);
      this.shown = this.view.showAll ? this.filtered : this.filtered.filter((c) => selected.has(c.id));
      this.layout = layoutLanes(this.shown, filterMarks(this.sigma, this.view.filters));
      const span = layoutSpan(this.layout);
      this.span = span && fit(span.start, span.end, 0.02);
      document.body.classList.toggle('single-chain', this.total === 1 && this.chains.length === 1);
      this.toolbar.update(this.view.filters, filterChoices(this.chains), this.view.showAll);
      this.list.update(this.filtered, this.view.selectedChainIds, this.total, this.timeZone);
      this.dataDirty = false;
    }
    const window = this.window();
    this.timeline.render({ chains: this.shown, layout: this.layout, window, span: this.span ?? window, selectedEventId: this.view.selectedEventId, timeZone: this.timeZone });
    void this.details.show(this.selection(), this.timeZone);
  }

  private window(): Window {
    if (this.view.zoom) return this.view.zoom;
    const span = layoutSpan(this.layout);
    return span ? fit(span.start, span.end) : fit(Date.now(), Date.now());
  }

  private selection() {
    const id = this.view.selectedEventId;
    if (id === null) return null;
    const detected = this.layout.placements.find((p) => p.sigma && p.event.id === id);
    const detection = detected?.sigma && detectionText(detected.sigma);
    for (const chain of this.shown) {
      for (const step of chain.chain.steps) {
        const event = step.events.find((e) => e.id === id);
        if (event) return { event, chain, stepName: step.name, detection };
      }
    }
    return detected ? { event: detected.event, chain: null, stepName: null, detection } : null;
  }

  /** Select the previous/next event in time among the shown ones, and keep it in view. */
  private stepSelection(delta: number): void {
    const events = [...new Map(this.layout.placements.map((p) => [p.event.id, p.event])).values()].sort((a, b) => a.ts - b.ts || a.id - b.id);
    if (!events.length) return;
    const at = events.findIndex((e) => e.id === this.view.selectedEventId);
    const next = events[at < 0 ? (delta > 0 ? 0 : events.length - 1) : Math.min(events.length - 1, Math.max(0, at + delta))];
    this.setView({ selectedEventId: next.id, zoom: this.keepInView(next.ts) });
  }

  private keepInView(ts: number): Window | null {
    const w = this.window();
    if (ts >= w.start && ts <= w.end) return this.view.zoom;
    const half = (w.end - w.start) / 2;
    return { start: ts - half, end: ts + half };
  }

  private startTrainer(): void {
    const chain = this.selection()?.chain ?? this.shown[0];
    if (!chain) { this.status.textContent = 'Select a chain first.'; return; }
    this.setView({ selectedChainIds: [chain.id], showAll: false, zoom: null }, true);
    this.trainer.start(chain);
  }

  private showStop(stop: TrainerStop): void {
    this.setView({ selectedEventId: stop.event.id, zoom: this.keepInView(stop.event.ts) });
    this.timeline.focus();
  }

  private async exportView(kind: 'svg' | 'png' | 'markdown'): Promise<void> {
    try {
      const chainIds = this.shown.map((c) => c.id);
      let data = '';
      if (kind !== 'markdown') {
        const live = this.timeline.svgElement();
        if (!live || !this.shown.length) { this.status.textContent = 'Nothing to export: no chain is shown.'; return; }
        data = svgForExport(live);
        if (kind === 'png') data = await pngFromSvg(data, live.width.baseVal.value, live.height.baseVal.value);
      }
      const { message } = await this.rpc.request('export', { kind, data, chainIds });
      this.status.textContent = message;
    } catch (err) {
      this.status.textContent = `Export failed: ${(err as Error).message}`;
    }
  }
}
