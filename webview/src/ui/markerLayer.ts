// The markers of every shown event, kept across renders: zoom and pan only move them (one
// `cx` per marker) instead of rebuilding thousands of elements, which is what keeps 5,000
// events smooth. Rebuilt when the shown chains (the layout) or the plot size change.

import type { LaneLayout } from '../model/lanes';
import type { Scene } from '../model/scene';
import { markerAt, markerClass, markerElement } from '../render/timelineSvg';
import { miniDocument, svg } from './el';

export class MarkerLayer {
  private layout: LaneLayout | null = null;
  private height = -1;
  private laneHeight = -1;
  private group: SVGGElement | null = null;
  private glyphs: SVGPathElement[] = [];
  private selected: number | null = null;

  /** The marker group for this scene, moved or rebuilt as needed. */
  update(layout: LaneLayout, scene: Scene, selectedEventId: number | null): SVGGElement {
    if (layout !== this.layout || scene.height !== this.height || scene.laneHeight !== this.laneHeight || !this.group) return this.build(layout, scene, selectedEventId);
    const placements = layout.placements;
    for (let i = 0; i < placements.length; i++) this.glyphs[i].setAttribute('transform', markerAt(scene.x(placements[i].event.ts), scene.markerY(placements[i].lane)));
    if (selectedEventId !== this.selected) {
      placements.forEach((p, i) => {
        if (p.event.id === this.selected || p.event.id === selectedEventId) {
          this.glyphs[i].setAttribute('class', markerClass(p.stepIndex, p.event.id === selectedEventId));
        }
      });
      this.selected = selectedEventId;
    }
    return this.group;
  }

  private build(layout: LaneLayout, scene: Scene, selectedEventId: number | null): SVGGElement {
    const doc = miniDocument();
    const group = svg('g', { class: 'markers' }) as SVGGElement;
    this.glyphs = layout.placements.map((p) => {
      const glyph = markerElement(doc, p.event.id, p.stepIndex, scene.x(p.event.ts), scene.markerY(p.lane), p.event.id === selectedEventId) as unknown as SVGPathElement;
      group.appendChild(glyph);
      return glyph;
    });
    this.layout = layout;
    this.height = scene.height;
    this.laneHeight = scene.laneHeight;
    this.group = group;
    this.selected = selectedEventId;
    return group;
  }
}
