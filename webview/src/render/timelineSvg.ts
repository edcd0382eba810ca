// Turns a scene into one SVG element: axis, lane bands and headers, step connectors with
// their gaps, absent steps, markers (all in one group) and labels. Log text only ever lands
// in text nodes and attribute values. Markers carry `data-event-id` for event delegation
// (selection, and the tooltip that shows the event's summary).

import type { Scene } from '../model/scene';
import { GEOMETRY } from '../model/scene';
import { glyphPath } from '../model/glyphs';
import { stepClass } from '../model/colors';
import { svg, type MiniDocument, type MiniElement } from './dom';

/** `markerLayer` lets a caller keep one marker group across renders (see ui/markerLayer.ts). */
export function renderTimelineSvg(doc: MiniDocument, scene: Scene, ariaLabel: string, markerLayer?: MiniElement): MiniElement {
  const root = svg(doc, 'svg', {
    xmlns: 'http://www.w3.org/2000/svg', class: 'timeline', width: scene.width, height: scene.height,
    viewBox: `0 0 ${scene.width} ${scene.height}`, role: 'img', 'aria-label': ariaLabel, 'data-testid': 'timeline-svg',
  });
  root.appendChild(lanes(doc, scene));
  // Everything that moves with time sits in one group, so a drag can translate it cheaply.
  const plot = svg(doc, 'g', { class: 'plot', 'data-testid': 'plot' });
  plot.appendChild(axis(doc, scene));
  plot.appendChild(connectors(doc, scene));
  plot.appendChild(absentSteps(doc, scene));
  plot.appendChild(markerLayer ?? markers(doc, scene));
  plot.appendChild(labels(doc, scene));
  root.appendChild(plot);
  root.appendChild(laneHeaders(doc, scene));
  return root;
}

function axis(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'axis', 'data-testid': 'time-axis' });
  for (const t of scene.ticks) {
    g.appendChild(svg(doc, 'line', { class: 'tick', x1: t.x, x2: t.x, y1: GEOMETRY.axisHeight - 6, y2: scene.height }));
    if (t.label) g.appendChild(svg(doc, 'text', { class: 'tick-label', x: t.x + 3, y: GEOMETRY.axisHeight - 10 }, t.label));
  }
  return g;
}

function lanes(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'lanes' });
  for (const l of scene.lanes) {
    g.appendChild(svg(doc, 'rect', { class: `lane${l.odd ? ' odd' : ''}${l.depth === 0 ? ' host' : ''}`, x: 0, y: l.y, width: scene.width, height: l.height }));
  }
  return g;
}

/** Lane names in the gutter, process lanes as a tree under their parent (an elbow from it). */
function laneHeaders(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'lane-headers' });
  g.appendChild(svg(doc, 'rect', { class: 'gutter', x: 0, y: 0, width: GEOMETRY.gutter - 4, height: scene.height }));
  g.appendChild(svg(doc, 'text', { class: 'axis-caption', x: 8, y: GEOMETRY.axisHeight - 10, 'data-testid': 'axis-caption' }, scene.axisCaption));
  for (const l of scene.lanes) {
    const y = l.labelY;
    if (l.parentY !== null) {
      const x = 8 + (l.depth - 1) * 12 + 4;
      g.appendChild(svg(doc, 'path', { class: 'lineage', d: `M${x},${l.parentY + 6} V${y - 4} H${x + 6}` }));
    }
    const text = svg(doc, 'text', {
      class: `lane-label${l.depth === 0 ? ' host' : ''}`, x: 8 + l.depth * 12 + (l.depth ? 4 : 0), y,
      'data-testid': l.depth === 0 ? `lane-${l.host}` : null,
    }, l.depth === 0 ? l.label : l.label.replace(/^↳ /, ''));
    if (l.label !== l.full) text.appendChild(svg(doc, 'title', undefined, l.full));
    g.appendChild(text);
  }
  return g;
}

function connectors(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'connectors' });
  // Along the source lane at marker height, then straight to the target lane: the line never
  // crosses the label rows above the markers, and absent steps sit on it.
  for (const c of scene.connectors) {
    g.appendChild(svg(doc, 'path', { class: `connector ${c.cls}`, d: `M${c.x1},${c.y1} H${c.x2} V${c.y2}` }));
  }
  for (const l of scene.gapLabels) {
    const text = svg(doc, 'text', { class: 'gap-label', x: l.x, y: l.y, 'data-testid': 'step-gap' }, l.text);
    if (l.text !== l.full) text.appendChild(svg(doc, 'title', undefined, l.full));
    g.appendChild(text);
  }
  return g;
}

function absentSteps(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'absent-steps' });
  for (const a of scene.absent) {
    const marker = svg(doc, 'path', { class: `absent ${a.cls}`, d: glyphPath(a.step, GEOMETRY.markerRadius + 1), transform: `translate(${a.x},${a.y})`, 'data-testid': 'absent-step' });
    marker.appendChild(svg(doc, 'title', undefined, a.text));
    g.appendChild(marker);
  }
  return g;
}

function markers(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'markers' });
  for (const m of scene.markers) g.appendChild(markerElement(doc, m.placement.event.id, m.step, m.x, m.y, m.selected));
  return g;
}

/**
 * Markers are the bulk of the SVG: few attributes each, the step's glyph (model/glyphs.ts)
 * moved into place, no child nodes (the tooltip is one shared element).
 */
export function markerElement(doc: MiniDocument, eventId: number, step: number, x: number, y: number, selected: boolean): MiniElement {
  return svg(doc, 'path', { class: markerClass(step, selected), d: glyphPath(step, GEOMETRY.markerRadius), transform: markerAt(x, y), 'data-event-id': eventId, 'data-testid': `${step < 0 ? 'sigma' : 'event'}-${eventId}` });
}

export function markerAt(x: number, y: number): string {
  return `translate(${Math.round(x * 10) / 10},${y})`;
}

export function markerClass(step: number, selected: boolean): string {
  return `marker ${stepClass(step)}${selected ? ' selected' : ''}`;
}

function labels(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'labels' });
  for (const l of scene.labels) {
    const text = svg(doc, 'text', l.eventId === null ? { class: 'absent-label', x: l.x, y: l.y } : { class: 'event-label', x: l.x, y: l.y, 'data-event-id': l.eventId }, l.text);
    // Event labels show their whole summary in the shared tooltip; an absent step's in a title.
    if (l.eventId === null && l.text !== l.full) text.appendChild(svg(doc, 'title', undefined, l.full));
    g.appendChild(text);
  }
  return g;
}
