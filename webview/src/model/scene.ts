// The timeline scene: where every axis tick, lane, marker, step link (with its gap and the
// values it carries), absent step and label goes, for a window of time and the pane's size in
// px. Pure geometry; the SVG renderer only turns a scene into elements. Lanes share the pane's
// height (taller lanes get more label rows); markers outside the window are culled; every
// label is measured and placed so no two intersect and none is cut by an edge.

import type { ChainEvent, TimelineChain } from '../../../src/protocol/webview';
import { formatGap } from '../../../src/protocol/webview';
import { timeScale, ticks, formatInstant, type Tick } from './timeScale';
import { placementText, type LaneLayout, type Placement } from './lanes';
import { placeLabels, cut, DEFAULT_LABEL_OPTIONS, estimateWidth } from './labels';
import { stepClass } from './colors';
import type { Window } from './viewport';

export const GEOMETRY = {
  gutter: 190, axisHeight: 30, rowHeight: 14, markerRadius: 5, overview: 44,
  /** Label rows per lane: at least, and at most however tall the pane. */
  minRows: 2, maxRows: 6,
  /** Below the marker: the band of the step links' gap and carried values. */
  linkBand: 22,
  /** A lane never grows taller than this, however few lanes share the pane. */
  maxLaneHeight: 200,
} as const;

export interface SceneInput {
  readonly chains: readonly TimelineChain[];
  readonly layout: LaneLayout;
  readonly window: Window;
  /** Total width of the SVG in px, gutter included. */
  readonly width: number;
  /** Height of the pane in px: lanes share it (the SVG grows beyond it when lanes need more). */
  readonly height?: number;
  readonly selectedEventId: number | null;
  readonly timeZone: string;
  /** Width of a label text in px (the page measures with its font; tests estimate). */
  readonly measure?: (text: string) => number;
}

export interface MarkerShape { readonly x: number; readonly y: number; readonly cls: string; readonly step: number; readonly selected: boolean; readonly placement: Placement }
export interface ConnectorShape { readonly x1: number; readonly y1: number; readonly x2: number; readonly y2: number; readonly gap: string; readonly carried: readonly string[]; readonly cls: string; readonly lane: number }
export interface AbsentShape { readonly x: number; readonly y: number; readonly text: string; readonly cls: string; readonly step: number; readonly lane: number }
/** An event's label, or an absent step's (eventId null); `full` is the whole text when `text` was cut. */
export interface LabelShape { readonly x: number; readonly y: number; readonly text: string; readonly full: string; readonly eventId: number | null }
export interface GapLabelShape { readonly x: number; readonly y: number; readonly text: string; readonly full: string }
export interface LaneShape { readonly y: number; readonly height: number; readonly labelY: number; readonly label: string; readonly full: string; readonly depth: number; readonly host: string; readonly odd: boolean; readonly parentY: number | null }

export interface Scene {
  readonly width: number;
  readonly height: number;
  readonly plotWidth: number;
  readonly laneHeight: number;
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
  /** Gap and carried values under each link; one with no room is left out. */
  readonly gapLabels: readonly GapLabelShape[];
}

/** A lane with no event of its own (a host whose events all sit in its process lanes) is only a header. */
const HEADER_LANE = 24;

/**
 * Rows of labels per lane and each lane's top and height: lanes with events share the pane's
 * height (up to maxLaneHeight each), header lanes take HEADER_LANE.
 */
function laneGeometry(layout: LaneLayout, height: number | undefined): { rows: number; tops: number[]; heights: number[] } {
  const { axisHeight, rowHeight, minRows, maxRows, linkBand, maxLaneHeight } = GEOMETRY;
  const used = new Set(layout.placements.map((p) => p.lane));
  const full = layout.lanes.filter((l) => used.has(l.index)).length;
  const headers = layout.lanes.length - full;
  const base = (rows: number) => 6 + rows * rowHeight + 8 + linkBand;
  const each = height ? (height - axisHeight - 2 - headers * HEADER_LANE) / Math.max(full, 1) : 0;
  const rows = Math.max(minRows, Math.min(maxRows, Math.floor((each - base(0)) / rowHeight)));
  const laneHeight = Math.max(base(rows), Math.min(maxLaneHeight, Math.floor(each)));
  const heights = layout.lanes.map((l) => (used.has(l.index) ? laneHeight : HEADER_LANE));
  const tops: number[] = [];
  heights.reduce((top, h) => { tops.push(top); return top + h; }, axisHeight);
  return { rows, tops, heights };
}

export function buildScene(input: SceneInput): Scene {
  const { gutter, axisHeight, rowHeight, linkBand } = GEOMETRY;
  const measure = input.measure ?? estimateWidth;
  const plotWidth = Math.max(input.width - gutter, 50);
  const scale = timeScale(input.window.start, input.window.end, plotWidth);
  const x = (ts: number) => gutter + scale.x(ts);
  const { rows, tops, heights } = laneGeometry(input.layout, input.height);
  const laneTop = (lane: number) => tops[lane] ?? axisHeight;
  const laneY = (lane: number) => laneTop(lane) + (heights[lane] ?? 0) - linkBand - 8;
  const headerY = (lane: number) => (heights[lane] === HEADER_LANE ? laneTop(lane) + 16 : laneY(lane) + 4);
  const visible = (px: number) => px >= gutter - 20 && px <= input.width + 20;

  const markers: MarkerShape[] = [];
  for (const p of input.layout.placements) {
    const px = x(p.event.ts);
    if (!visible(px)) continue;
    markers.push({ x: px, y: laneY(p.lane), cls: stepClass(p.stepIndex), step: p.stepIndex, selected: p.event.id === input.selectedEventId, placement: p });
  }

  const { connectors, absent } = stepLinks(input, x, laneY, visible);

  // Labels go in the rows above the markers: absent steps and the selected event first, then
  // the others in x order; only markers in the plot get one.
  const bounds = { minX: gutter + 2, maxX: input.width - 4 };
  const inPlot = markers.filter((m) => m.x >= gutter && m.x <= input.width);
  const requests = [
    ...absent.map((a) => ({ x: a.x, lane: a.lane, text: a.text, priority: 1, ...bounds })),
    ...inPlot.map((m) => ({ x: m.x, lane: m.placement.lane, text: placementText(m.placement), priority: m.selected ? 2 : 0, ...bounds })),
  ];
  const rowY = (lane: number, row: number) => laneY(lane) - 10 - row * rowHeight;
  const options = { ...DEFAULT_LABEL_OPTIONS, rows, measure };
  const labels: LabelShape[] = placeLabels(requests, options).map((l) => {
    const a = l.request < absent.length ? absent[l.request] : null;
    const m = a ? null : inPlot[l.request - absent.length];
    return { x: l.x, y: rowY(requests[l.request]!.lane, l.row), text: l.text, full: requests[l.request]!.text, eventId: m ? m.placement.event.id : null };
  });

  // The link band under the markers: the gap and what the step carries over, centred under
  // the link's run, or right of its drop when the run is too short.
  const gapTexts = connectors.map((c) => [c.gap, ...c.carried].join(' · '));
  const gapRequests = connectors.map((c, i) => {
    const width = measure(gapTexts[i]!);
    const start = Math.abs(c.x2 - c.x1) >= width + 8 ? (c.x1 + c.x2) / 2 - width / 2 : Math.max(c.x1, c.x2) + 6;
    return { x: Math.max(start, bounds.minX) - options.offset, lane: c.lane, text: gapTexts[i]!, ...bounds };
  });
  const gapLabels = placeLabels(gapRequests, { ...options, rows: 1 })
    .map((l) => ({ x: l.x, y: connectors[l.request]!.y1 + 19, text: l.text, full: gapTexts[l.request]! }));

  // Tick labels the right edge would cut are left out (their lines stay).
  const tickList = ticks(scale, 110, input.timeZone).map((t) => ({ ...t, x: t.x + gutter }))
    .map((t) => (t.x + 3 + measure(t.label) > input.width - 2 ? { ...t, label: '' } : t));

  const laneShapes = input.layout.lanes.map((l): LaneShape => {
    const indent = 8 + l.depth * 12;
    const text = l.depth === 0 ? l.label : `↳ ${l.label}`;
    const room = gutter - indent - 10;
    const parent = l.depth > 0 ? [...input.layout.lanes.slice(0, l.index)].reverse().find((p) => p.depth === l.depth - 1) : undefined;
    return {
      y: laneTop(l.index), height: heights[l.index]!, labelY: headerY(l.index), label: cut(text, room, measure) || text.slice(0, 1), full: text,
      depth: l.depth, host: l.host, odd: l.index % 2 === 1, parentY: parent ? headerY(parent.index) - 4 : null,
    };
  });

  return {
    width: input.width,
    height: Math.max(input.height ?? 0, heights.reduce((a, b) => a + b, axisHeight) + 2),
    plotWidth,
    laneHeight: Math.max(0, ...heights),
    x,
    markerY: laneY,
    ticks: tickList,
    axisCaption: `${formatInstant(input.window.start, input.timeZone).slice(0, 10)} ${input.timeZone}`,
    lanes: laneShapes,
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
        const from = lastNotAfter(steps[previous]!.events, to.ts) ?? ends[previous]!.first;
        const x1 = x(from.ts);
        const x2 = x(to.ts);
        if (visible(x1) || visible(x2) || (x1 < x2 && x1 < input.width && x2 > 0)) {
          connectors.push({ x1, y1: laneY(lane(from)), x2, y2: laneY(lane(to)), gap: formatGap(to.ts - from.ts), carried: tc.chain.story?.carried[i] ?? [], cls: stepClass(i), lane: lane(from) });
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
      absent.push({ x: ax, y: laneY(lane(anchor)), text: `${step.name} (not observed)`, cls: stepClass(i), step: i, lane: lane(anchor) });
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
  let first = events[0]!;
  let last = events[0]!;
  for (const e of events) {
    if (e.ts < first.ts) first = e;
    if (e.ts >= last.ts) last = e;
  }
  return { first, last };
}

/** The time span of what a layout places (chain events and Sigma detections), or null when empty. */
export function layoutSpan(layout: LaneLayout): { start: number; end: number } | null {
  const times = layout.placements.map((p) => p.event.ts);
  return times.length ? { start: Math.min(...times), end: Math.max(...times) } : null;
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
