// Row objects made with all their columns at once. A row filled column by column from `{}`
// outgrows its property store every few columns, and V8 copies it each time: a whole row
// (51 columns) left ~3.5 KB of garbage, and reading 7,844 chain rows spent 40% of its time in
// the collector (docs/benchmarks.md). A clone of a template with every column holds them from
// the start.

import type { Row } from '../types/store';

/** A maker of empty rows (every column null) with these columns, in this order. */
export function rowMaker(columns: readonly string[]): () => Row {
  const template: Row = {};
  for (const column of columns) template[column] = null;
  return () => ({ ...template });
}
