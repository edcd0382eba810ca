// Layout checks on a webview page (the timeline, the estate graph), read from the DOM the way
// a user sees it: labels whose boxes intersect, text cut by the edge of its panel, a page or
// panel wider than the window, a tooltip squeezed or outside its pane. Shared by the e2e suite
// (in code-server) and the browser unit test (the bundle under a fake host). The page code is
// passed as text: these files are type-checked without the DOM library.
import type { Frame, Page } from 'playwright-core';

export interface LayoutReport {
  readonly labels: number;
  /** Pairs of label texts whose boxes intersect. */
  readonly overlaps: readonly string[];
  /** Labels that reach outside their SVG or panel. */
  readonly clipped: readonly string[];
  /** Regions wider or taller than the window, or the page scrolling as a whole. */
  readonly overflow: readonly string[];
}

/**
 * Labels are the SVG texts of the view (`[data-label]`, and the known label classes); every
 * pair must be apart, and every one inside the visible part of its SVG and the window.
 */
const LAYOUT = `(() => {
  const W = window.innerWidth, H = window.innerHeight;
  const sel = 'svg [data-label], svg text.event-label, svg text.absent-label, svg text.gap-label, svg text.tick-label, svg text.lane-label, svg text.axis-caption, svg text.link-label, svg text.node-label, svg text.edge-label, svg text.overview-tick, svg text.overview-caption';
  const texts = [...document.querySelectorAll(sel)].filter((t) => t.getClientRects().length && t.textContent);
  const box = (e) => e.getBoundingClientRect();
  const name = (e) => JSON.stringify((e.textContent || '').slice(0, 40));
  const overlaps = [];
  const boxes = texts.map(box);
  for (let i = 0; i < texts.length; i++) for (let j = i + 1; j < texts.length; j++) {
    const a = boxes[i], b = boxes[j];
    // A pixel of antialiasing overlap is not an overlap a user sees.
    if (a.left < b.right - 1 && b.left < a.right - 1 && a.top < b.bottom - 1 && b.top < a.bottom - 1) overlaps.push(name(texts[i]) + ' x ' + name(texts[j]));
  }
  const clipped = [];
  texts.forEach((t, i) => {
    const b = boxes[i];
    const host = t.ownerSVGElement.parentElement;
    const v = host.getBoundingClientRect();
    const s = t.ownerSVGElement.getBoundingClientRect();
    const left = Math.max(v.left, s.left, 0), right = Math.min(v.right, s.right, W);
    const top = Math.max(s.top, 0), bottom = Math.min(s.bottom, H);
    // Labels scrolled out of a scrolling region are not clipped, only hidden: skip them.
    if (b.bottom < v.top || b.top > v.bottom) return;
    if (b.left < left - 1 || b.right > right + 1 || b.top < top - 1 || b.bottom > bottom + 1) clipped.push(name(t) + ' ' + Math.round(b.left) + '..' + Math.round(b.right) + ' in ' + Math.round(left) + '..' + Math.round(right));
  });
  const overflow = [];
  const root = document.documentElement;
  if (root.scrollWidth > W + 1) overflow.push('page scrollWidth ' + root.scrollWidth + ' > ' + W);
  if (root.scrollHeight > H + 1) overflow.push('page scrollHeight ' + root.scrollHeight + ' > ' + H);
  for (const region of document.querySelectorAll('[data-region]')) {
    const r = region.getBoundingClientRect();
    if (r.right > W + 1 || r.left < -1) overflow.push(region.getAttribute('data-region') + ' spans ' + Math.round(r.left) + '..' + Math.round(r.right) + ' of ' + W);
    if (region.scrollWidth > region.clientWidth + 1) overflow.push(region.getAttribute('data-region') + ' content ' + region.scrollWidth + ' wider than ' + region.clientWidth);
  }
  for (const svg of document.querySelectorAll('svg.timeline, svg.overview, svg.graph')) {
    const host = svg.parentElement.getBoundingClientRect();
    const s = svg.getBoundingClientRect();
    if (s.width > host.width + 1) overflow.push(svg.getAttribute('class') + ' ' + Math.round(s.width) + ' px wide in ' + Math.round(host.width));
  }
  return { labels: texts.length, overlaps, clipped, overflow };
})()`;

export async function layoutReport(where: Page | Frame): Promise<LayoutReport> {
  return (await where.evaluate(LAYOUT)) as LayoutReport;
}

export interface TooltipReport {
  readonly visible: boolean;
  readonly width: number;
  readonly height: number;
  /** The tooltip lies wholly inside its pane. */
  readonly inside: boolean;
  /** It reaches over the side panel. */
  readonly overDetails: boolean;
}

const TOOLTIP = `(() => {
  const tip = document.querySelector('[data-testid=timeline-tooltip]');
  const pane = tip.parentElement.getBoundingClientRect();
  const t = tip.getBoundingClientRect();
  const details = document.querySelector('[data-testid=details]');
  const d = details ? details.getBoundingClientRect() : null;
  return {
    visible: !tip.hidden && t.width > 0,
    width: t.width, height: t.height,
    inside: t.left >= pane.left - 1 && t.right <= pane.right + 1 && t.top >= pane.top - 1 && t.bottom <= pane.bottom + 1,
    overDetails: !!d && d.width > 0 && t.right > d.left + 1,
  };
})()`;

export async function tooltipReport(where: Page | Frame): Promise<TooltipReport> {
  return (await where.evaluate(TOOLTIP)) as TooltipReport;
}

/** Where an element's box is now (to prove a button does not move). */
export async function boxOf(where: Page | Frame, selector: string): Promise<{ x: number; y: number; width: number; height: number }> {
  return (await where.evaluate(`(() => { const r = document.querySelector(${JSON.stringify(selector)}).getBoundingClientRect(); return { x: r.x, y: r.y, width: r.width, height: r.height }; })()`)) as { x: number; y: number; width: number; height: number };
}
