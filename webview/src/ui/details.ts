// The side panel: the selected event's normalized fields and raw record, "Open raw record",
// "Copy as JSON", and its neighbours (same host, ±N seconds) fetched from the store on demand;
// a neighbour opens its own raw record.

import type { ChainEvent } from '../../../src/protocol/webview';
import type { EventDetails, TimelineChain } from '../../../src/protocol/webview';
import type { Rpc } from '../rpc';
import { formatInstant } from '../model/timeScale';
import { formatGap } from '../../../src/protocol/webview';
import { button, el, textField } from './el';
import { clip } from '../model/labels';

/**
 * A log value can be megabytes: the panel shows a bounded preview (laying out 100 KB of
 * unbroken text stalls the page); Copy as JSON and Open raw record give the whole of it.
 */
const FIELD_PREVIEW = 2_000;
const RAW_PREVIEW = 20_000;

function preview(text: string, max: number): string {
  return text.length <= max ? text : `${text.slice(0, max)}… (${(text.length - max).toLocaleString('en-US')} more characters: Copy as JSON or Open raw record for all of it)`;
}

/**
 * What the loader knows about the selected record's observation: its time on the clock of
 * the observation's first record (when two logs' clocks disagreed), and the other records of
 * the same observation in this chain (the same connection logged by Sysmon and Security).
 */
function evidenceText(selection: Selection, timeZone: string): string {
  const e = selection.event;
  const parts: string[] = [];
  if (e.corrected_ts !== undefined && e.corrected_ts !== e.ts) {
    parts.push(`${formatInstant(e.corrected_ts, timeZone)} on the clock of the observation's first record (logged ${formatGap(e.ts - e.corrected_ts).replace(/^\+/, '')} ${e.ts > e.corrected_ts ? 'later' : 'earlier'})`);
  }
  if (e.obs_id !== undefined) {
    const same = (selection.chain?.chain.steps ?? []).flatMap((s) => s.events).filter((o) => o.obs_id === e.obs_id && o.id !== e.id);
    if (same.length) parts.push(`the same observation is also recorded as ${same.map((o) => `${o.provider ?? ''} ${o.event_id ?? ''} (#${o.id})`.trim()).join(', ')}`);
  }
  return parts.length ? `${parts.join('; ')}.` : '';
}

export interface Selection {
  readonly event: ChainEvent;
  /** The chain and step the event is in; null for a Sigma detection in no shown chain. */
  readonly chain: TimelineChain | null;
  readonly stepName: string | null;
  /** What detected the event, when a Sigma rule did ("Sigma high: <title>"). */
  readonly detection?: string;
}

export class DetailsPanel {
  readonly element: HTMLElement;
  private readonly title: HTMLElement;
  private readonly meta: HTMLElement;
  private readonly fields: HTMLElement;
  private readonly raw: HTMLElement;
  private readonly status: HTMLElement;
  private readonly neighbours: HTMLElement;
  private readonly body: HTMLElement;
  private readonly actions: HTMLElement;
  /** The time on the observation's clock, and the other records of the same observation. */
  private readonly evidence: HTMLElement;
  private seconds = 30;
  private current: Selection | null = null;
  private details: EventDetails | null = null;
  private timeZone = 'UTC';

  constructor(private readonly rpc: Rpc) {
    this.title = el('h2', { class: 'details-title', 'aria-live': 'polite', 'data-testid': 'details-title' }, 'No event selected');
    this.meta = el('p', { class: 'details-meta', 'data-testid': 'details-meta' });
    this.status = el('p', { class: 'details-status', role: 'status', 'aria-live': 'polite', 'data-testid': 'details-status' });
    this.fields = el('table', { class: 'fields', 'aria-label': 'Normalized fields', 'data-testid': 'details-fields' });
    this.raw = el('pre', { class: 'raw', tabindex: 0, 'aria-label': 'Raw record', 'data-testid': 'raw-record' });
    this.neighbours = el('ol', { class: 'neighbours', 'aria-label': 'Neighbouring events', 'data-testid': 'neighbours' });
    const seconds = textField('Neighbour window in seconds', 'neighbour-seconds', '30', (v) => { this.seconds = Math.max(1, Number(v) || 30); });
    seconds.value = String(this.seconds);
    const actions = el('div', { class: 'details-actions' });
    actions.append(
      button('Open raw record', 'open-raw', () => this.openRaw(), { secondary: false }),
      button('Copy as JSON', 'copy-json', () => void this.copy()),
    );
    const neighbourBar = el('div', { class: 'neighbour-bar' });
    neighbourBar.append(el('span', undefined, '±'), seconds, el('span', undefined, 's'), button('Show neighbours', 'load-neighbours', () => void this.loadNeighbours()));
    this.body = el('div', { class: 'details-body' });
    this.evidence = el('p', { class: 'details-evidence', 'data-testid': 'details-evidence' });
    this.body.append(this.meta, this.evidence, this.status, el('h3', undefined, 'Fields'), this.fields, el('h3', undefined, 'Raw record'), this.raw, el('h3', undefined, 'Neighbours (same host)'), neighbourBar, this.neighbours);
    // The actions head the panel at a fixed place: loading a record never moves them.
    this.actions = actions;
    this.element = el('aside', { class: 'details', 'aria-label': 'Event details', 'data-testid': 'details', 'data-region': 'details' });
    this.element.append(actions, this.title, this.body);
    this.body.hidden = true;
    actions.hidden = true;
  }

  async show(selection: Selection | null, timeZone: string): Promise<void> {
    this.timeZone = timeZone;
    if (selection?.event.id === this.current?.event.id && selection?.chain?.id === this.current?.chain?.id && selection?.detection === this.current?.detection) return;
    this.current = selection;
    this.details = null;
    this.fields.replaceChildren();
    this.raw.textContent = '';
    this.neighbours.replaceChildren();
    this.status.textContent = '';
    this.body.hidden = !selection;
    this.actions.hidden = !selection;
    if (!selection) { this.title.textContent = 'No event selected'; return; }
    const e = selection.event;
    this.title.textContent = e.summary;
    this.title.setAttribute('title', clip(e.summary, 600));
    const step = selection.chain ? `step ${selection.stepName} · ${selection.chain.chain.analytic}` : null;
    this.meta.textContent = [formatInstant(e.ts, timeZone), e.host ?? 'no host', step, selection.detection, `${e.source.file}${e.source.line !== undefined ? `:${e.source.line}` : ''}`].filter(Boolean).join(' · ');
    this.evidence.textContent = evidenceText(selection, timeZone);
    this.evidence.hidden = !this.evidence.textContent;
    this.status.textContent = 'Loading the record…';
    try {
      const details = await this.rpc.request('details', { eventId: e.id });
      if (this.current !== selection) return;
      this.details = details;
      this.status.textContent = '';
      this.fields.replaceChildren(...Object.entries(details.fields).filter(([, v]) => v !== null && v !== '').map(([k, v]) => {
        const tr = el('tr');
        tr.append(el('th', { scope: 'row' }, k), el('td', undefined, preview(String(v), FIELD_PREVIEW)));
        return tr;
      }));
      this.raw.textContent = preview(details.raw, RAW_PREVIEW);
    } catch (err) {
      if (this.current === selection) this.status.textContent = `Could not load the record: ${(err as Error).message}`;
    }
  }

  openRaw(): void {
    if (this.current) this.openRawOf(this.current.event);
  }

  private openRawOf(e: ChainEvent): void {
    this.rpc.request('openRaw', { eventId: e.id }).catch((err: Error) => { this.status.textContent = `Could not open the raw record: ${err.message}`; });
  }

  private async copy(): Promise<void> {
    if (!this.current) return;
    const json = JSON.stringify({ event: this.current.event, fields: this.details?.fields ?? null, raw: this.details?.raw ?? null }, null, 2);
    await this.rpc.request('copy', { text: json });
    this.status.textContent = 'Copied the event as JSON.';
  }

  private async loadNeighbours(): Promise<void> {
    const selection = this.current;
    if (!selection) return;
    this.status.textContent = `Loading events within ±${this.seconds} s…`;
    try {
      const events = await this.rpc.request('neighbours', { eventId: selection.event.id, seconds: this.seconds });
      if (this.current !== selection) return;
      this.status.textContent = `${events.length} neighbouring event${events.length === 1 ? '' : 's'} within ±${this.seconds} s.`;
      this.neighbours.replaceChildren(...events.map((n) => {
        const li = el('li', { class: n.id === selection.event.id ? 'self' : undefined, tabindex: 0, 'data-event-id': n.id, 'data-testid': 'neighbour' });
        li.append(el('span', { class: 'when' }, formatInstant(n.ts, this.timeZone).slice(11, 23)), el('span', { class: 'summary' }, n.summary));
        li.setAttribute('title', 'Open this raw record');
        li.addEventListener('click', () => this.openRawOf(n));
        li.addEventListener('keydown', (k) => { if (k.key === 'Enter') this.openRawOf(n); });
        return li;
      }));
    } catch (err) {
      if (this.current === selection) this.status.textContent = `Could not load neighbours: ${(err as Error).message}`;
    }
  }
}
