// The timeline scene: where every axis tick, lane, marker, step connector (with its gap),
// absent step and label goes, for a window of time and a width in px. Pure geometry; the
// SVG renderer only turns a scene into elements. Markers outside the window are culled.

import type { TimelineChain } from '../../../src/protocol/webview';
import type { ChainEvent } from '../../../src/protocol/webview';
import { timeScale, ticks, formatInstant, type Tick } from './timeScale';
import { formatGap } from '../../../src/protocol/webview';
import type { LaneLayout, Placement } from './lanes';
import { placeLabels, clip, DEFAULT_LABEL_OPTIONS } from './labels';
import { stepClass } from './colors';
import type { Window } from './viewport';

export const GEOMETRY = { gutter: 180, axisHeight: 30, laneHeight: 54, markerRadius: 5, labelRow: 13, overview: 28 } as const;

export interface SceneInput {
  readonly chains: readonly TimelineChain[];
  readonly layout: LaneLayout;
  readonly window: Window;
  /** Total width of the SVG in px, gutter included. */
  readonly width: number;
  readonly selectedEventId: number | null;
  readonly timeZone: string;
}

export interface MarkerShape { readonly x: number; readonly y: number; readonly cls: string; readonly selected: boolean; readonly placement: Placement }
export interface ConnectorShape { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly gap: string; readonly cls: string; readonly lane: number }
export interface AbsentShape { readonly x: number; readonly y: number; readonly text: string; readonly cls: string; readonly lane: number }
/** An event's label, or an absent step's (eventId null). */
export interface LabelShape { readonly x: number; readonly y: number; readonly text: string; readonly eventId: number | null }
export interface GapLabelShape { readonly x: number; readonly y: number; readonly text: string }
export interface LaneShape { readonly y: number; readonly label: string; readonly depth: number; readonly host: string; readonly odd: boolean }

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly plotWidth: number;
  /** Epoch ms to px and lane to marker height, for layers kept across renders (all markers). */
  readonly x: (ts: number) => number;
  readonly markerY: (lane: number) => number;
  readonly ticks: readonly Tick[];
  /** The date and zone the tick times are in (ticks below a day show only the time). */
  readonly axisCaption: string;
  readonly lanes: readonly LaneShape[];
  readonly markers: readonly MarkerShape[];
  readonly connectors: readonly ConnectorShape[];
  readonly absent: readonly AbsentShape[];
  readonly labels: readonly LabelShape[];
  /** Gap texts under connectors; one that collides with another is left out. */
  readonly gapLabels: readonly GapLabelShape[];
}

export function buildScene(input: SceneInput): Scene {
  const { gutter, axisHeight, laneHeight, labelRow } = GEOMETRY;
  const plotWidth = Math.max(input.width - gutter, 50);
  const scale = timeScale(input.window.start, input.window.end, plotWidth);
  const x = (ts: number) => gutter + scale.x(ts);
  const laneY = (lane: number) => axisHeight + lane * laneHeight + laneHeight - 14;
  const visible = (px: number) => px >= gutter - 20 && px <= input.width + 20;

  const markers: MarkerShape[] = [];
  for (const p of input.layout.placements) {
    const px = x(p.event.ts);
    if (!visible(px)) continue;
    markers.push({ x: px, y: laneY(p.lane), cls: stepClass(p.stepIndex), selected: p.event.id === input.selectedEventId, placement: p });
  }

  const { connectors, absent } = stepLinks(input, x, laneY, visible);

  // Labels go in the rows above the markers: absent steps and the selected event first, then
  // the others in x order. Gap labels have the band under the connectors to themselves.
  const maxX = input.width - 4;
  const requests = [
    ...absent.map((a) => ({ x: a.x + 8, lane: a.lane, text: a.text, priority: 1, maxX })),
    ...markers.map((m) => ({ x: m.x + 8, lane: m.placement.lane, text: m.placement.event.summary, priority: m.selected ? 1 : 0, maxX })),
  ];
  const rowY = (lane: number, row: number) => laneY(lane) - 9 - row * labelRow;
  const labels: LabelShape[] = placeLabels(requests).map((l) => {
    const a = l.request < absent.length ? absent[l.request] : null;
    const m = a ? null : markers[l.request - absent.length];
    const text = a ? a.text : m!.placement.event.summary;
    return { x: l.x, y: rowY(requests[l.request].lane, l.row), text: clip(text, DEFAULT_LABEL_OPTIONS.maxChars), eventId: m ? m.placement.event.id : null };
  });
  const { charWidth } = DEFAULT_LABEL_OPTIONS;
  // Centred under the connector's run, or just right of its drop when the run is too short.
  const gapRequests = connectors.map((c) => {
    const width = c.gap.length * charWidth;
    const x = Math.abs(c.x2 - c.x1) >= width + 8 ? (c.x1 + c.x2) / 2 - width / 2 : Math.max(c.x1, c.x2) + 6;
    return { x, lane: c.lane, text: c.gap };
  });
  const gapLabels = placeLabels(gapRequests, { ...DEFAULT_LABEL_OPTIONS, rows: 1 }).map((l) => ({ x: l.x, y: connectors[l.request].y1 + 12, text: connectors[l.request].gap }));

  return {
    width: input.width,
    height: axisHeight + input.layout.lanes.length * laneHeight + 8,
    plotWidth,
    x,
    markerY: laneY,
    // A tick whose label would be cut by the right edge keeps its line but not its label.
    ticks: ticks(scale, 110, input.timeZone).map((t) => ({ ...t, x: t.x + gutter }))
      .map((t) => (t.x + 3 + t.label.length * charWidth > input.width - 2 ? { ...t, label: '' } : t)),
    axisCaption: `${formatInstant(input.window.start, input.timeZone).slice(0, 10)} ${input.timeZone}`,
    lanes: input.layout.lanes.map((l) => ({ y: axisHeight + l.index * laneHeight, label: l.label, depth: l.depth, host: l.host, odd: l.index % 2 === 1 })),
    markers,
    connectors,
    absent,
    labels,
    gapLabels,
  };
}

/** Connect each chain's consecutive observed steps and place its absent steps between them. */
function stepLinks(input: SceneInput, x: (ts: number) => number, laneY: (lane: number) => number, visible: (px: number) => boolean) {
  const connectors: ConnectorShape[] = [];
  const absent: AbsentShape[] = [];
  const laneOfEvent = new Map<string, number>();
  for (const p of input.layout.placements) laneOfEvent.set(`${p.chainIndex}:${p.event.id}`, p.lane);

  input.chains.forEach((tc, chainIndex) => {
    const steps = tc.chain.steps;
    const ends = steps.map((s) => (s.events.length ? bounds(s.events) : null));
    const lane = (e: ChainEvent) => laneOfEvent.get(`${chainIndex}:${e.id}`) ?? 0;
    let previous = -1;
    steps.forEach((_step, i) => {
      const here = ends[i];
      if (!here) return;
      if (previous >= 0) {
        const to = here.first;
        const from = lastNotAfter(steps[previous].events, to.ts) ?? ends[previous]!.first;
        const x1 = x(from.ts);
        const x2 = x(to.ts);
        if (visible(x1) || visible(x2) || (x1 < x2 && x1 < input.width && x2 > 0)) {
          connectors.push({ x1, y1: laneY(lane(from)), x2, y2: laneY(lane(to)), gap: formatGap(to.ts - from.ts), cls: stepClass(i), lane: lane(from) });
        }
      }
      previous = i;
    });
    steps.forEach((step, i) => {
      if (ends[i]) return;
      const before = ends.slice(0, i).reverse().find((b) => b);
      const after = ends.slice(i + 1).find((b) => b);
      const anchor = before?.last ?? after?.first;
      if (!anchor) return;
      const ax = before && after ? (x(before.last.ts) + x(after.first.ts)) / 2 : x(anchor.ts) + (before ? 28 : -28);
      if (!visible(ax)) return;
      absent.push({ x: ax, y: laneY(lane(anchor)), text: `${step.name} (not observed)`, cls: stepClass(i), lane: lane(anchor) });
    });
  });
  return { connectors, absent };
}

/**
 * The connector starts at the previous step's latest event that is not later than the next
 * step's first (logs of second precision can put a step's other events after it), so the gap
 * shown is never negative when the data allows.
 */
function lastNotAfter(events: readonly ChainEvent[], ts: number): ChainEvent | undefined {
  let best: ChainEvent | undefined;
  for (const e of events) if (e.ts <= ts && (!best || e.ts >= best.ts)) best = e;
  return best;
}

function bounds(events: readonly ChainEvent[]): { first: ChainEvent; last: ChainEvent } {
  let first = events[0];
  let last = events[0];
  for (const e of events) {
    if (e.ts < first.ts) first = e;
    if (e.ts >= last.ts) last = e;
  }
  return { first, last };
}

/** The time span of a set of chains, or null when they hold no event. */
export function chainsSpan(chains: readonly TimelineChain[]): { start: number; end: number } | null {
  let start = Infinity;
  let end = -Infinity;
  for (const tc of chains) for (const s of tc.chain.steps) for (const e of s.events) {
    if (e.ts < start) start = e.ts;
    if (e.ts > end) end = e.ts;
  }
  return start <= end ? { start, end } : null;
}
