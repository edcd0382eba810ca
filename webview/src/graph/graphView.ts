// The estate graph page: hosts as boxes, chains as arrows labelled with what found them, when
// and how; a click (or Enter) on an arrow opens its chains as a timeline. Redrawn on resize.
// Host names and addresses come from logs: they land in text nodes and titles only.

import type { GraphMessage, GraphToHost, HostToGraph } from '../../../src/protocol/graph';
import type { Transport } from '../transport';
import { formatInstant, isValidTimeZone } from '../model/timeScale';
import { el, svg } from '../ui/el';
import { edgeLabel, layoutGraph } from './layout';

export class GraphView {
  private readonly canvas: HTMLElement;
  private readonly heading: HTMLElement;
  private readonly status: HTMLElement;
  private message: GraphMessage | null = null;
  private readonly measure = labelMeasure();

  constructor(private readonly transport: Transport<HostToGraph, GraphToHost>, root: HTMLElement) {
    this.heading = el('h1', { class: 'title', 'data-testid': 'graph-title' }, 'Estate graph');
    this.status = el('p', { class: 'status', role: 'status', 'data-testid': 'graph-status' });
    this.canvas = el('div', { class: 'graph-canvas', 'data-region': 'graph', 'data-testid': 'graph' });
    root.append(this.heading, this.canvas, this.status);
    transport.onMessage((m) => { if (m.type === 'graph') { this.message = m; this.draw(); } });
    let pending = 0;
    new ResizeObserver(() => { if (!pending) pending = requestAnimationFrame(() => { pending = 0; this.draw(); }); }).observe(this.canvas);
    transport.post({ type: 'ready' });
  }

  private draw(): void {
    const m = this.message;
    if (!m) return;
    this.heading.textContent = m.title;
    const zone = m.timeZone === 'local' ? Intl.DateTimeFormat().resolvedOptions().timeZone : isValidTimeZone(m.timeZone) ? m.timeZone : 'UTC';
    const labels = m.graph.edges.map((e) => edgeLabel(e, formatInstant(e.first, zone).slice(0, 19)));
    const size = { width: Math.max(this.canvas.clientWidth, 300), height: Math.max(this.canvas.clientHeight, 200) };
    const layout = layoutGraph(m.graph, labels, size, this.measure);
    const root = svg('svg', { class: 'graph', width: layout.width, height: layout.height, viewBox: `0 0 ${layout.width} ${layout.height}`, role: 'img', 'aria-label': `${m.graph.nodes.length} hosts, ${m.graph.edges.length} arrows`, 'data-testid': 'graph-svg' });
    const arrows = svg('g', { class: 'edges' });
    for (const e of layout.edges) {
      const edge = m.graph.edges[e.index]!;
      const g = svg('g', { class: `edge sev-${m.chains[edge.chains[0]!]?.severity ?? 'medium'}`, tabindex: 0, role: 'button', 'aria-label': `${edge.from} to ${edge.to}: ${e.full}. Open its timeline`, 'data-testid': 'graph-edge', 'data-from': edge.from, 'data-to': edge.to });
      g.appendChild(svg('title', undefined, `${edge.from} → ${edge.to}\n${e.full}\nClick to open the timeline`));
      g.appendChild(svg('path', { class: 'edge-hit', d: e.path }));
      g.appendChild(svg('path', { class: 'edge-line', d: e.path }));
      g.appendChild(svg('path', { class: 'edge-head', d: e.head }));
      if (e.label) g.appendChild(svg('text', { class: 'edge-label', x: e.label.x, y: e.label.y }, e.label.text));
      const open = () => this.transport.post({ type: 'openChains', chains: edge.chains });
      g.addEventListener('click', open);
      g.addEventListener('keydown', (k) => { if (k.key === 'Enter' || k.key === ' ') { k.preventDefault(); open(); } });
      arrows.appendChild(g);
    }
    const boxes = svg('g', { class: 'nodes' });
    for (const n of layout.nodes) {
      const g = svg('g', { class: `node${n.host ? '' : ' address'}`, 'data-testid': 'graph-node', 'data-node': n.id });
      g.appendChild(svg('rect', { x: n.x, y: n.y, width: n.width, height: n.height, rx: 4 }));
      const label = svg('text', { class: 'node-label', x: n.x + n.width / 2, y: n.y + (n.note ? 17 : 24), 'text-anchor': 'middle' }, n.label);
      if (n.label !== n.full) label.appendChild(svg('title', undefined, n.full));
      g.appendChild(label);
      if (n.note) g.appendChild(svg('text', { class: 'node-note', x: n.x + n.width / 2, y: n.y + 32, 'text-anchor': 'middle', 'data-label': 'note' }, n.note));
      boxes.appendChild(g);
    }
    root.append(arrows, boxes);
    this.canvas.replaceChildren(root);
    this.status.textContent = m.graph.edges.length ? 'Click an arrow to open its chains as a timeline.' : 'No chain moved between hosts: each stayed on its host.';
  }
}

/** Width of a label in the graph's 12 px font, measured on a canvas. */
function labelMeasure(): (text: string) => number {
  const context = (document.createElement('canvas') as HTMLCanvasElement).getContext('2d');
  let font = '';
  return (text) => {
    if (!context) return text.length * 7.2;
    if (!font) context.font = (font = `12px ${getComputedStyle(document.body).getPropertyValue('--vscode-font-family') || 'sans-serif'}`);
    return Math.ceil(context.measureText(text).width) + 2;
  };
}
