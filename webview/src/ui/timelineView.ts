// The timeline pane: the SVG timeline and its overview, and every way to move the view —
// wheel (zoom at the pointer; shift or horizontal wheel pans), drag (pan), keys and the
// overview brush. It reports window and selection changes; the app owns the state.

import type { TimelineChain } from '../../../src/protocol/webview';
import { placementText, type LaneLayout } from '../model/lanes';
import { buildScene, GEOMETRY } from '../model/scene';
import { zoomAt, panBy, type Window } from '../model/viewport';
import { renderTimelineSvg } from '../render/timelineSvg';
import type { MiniElement } from '../render/dom';
import { renderOverviewSvg } from '../render/overviewSvg';
import { el, miniDocument } from './el';
import { MarkerLayer } from './markerLayer';
import { StoryPanel } from './storyPanel';
import { placeTooltip, TOOLTIP_MAX_CHARS } from '../model/tooltip';
import { clip } from '../model/labels';

export interface TimelineViewEvents {
  onWindow(window: Window): void;
  onSelect(eventId: number): void;
  /** Move the selection to the previous/next event in time. */
  onStep(delta: number): void;
  onFit(): void;
  onOpenRaw(): void;
}

export interface TimelineFrame {
  readonly chains: readonly TimelineChain[];
  readonly layout: LaneLayout;
  readonly window: Window;
  /** Span of the shown chains, for the overview. */
  readonly span: Window;
  readonly selectedEventId: number | null;
  readonly timeZone: string;
}

const KEY_HELP = 'Timeline. Left and Right select the previous or next event, Shift with Left or Right pans, plus and minus zoom, F fits the chains, Enter opens the raw record.';

export class TimelineView {
  readonly element: HTMLElement;
  private readonly canvas: HTMLElement;
  private readonly overview: HTMLElement;
  private readonly empty: HTMLElement;
  private readonly tooltip: HTMLElement;
  private readonly story: StoryPanel;
  private summaries: Map<number, string> | null = null;
  private readonly markers = new MarkerLayer();
  private frame: TimelineFrame | null = null;
  private svgRoot: SVGSVGElement | null = null;
  private drag: { x: number; window: Window; moved: boolean; pointer: number } | null = null;

  constructor(private readonly events: TimelineViewEvents) {
    this.canvas = el('div', { class: 'timeline-canvas', tabindex: 0, role: 'application', 'aria-label': KEY_HELP, 'data-testid': 'timeline' });
    this.overview = el('div', { class: 'overview-host' });
    this.empty = el('p', { class: 'empty', 'data-testid': 'timeline-empty' }, 'Select a chain in the list to see its timeline.');
    this.tooltip = el('div', { class: 'tooltip', role: 'tooltip', 'data-testid': 'timeline-tooltip' });
    this.tooltip.hidden = true;
    this.element = el('section', { class: 'timeline-pane', 'aria-label': 'Timeline', 'data-region': 'timeline' });
    this.story = new StoryPanel((id) => this.events.onSelect(id));
    this.element.append(this.story.element, this.canvas, this.overview, this.empty, this.tooltip);
    this.listen();
    // Re-render on the next frame, not inside the observer: a new SVG can change the canvas's
    // scrollbar, and a resize inside the callback would be a ResizeObserver loop.
    let pending = 0;
    new ResizeObserver(() => {
      if (!pending) pending = requestAnimationFrame(() => { pending = 0; if (this.frame) this.render(this.frame); });
    }).observe(this.canvas);
  }

  /** Label widths in the font the SVG draws them with (11 px of the workbench font), cached. */
  private readonly measure = textMeasure();

  /** The SVG on screen, for export. */
  svgElement(): SVGSVGElement | null {
    return this.svgRoot;
  }

  width(): number {
    return Math.max(this.canvas.clientWidth, GEOMETRY.gutter + 200);
  }

  focus(): void {
    this.canvas.focus();
  }

  render(frame: TimelineFrame): void {
    if (frame.layout !== this.frame?.layout) this.summaries = null;
    this.frame = frame;
    const hasEvents = frame.layout.placements.length > 0;
    this.story.update(storyChain(frame));
    this.empty.hidden = hasEvents;
    this.canvas.hidden = !hasEvents;
    this.overview.hidden = !hasEvents;
    if (!hasEvents) return;
    const width = this.width();
    const scene = buildScene({ chains: frame.chains, layout: frame.layout, window: frame.window, width, height: this.canvas.clientHeight, selectedEventId: frame.selectedEventId, timeZone: frame.timeZone, measure: this.measure });
    const label = `Timeline of ${frame.chains.length} chain${frame.chains.length === 1 ? '' : 's'}, ${frame.layout.placements.length} events, ${frame.layout.lanes.length} lanes`;
    const markerLayer = this.markers.update(frame.layout, scene, frame.selectedEventId);
    this.svgRoot = renderTimelineSvg(miniDocument(), scene, label, markerLayer as unknown as MiniElement) as unknown as SVGSVGElement;
    this.canvas.replaceChildren(this.svgRoot);
    const marks = frame.layout.placements.map((p) => ({ ts: p.event.ts, step: p.stepIndex }));
    this.overview.replaceChildren(renderOverviewSvg(miniDocument(), { width, span: frame.span, window: frame.window, marks, timeZone: frame.timeZone }) as unknown as SVGSVGElement);
  }

  private plotWidth(): number {
    return this.width() - GEOMETRY.gutter;
  }

  private listen(): void {
    const c = this.canvas;
    c.addEventListener('wheel', (e) => {
      if (!this.frame) return;
      e.preventDefault();
      const horizontal = e.shiftKey || Math.abs(e.deltaX) > Math.abs(e.deltaY);
      if (horizontal) {
        this.events.onWindow(panBy(this.frame.window, (e.shiftKey ? e.deltaY : e.deltaX) / this.plotWidth()));
      } else {
        const anchor = Math.min(1, Math.max(0, (localX(c, e) - GEOMETRY.gutter) / this.plotWidth()));
        this.events.onWindow(zoomAt(this.frame.window, Math.exp(e.deltaY * 0.002), anchor));
      }
    }, { passive: false });

    c.addEventListener('pointerdown', (e) => {
      if (!this.frame || e.button !== 0) return;
      this.drag = { x: e.clientX, window: this.frame.window, moved: false, pointer: e.pointerId };
    });
    c.addEventListener('pointermove', (e) => {
      const d = this.drag;
      if (!d || !this.svgRoot) return;
      const dx = e.clientX - d.x;
      if (!d.moved && Math.abs(dx) < 3) return;
      if (!d.moved) { d.moved = true; c.setPointerCapture(d.pointer); c.classList.add('dragging'); }
      // Translate what is drawn now; the real re-render happens when the drag ends.
      this.svgRoot.querySelector('.plot')?.setAttribute('transform', `translate(${dx},0)`);
    });
    const end = (e: PointerEvent) => {
      const d = this.drag;
      this.drag = null;
      c.classList.remove('dragging');
      if (!d || !this.frame) return;
      if (d.moved) {
        this.events.onWindow(panBy(d.window, -(e.clientX - d.x) / this.plotWidth()));
        return;
      }
      const target = (e.target as Element).closest?.('[data-event-id]');
      if (target) {
        this.events.onSelect(Number(target.getAttribute('data-event-id')));
        c.focus();
      }
    };
    c.addEventListener('pointerup', end);
    c.addEventListener('pointercancel', end);

    c.addEventListener('keydown', (e) => {
      if (!this.frame) return;
      const w = this.frame.window;
      const handled = (() => {
        switch (e.key) {
          case '+': case '=': this.events.onWindow(zoomAt(w, 0.7)); return true;
          case '-': case '_': this.events.onWindow(zoomAt(w, 1 / 0.7)); return true;
          case 'ArrowLeft': if (e.shiftKey) this.events.onWindow(panBy(w, -0.15)); else this.events.onStep(-1); return true;
          case 'ArrowRight': if (e.shiftKey) this.events.onWindow(panBy(w, 0.15)); else this.events.onStep(1); return true;
          case 'f': case 'F': case '0': this.events.onFit(); return true;
          case 'Enter': this.events.onOpenRaw(); return true;
          default: return false;
        }
      })();
      if (handled) e.preventDefault();
    });

    c.addEventListener('pointerover', (e) => this.showTooltip(e));
    c.addEventListener('pointerout', () => { this.tooltip.hidden = true; });
    this.listenOverview();
  }

  /** One shared tooltip with the hovered event's summary (as text), instead of 5,000 <title>s. */
  private showTooltip(e: PointerEvent): void {
    const target = (e.target as Element).closest?.('[data-event-id]');
    if (!target || !this.frame || this.drag?.moved) { this.tooltip.hidden = true; return; }
    this.summaries ??= new Map(this.frame.layout.placements.map((p) => [p.event.id, placementText(p)]));
    this.tooltip.textContent = clip(this.summaries.get(Number(target.getAttribute('data-event-id'))) ?? '', TOOLTIP_MAX_CHARS);
    // Shown at the pane's corner first, so its natural size can be measured, then placed.
    this.tooltip.style.left = '0px';
    this.tooltip.style.top = '0px';
    this.tooltip.hidden = false;
    const pane = this.element.getBoundingClientRect();
    const at = placeTooltip({ x: e.clientX - pane.left, y: e.clientY - pane.top }, { width: this.tooltip.offsetWidth, height: this.tooltip.offsetHeight }, { width: pane.width, height: pane.height });
    this.tooltip.style.left = `${at.left}px`;
    this.tooltip.style.top = `${at.top}px`;
  }

  private listenOverview(): void {
    const o = this.overview;
    let start: number | null = null;
    const toTime = (e: PointerEvent) => {
      const f = this.frame!;
      const x = Math.min(Math.max(localX(o, e) - GEOMETRY.gutter, 0), this.plotWidth());
      return f.span.start + (x / this.plotWidth()) * (f.span.end - f.span.start);
    };
    o.addEventListener('pointerdown', (e) => {
      if (!this.frame) return;
      start = toTime(e);
      o.setPointerCapture(e.pointerId);
    });
    o.addEventListener('pointerup', (e) => {
      if (start === null || !this.frame) return;
      const t = toTime(e);
      const w = this.frame.window;
      if (Math.abs(t - start) < (this.frame.span.end - this.frame.span.start) / 200) {
        const half = (w.end - w.start) / 2;
        this.events.onWindow({ start: t - half, end: t + half });
      } else {
        this.events.onWindow({ start: Math.min(start, t), end: Math.max(start, t) });
      }
      start = null;
    });
  }
}

/** Pointer x relative to an element (offsetX is relative to whichever SVG child was hit). */
function localX(element: HTMLElement, e: MouseEvent): number {
  return e.clientX - element.getBoundingClientRect().left;
}

/** Width of a text in the timeline's label font, measured on a canvas; cached per text. */
function textMeasure(): (text: string) => number {
  const context = (document.createElement('canvas') as HTMLCanvasElement).getContext('2d');
  const cache = new Map<string, number>();
  let font = '';
  return (text) => {
    if (!context) return text.length * 6.6;
    if (!font) {
      font = `11px ${getComputedStyle(document.body).getPropertyValue('--vscode-font-family') || 'sans-serif'}`;
      context.font = font;
    }
    let w = cache.get(text);
    if (w === undefined) {
      w = Math.ceil(context.measureText(text).width) + 1;
      if (cache.size > 20_000) cache.clear();
      cache.set(text, w);
    }
    return w;
  };
}

/** The chain whose story is told: the selected event's, or the only one shown. */
function storyChain(frame: TimelineFrame): TimelineChain | null {
  if (frame.selectedEventId !== null) {
    const p = frame.layout.placements.find((x) => x.event.id === frame.selectedEventId);
    if (p) return frame.chains[p.chainIndex] ?? null;
  }
  return frame.chains.length === 1 ? frame.chains[0]! : null;
}
