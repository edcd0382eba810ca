// A number worked out from the event at a position, remembered per code of one text column in
// the store's in-memory columns: what depends only on that column's text (a join-key group, a
// wanted source address) is then worked out once per distinct text, not once per event.

import type { ColumnView } from '../types/store';

/** `at`, asked once per code of `column` (every time when the column has no codes); `at` must return the same for equal codes. */
export function onceByCode(view: ColumnView, column: string, at: (position: number) => number): (position: number) => number {
  const codes = view.codes(column);
  if (!codes) return at;
  const known = new Int32Array(codes.size);
  const asked = new Uint8Array(codes.size);
  return (p) => {
    const code = codes.at[p]!;
    if (asked[code] === 0) {
      known[code] = at(p);
      asked[code] = 1;
    }
    return known[code]!;
  };
}
