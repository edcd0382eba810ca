// Label placement with collision avoidance: each label goes in the first of a lane's rows
// where it fits whole; where none has room, it is cut with an ellipsis to the widest free
// space among the rows (never below `minWidth`); a label with no such space is left out, and
// its marker keeps the text in the tooltip and the side panel. Labels are measured with the
// real font (the caller's `measure`), so placed boxes never intersect. A label goes right of
// its marker, or left of it where only that side has room (near the plot's right edge).

export interface LabelRequest {
  /** The marker's x: the label starts `offset` px right of it (or ends that far left of it). */
  readonly x: number;
  readonly lane: number;
  readonly text: string;
  /** Higher goes first, so a selected event's label is the last to be cut or left out. */
  readonly priority?: number;
  /** Left and right edges of the plot. */
  readonly minX: number;
  readonly maxX: number;
}

export interface PlacedLabel {
  readonly request: number;
  readonly row: number;
  readonly x: number;
  readonly width: number;
  /** The text shown: the request's, or cut with an ellipsis. */
  readonly text: string;
  readonly truncated: boolean;
}

export interface LabelOptions {
  readonly rows: number;
  /** Width of a text in px, in the font the labels are drawn with. */
  readonly measure: (text: string) => number;
  /** Narrowest cut label worth showing. */
  readonly minWidth: number;
  /** Space kept between labels, and between a marker and its label. */
  readonly gap: number;
  readonly offset: number;
}

/** Character-count estimate of an 11 px UI font: for tests and for SVG export without a DOM. */
export const estimateWidth = (text: string): number => text.length * 6.6;

export const DEFAULT_LABEL_OPTIONS: LabelOptions = { rows: 2, measure: estimateWidth, minWidth: 48, gap: 6, offset: 8 };

/** Free intervals of one row: occupied spans kept sorted by start. */
class Row {
  private readonly spans: [number, number][] = [];

  /** Room from `from` to the next occupied span (or `limit`), or -1 when `from` is occupied. */
  room(from: number, limit: number): number {
    let end = limit;
    for (const [a, b] of this.spans) {
      if (a <= from && from < b) return -1;
      if (a >= from && a < end) end = a;
    }
    return end - from;
  }

  /** Room ending at `to`, back to the previous occupied span (or `limit`), or -1 when `to` is occupied. */
  roomBefore(to: number, limit: number): number {
    let start = limit;
    for (const [a, b] of this.spans) {
      if (a < to && to <= b) return -1;
      if (b <= to && b > start) start = b;
    }
    return to - start;
  }

  add(from: number, to: number): void {
    this.spans.push([from, to]);
    this.spans.sort((p, q) => p[0] - q[0]);
  }
}

export function placeLabels(requests: readonly LabelRequest[], options: LabelOptions = DEFAULT_LABEL_OPTIONS): PlacedLabel[] {
  const order = requests.map((_, i) => i).sort((a, b) => (requests[b]!.priority ?? 0) - (requests[a]!.priority ?? 0) || requests[a]!.x - requests[b]!.x);
  const rows = new Map<string, Row>();
  const rowOf = (lane: number, row: number): Row => {
    const key = `${lane}:${row}`;
    let r = rows.get(key);
    if (!r) rows.set(key, (r = new Row()));
    return r;
  };
  const placed: PlacedLabel[] = [];
  for (const i of order) {
    const r = requests[i]!;
    const full = options.measure(r.text);
    // Right of the marker where the whole label fits, else left of it; failing both, cut to
    // the widest room on either side (near the right edge that is the left).
    const rightStart = r.x + options.offset;
    const leftEnd = r.x - options.offset;
    let best: { row: number; room: number; left: boolean } | null = null;
    for (let row = 0; row < options.rows && !(best && best.room >= full + options.gap); row++) {
      const line = rowOf(r.lane, row);
      for (const left of [false, true]) {
        const room = left ? line.roomBefore(leftEnd, r.minX) : line.room(rightStart, r.maxX);
        if (room - options.gap >= full) { best = { row, room: full + options.gap, left }; break; }
        if (room > (best?.room ?? 0)) best = { row, room, left };
      }
    }
    if (!best) continue;
    const width = Math.min(full, best.room - options.gap);
    if (width < Math.min(full, options.minWidth)) continue;
    const text = width >= full ? r.text : cut(r.text, width, options.measure);
    if (!text) continue;
    const shown = options.measure(text);
    const x = best.left ? leftEnd - shown : rightStart;
    rowOf(r.lane, best.row).add(x - (best.left ? options.gap : 0), x + shown + (best.left ? 0 : options.gap));
    placed.push({ request: i, row: best.row, x, width: shown, text, truncated: text !== r.text });
  }
  return placed;
}

/** The longest prefix of `text` that, with an ellipsis, fits in `width` px ('' when none does). */
export function cut(text: string, width: number, measure: (t: string) => number): string {
  if (measure(text) <= width) return text;
  let lo = 0;
  let hi = text.length;
  while (lo < hi) {
    const mid = (lo + hi + 1) >> 1;
    if (measure(`${text.slice(0, mid)}…`) <= width) lo = mid; else hi = mid - 1;
  }
  return lo === 0 ? '' : `${text.slice(0, lo).trimEnd()}…`;
}

/** A text cut to `maxChars` with an ellipsis (tooltips, titles). */
export function clip(text: string, maxChars: number): string {
  return text.length <= maxChars ? text : `${text.slice(0, maxChars - 1)}…`;
}
