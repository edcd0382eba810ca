// The overview strip under the timeline: the whole span of the shown chains, with each
// step's events as stacked bars in the step's color (where in time each step happened, and
// how much), the span's first and last instants, and the brush marking the visible window.

import { svg, type MiniDocument, type MiniElement } from './dom';
import { GEOMETRY } from '../model/scene';
import { formatInstant } from '../model/timeScale';
import { stepClass } from '../model/colors';
import { cut, estimateWidth } from '../model/labels';
import type { Window } from '../model/viewport';

export interface OverviewInput {
  readonly width: number;
  readonly span: Window;
  readonly window: Window;
  /** Every shown event's time and step index. */
  readonly marks: readonly { readonly ts: number; readonly step: number }[];
  readonly timeZone: string;
}

const BIN_PX = 3;
const BAR_TOP = 4;
const BAR_BOTTOM = 26;

/** Per bin, the count of marks of each step. */
export function overviewBins(marks: OverviewInput['marks'], span: Window, plotWidth: number): Map<number, number>[] {
  const bins = Array.from({ length: Math.max(1, Math.floor(plotWidth / BIN_PX)) }, () => new Map<number, number>());
  const k = bins.length / Math.max(span.end - span.start, 1);
  for (const m of marks) {
    const i = Math.min(bins.length - 1, Math.floor((m.ts - span.start) * k));
    if (i < 0) continue;
    bins[i]!.set(m.step, (bins[i]!.get(m.step) ?? 0) + 1);
  }
  return bins;
}

export function renderOverviewSvg(doc: MiniDocument, input: OverviewInput): MiniElement {
  const { gutter } = GEOMETRY;
  const height = GEOMETRY.overview;
  const plotWidth = Math.max(input.width - gutter, 50);
  const root = svg(doc, 'svg', { xmlns: 'http://www.w3.org/2000/svg', class: 'overview', width: input.width, height, role: 'img', 'aria-label': 'Overview of the whole span, each step in its color; drag to choose the visible window', 'data-testid': 'overview-svg' });
  root.appendChild(svg(doc, 'text', { class: 'overview-caption', x: 8, y: 18 }, 'Overview'));
  // The brush first: the bars are drawn over it and stay visible inside the window.
  const k = plotWidth / Math.max(input.span.end - input.span.start, 1);
  const x1 = Math.max(0, (input.window.start - input.span.start) * k);
  const x2 = Math.min(plotWidth, (input.window.end - input.span.start) * k);
  root.appendChild(svg(doc, 'rect', { class: 'brush', x: gutter + x1, y: 1, width: Math.max(2, x2 - x1), height: BAR_BOTTOM + 1, 'data-testid': 'overview-brush' }));
  const bins = overviewBins(input.marks, input.span, plotWidth);
  const max = Math.max(1, ...bins.map((b) => [...b.values()].reduce((n, v) => n + v, 0)));
  const g = svg(doc, 'g', { class: 'density' });
  bins.forEach((bin, i) => {
    let y = BAR_BOTTOM;
    for (const [step, n] of [...bin].sort((a, b) => a[0] - b[0])) {
      const h = Math.max(2, (n / max) * (BAR_BOTTOM - BAR_TOP));
      y -= h;
      g.appendChild(svg(doc, 'rect', { class: `marker ${stepClass(step)}`, x: gutter + i * BIN_PX, y, width: BIN_PX - 1, height: h }));
    }
  });
  root.appendChild(g);
  // The span, in one label under the bars (one label cannot collide with another).
  const from = formatInstant(input.span.start, input.timeZone);
  const to = formatInstant(input.span.end, input.timeZone);
  const spanText = from.slice(0, 10) === to.slice(0, 10) ? `${from.slice(0, 23)} → ${to.slice(11)}` : `${from} → ${to}`;
  root.appendChild(svg(doc, 'text', { class: 'overview-tick', x: gutter, y: height - 5 }, cut(spanText, plotWidth - 4, estimateWidth) || spanText.slice(0, 10)));
  return root;
}
