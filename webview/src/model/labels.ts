// Label collision avoidance: each marker's label goes in the first of a few rows (above the
// lane) where it does not overlap a label already placed; a label that fits nowhere is
// hidden, and its marker keeps the text as a tooltip. Labels that would cross the plot's
// right edge are moved left to end there. Greedy in x order: O(n * rows).

export interface LabelRequest {
  readonly x: number;
  readonly lane: number;
  readonly text: string;
  /** Higher goes first, so a selected event's label is never the one hidden. */
  readonly priority?: number;
  /** Right edge of the plot: a label that would cross it is moved left to end there. */
  readonly maxX?: number;
}

export interface PlacedLabel {
  readonly request: number;
  readonly row: number;
  readonly x: number;
  readonly width: number;
}

export interface LabelOptions {
  readonly rows: number;
  /** Average glyph width in px; labels are measured by character count (no DOM). */
  readonly charWidth: number;
  readonly maxChars: number;
  readonly gap: number;
}

export const DEFAULT_LABEL_OPTIONS: LabelOptions = { rows: 2, charWidth: 6.6, maxChars: 60, gap: 8 };

export function placeLabels(requests: readonly LabelRequest[], options: LabelOptions = DEFAULT_LABEL_OPTIONS): PlacedLabel[] {
  const order = requests.map((_, i) => i).sort((a, b) =>
    (requests[b].priority ?? 0) - (requests[a].priority ?? 0) || requests[a].x - requests[b].x);
  // Per lane and row: the intervals of prioritised labels (few) and the right end of the
  // last label placed in x order, which is all a later label in x order can overlap.
  const pinned = new Map<string, [number, number][]>();
  const lastEnd = new Map<string, number>();
  const placed: PlacedLabel[] = [];
  for (const i of order) {
    const r = requests[i];
    const width = Math.min(r.text.length, options.maxChars) * options.charWidth;
    const from = r.maxX !== undefined ? Math.min(r.x, r.maxX - width) : r.x;
    const to = from + width + options.gap;
    for (let row = 0; row < options.rows; row++) {
      const key = `${r.lane}:${row}`;
      if ((lastEnd.get(key) ?? -Infinity) > from) continue;
      if (pinned.get(key)?.some(([a, b]) => from < b && a < to)) continue;
      if (r.priority) {
        const spans = pinned.get(key);
        if (spans) spans.push([from, to]);
        else pinned.set(key, [[from, to]]);
      }
      else lastEnd.set(key, to);
      placed.push({ request: i, row, x: from, width });
      break;
    }
  }
  return placed;
}

/** The label text shown on screen, cut to `maxChars` with an ellipsis. */
export function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
