// Windowing for the chain list: which rows to build for a scroll position, so 10,000 chains
// cost as much as the ~30 rows on screen. Rows have a fixed height.

export interface ListWindow {
  readonly first: number;
  /** Exclusive. */
  readonly last: number;
  /** Height of the spacer that stands for all rows, in px. */
  readonly totalHeight: number;
  /** Top offset of the first built row, in px. */
  readonly offset: number;
}

export function listWindow(count: number, rowHeight: number, scrollTop: number, viewportHeight: number, overscan = 6): ListWindow {
  const first = Math.max(0, Math.floor(scrollTop / rowHeight) - overscan);
  const last = Math.min(count, Math.ceil((scrollTop + viewportHeight) / rowHeight) + overscan);
  return { first, last: Math.max(first, last), totalHeight: count * rowHeight, offset: first * rowHeight };
}

/** The scrollTop that brings row `index` into view, or the current one when it is visible. */
export function scrollToRow(index: number, rowHeight: number, scrollTop: number, viewportHeight: number): number {
  const top = index * rowHeight;
  if (top < scrollTop) return top;
  if (top + rowHeight > scrollTop + viewportHeight) return top + rowHeight - viewportHeight;
  return scrollTop;
}
