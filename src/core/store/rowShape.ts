// Row objects made with all their columns at once. A row filled column by column from `{}`
// outgrows its property store every few columns, and V8 copies it each time: a whole row
// (51 columns) left ~3.5 KB of garbage, and reading 7,844 chain rows spent 40% of its time in
// the collector (docs/benchmarks.md). A clone of a template with every column holds them from
// the start. The template comes from Object.fromEntries: one built by assigning its columns
// by name one at a time is a dictionary in V8 (measured on Node 20: fast at 8 columns, not at
// 20), and V8 clones a dictionary ~10× slower: 15 µs per 51-column row, 1.5 µs from a fast
// template; at 10M events AN0327's 275k chain rows spent 2.4 s in the clone.

import type { Row } from '../types/store';

/** A maker of empty rows (every column null) with these columns, in this order. */
export function rowMaker(columns: readonly string[]): () => Row {
  const template: Row = Object.fromEntries(columns.map((column) => [column, null]));
  return () => ({ ...template });
}
