// The overview strip under the timeline: event density over the whole span of the shown
// chains (one bar per few px) and the brush marking the visible window.

import { svg, type MiniDocument, type MiniElement } from './dom';
import { GEOMETRY } from '../model/scene';
import type { Window } from '../model/viewport';

export interface OverviewInput {
  readonly width: number;
  readonly span: Window;
  readonly window: Window;
  readonly times: readonly number[];
}

const BIN_PX = 3;

export function overviewBins(times: readonly number[], span: Window, plotWidth: number): number[] {
  const bins = new Array<number>(Math.max(1, Math.floor(plotWidth / BIN_PX))).fill(0);
  const k = bins.length / Math.max(span.end - span.start, 1);
  for (const t of times) {
    const i = Math.floor((t - span.start) * k);
    if (i >= 0 && i < bins.length) bins[i]++;
    else if (i === bins.length) bins[i - 1]++;
  }
  return bins;
}

export function renderOverviewSvg(doc: MiniDocument, input: OverviewInput): MiniElement {
  const { gutter } = GEOMETRY;
  const height = GEOMETRY.overview;
  const plotWidth = Math.max(input.width - gutter, 50);
  const root = svg(doc, 'svg', { xmlns: 'http://www.w3.org/2000/svg', class: 'overview', width: input.width, height, role: 'img', 'aria-label': 'Overview of the whole span; drag to choose the visible window', 'data-testid': 'overview-svg' });
  root.appendChild(svg(doc, 'text', { class: 'overview-caption', x: 8, y: height - 10 }, 'Overview'));
  const bins = overviewBins(input.times, input.span, plotWidth);
  const max = Math.max(1, ...bins);
  const g = svg(doc, 'g', { class: 'density' });
  bins.forEach((n, i) => {
    if (!n) return;
    const h = Math.max(2, (n / max) * (height - 6));
    g.appendChild(svg(doc, 'rect', { x: gutter + i * BIN_PX, y: height - 2 - h, width: BIN_PX - 1, height: h }));
  });
  root.appendChild(g);
  const k = plotWidth / Math.max(input.span.end - input.span.start, 1);
  const x1 = Math.max(0, (input.window.start - input.span.start) * k);
  const x2 = Math.min(plotWidth, (input.window.end - input.span.start) * k);
  root.appendChild(svg(doc, 'rect', { class: 'brush', x: gutter + x1, y: 1, width: Math.max(2, x2 - x1), height: height - 2, 'data-testid': 'overview-brush' }));
  return root;
}
