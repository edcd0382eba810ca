// Where the estate graph's nodes, arrows and labels go, for a pane of a given size. Nodes are
// in columns by how far along the movement they are (a host reached from another sits right
// of it; arrows back in time bend over the top), in each column by first activity. Arrows are
// curves from node edge to node edge with an arrowhead; each arrow's label is measured and
// placed near the curve's middle where it intersects no node and no other label (cut, or left
// to the arrow's tooltip, when there is no such place). Pure: tested without a DOM.

import type { EstateEdge, EstateGraph } from '../../../src/protocol/graph';
import { cut } from '../model/labels';

export interface Box { readonly x: number; readonly y: number; readonly width: number; readonly height: number }

export interface NodeShape extends Box { readonly id: string; readonly label: string; readonly full: string; readonly host: boolean; readonly note: string | null }
export interface EdgeShape {
  readonly index: number;
  readonly path: string;
  readonly head: string;
  readonly label: { readonly x: number; readonly y: number; readonly text: string } | null;
  /** The whole label text (the arrow's tooltip). */
  readonly full: string;
}

export interface GraphLayout {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly NodeShape[];
  readonly edges: readonly EdgeShape[];
}

export const NODE = { width: 150, height: 40, margin: 24 } as const;
const LABEL_HEIGHT = 14;

/** Column of each node: the longest chain of arrows forward in time that reaches it. */
function ranks(graph: EstateGraph): Map<string, number> {
  const first = new Map(graph.nodes.map((n) => [n.id, n.first]));
  const rank = new Map(graph.nodes.map((n) => [n.id, 0]));
  const forward = graph.edges.filter((e) => (first.get(e.from) ?? 0) <= (first.get(e.to) ?? 0) && e.from !== e.to);
  for (let round = 0; round < graph.nodes.length; round++) {
    let changed = false;
    for (const e of forward) {
      const r = (rank.get(e.from) ?? 0) + 1;
      if (r > (rank.get(e.to) ?? 0)) { rank.set(e.to, r); changed = true; }
    }
    if (!changed) break;
  }
  return rank;
}

function intersects(a: Box, b: Box): boolean {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

export function layoutGraph(graph: EstateGraph, labels: readonly string[], size: { width: number; height: number }, measure: (text: string) => number): GraphLayout {
  const rank = ranks(graph);
  const columns = Math.max(0, ...rank.values()) + 1;
  const byColumn = Array.from({ length: columns }, (_, c) => graph.nodes.filter((n) => rank.get(n.id) === c));
  const tallest = Math.max(1, ...byColumn.map((c) => c.length));
  const width = Math.max(size.width, columns * (NODE.width + 120));
  const height = Math.max(size.height, tallest * (NODE.height + 70) + 60);
  const step = columns > 1 ? (width - 2 * NODE.margin - NODE.width) / (columns - 1) : 0;
  const nodes = new Map<string, NodeShape>();
  byColumn.forEach((column, c) => {
    const gap = height / (column.length + 1);
    column.forEach((n, i) => {
      const x = columns > 1 ? NODE.margin + c * step : (width - NODE.width) / 2;
      const y = Math.round(gap * (i + 1) - NODE.height / 2);
      const note = n.local.length ? `${n.local.length} chain${n.local.length === 1 ? '' : 's'} here` : null;
      nodes.set(n.id, { id: n.id, x, y, width: NODE.width, height: NODE.height, label: cut(n.id, NODE.width - 16, measure) || n.id.slice(0, 1), full: n.id, host: n.host, note });
    });
  });
  const taken: Box[] = [...nodes.values()];
  const pairs = new Map<string, number>();
  const edges = graph.edges.map((e, index): EdgeShape => {
    const a = nodes.get(e.from)!;
    const b = nodes.get(e.to)!;
    // A second arrow between the same two nodes (the other way) bends the other side.
    const pair = [e.from, e.to].sort().join('\u0000');
    const nth = pairs.get(pair) ?? 0;
    pairs.set(pair, nth + 1);
    const { path, head, mid } = curve(a, b, nth);
    const full = labels[index] ?? '';
    return { index, path, head, label: placeLabel(full, mid, taken, measure, { width, height }), full };
  });
  return { width, height, nodes: [...nodes.values()], edges };
}

/** From the right of `a` to the left of `b` (or over the top when `b` is not right of `a`). */
function curve(a: Box, b: Box, nth: number): { path: string; head: string; mid: { x: number; y: number } } {
  const forward = b.x > a.x + a.width;
  const start = forward ? { x: a.x + a.width, y: a.y + a.height / 2 } : { x: a.x + a.width / 2, y: a.y };
  const end = forward ? { x: b.x, y: b.y + b.height / 2 } : { x: b.x + b.width / 2, y: b.y };
  const bend = (nth % 2 ? 1 : -1) * (nth ? 40 : 0);
  const lift = forward ? bend : -60 - Math.abs(end.x - start.x) / 6 + bend;
  const c1 = forward ? { x: start.x + (end.x - start.x) / 2, y: start.y + lift } : { x: start.x, y: start.y + lift };
  const c2 = forward ? { x: start.x + (end.x - start.x) / 2, y: end.y + lift } : { x: end.x, y: end.y + lift };
  const at = (t: number) => {
    const u = 1 - t;
    return { x: u * u * u * start.x + 3 * u * u * t * c1.x + 3 * u * t * t * c2.x + t * t * t * end.x, y: u * u * u * start.y + 3 * u * u * t * c1.y + 3 * u * t * t * c2.y + t * t * t * end.y };
  };
  // Arrowhead along the curve's last tangent (end minus second control point).
  const dx = end.x - c2.x;
  const dy = end.y - c2.y;
  const len = Math.hypot(dx, dy) || 1;
  const [ux, uy] = [dx / len, dy / len];
  const p = (along: number, across: number) => `${round(end.x - ux * along - uy * across)},${round(end.y - uy * along + ux * across)}`;
  return {
    path: `M${round(start.x)},${round(start.y)} C${round(c1.x)},${round(c1.y)} ${round(c2.x)},${round(c2.y)} ${round(end.x)},${round(end.y)}`,
    head: `M${round(end.x)},${round(end.y)} L${p(9, 4.5)} L${p(9, -4.5)} Z`,
    mid: at(0.5),
  };
}

function round(n: number): number {
  return Math.round(n * 10) / 10;
}

/** Near the curve's middle, above then below it, where it meets no node or label; cut when only a narrow place is free. */
function placeLabel(text: string, mid: { x: number; y: number }, taken: Box[], measure: (t: string) => number, area: { width: number; height: number }) {
  if (!text) return null;
  for (const shown of [text, cut(text, 200, measure), cut(text, 110, measure)]) {
    if (!shown) continue;
    const w = measure(shown);
    for (const dy of [-10, 12, -26, 28, -42, 44]) {
      const box = { x: Math.round(mid.x - w / 2), y: Math.round(mid.y + dy - LABEL_HEIGHT + 3), width: w, height: LABEL_HEIGHT };
      if (box.x < 2 || box.x + w > area.width - 2 || box.y < 2 || box.y + box.height > area.height - 2) continue;
      if (taken.some((t) => intersects(box, t))) continue;
      taken.push(box);
      return { x: box.x, y: box.y + LABEL_HEIGHT - 3, text: shown };
    }
  }
  return null;
}

/** An arrow's label: the analytics, when (first chain) and how, and how many chains. */
export function edgeLabel(edge: EstateEdge, when: string): string {
  const how = edge.how.length ? ` · ${edge.how.join(', ')}` : '';
  const more = edge.chains.length > 1 ? ` · ${edge.chains.length} chains` : '';
  return `${edge.analytics.join(', ')} · ${when}${how}${more}`;
}
