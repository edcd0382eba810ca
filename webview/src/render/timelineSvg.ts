// Turns a scene into one SVG element: axis, lane bands and headers, step connectors with
// their gaps, absent steps, markers (all in one group) and labels. Log text only ever lands
// in text nodes and attribute values. Markers carry `data-event-id` for event delegation
// (selection, and the tooltip that shows the event's summary).

import type { Scene } from '../model/scene';
import { GEOMETRY } from '../model/scene';
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
    g.appendChild(svg(doc, 'rect', { class: `lane${l.odd ? ' odd' : ''}${l.depth === 0 ? ' host' : ''}`, x: 0, y: l.y, width: scene.width, height: GEOMETRY.laneHeight }));
  }
  return g;
}

function laneHeaders(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'lane-headers' });
  g.appendChild(svg(doc, 'rect', { class: 'gutter', x: 0, y: 0, width: GEOMETRY.gutter - 4, height: scene.height }));
  g.appendChild(svg(doc, 'text', { class: 'axis-caption', x: 8, y: GEOMETRY.axisHeight - 10, 'data-testid': 'axis-caption' }, scene.axisCaption));
  for (const l of scene.lanes) {
    const text = svg(doc, 'text', {
      class: `lane-label${l.depth === 0 ? ' host' : ''}`, x: 8 + l.depth * 12, y: l.y + GEOMETRY.laneHeight - 10,
      'data-testid': l.depth === 0 ? `lane-${l.host}` : null,
    }, l.depth === 0 ? l.label : `↳ ${l.label}`);
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
  for (const l of scene.gapLabels) g.appendChild(svg(doc, 'text', { class: 'gap-label', x: l.x, y: l.y, 'data-testid': 'step-gap' }, l.text));
  return g;
}

function absentSteps(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'absent-steps' });
  for (const a of scene.absent) {
    const marker = svg(doc, 'circle', { class: `absent ${a.cls}`, cx: a.x, cy: a.y, r: GEOMETRY.markerRadius + 1, 'data-testid': 'absent-step' });
    marker.appendChild(svg(doc, 'title', undefined, a.text));
    g.appendChild(marker);
  }
  return g;
}

function markers(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'markers' });
  for (const m of scene.markers) g.appendChild(markerElement(doc, m.placement.event.id, m.cls, m.x, m.y, m.selected));
  return g;
}

/** Markers are the bulk of the SVG: few attributes each, radius from CSS, no child nodes (the tooltip is one shared element). */
export function markerElement(doc: MiniDocument, eventId: number, cls: string, x: number, y: number, selected: boolean): MiniElement {
  return svg(doc, 'circle', { class: markerClass(cls, selected), cx: x, cy: y, 'data-event-id': eventId, 'data-testid': `event-${eventId}` });
}

export function markerClass(cls: string, selected: boolean): string {
  return `marker ${cls}${selected ? ' selected' : ''}`;
}

function labels(doc: MiniDocument, scene: Scene): MiniElement {
  const g = svg(doc, 'g', { class: 'labels' });
  for (const l of scene.labels) {
    g.appendChild(svg(doc, 'text', l.eventId === null ? { class: 'absent-label', x: l.x, y: l.y } : { class: 'event-label', x: l.x, y: l.y, 'data-event-id': l.eventId }, l.text));
  }
  return g;
}
