// A step's candidates judged in the store's in-memory columns (store/eventColumns.ts) rather
// than by its SQL filter: each alternative selects its events a condition at a time
// (dsl/compile/columnar.ts: text conditions decided once per distinct value), and only the
// events that pass become rows, built from the same columns. The answer is what the SQL read and the
// local predicates give together (the tests are those predicates); callers fall back to SQL
// when the columns cannot answer: no copy in memory, a column or original field it lacks.

import type { ColumnView, Row, SqlValue } from '../types/store';
import type { AlternativePlan } from '../dsl/compile/plan';
import type { Restriction } from '../store/candidates';

export interface ColumnarRead {
  /** Columns each row carries. */
  readonly columns: readonly string[];
  readonly restriction?: Restriction;
  /** With a limit, null as soon as more than `limit` events pass. */
  readonly limit?: number;
}

/**
 * Per alternative, the events passing it (in id order), or null past the limit; undefined when
 * the columns cannot answer (read through SQL instead).
 */
export function columnarEvents(view: ColumnView | undefined, alts: readonly AlternativePlan[], read: ColumnarRead): Row[][] | null | undefined {
  if (!view) return undefined;
  const key = read.restriction?.key;
  if (!read.columns.every((c) => view.has(c)) || (key && !view.has(key.column))) return undefined;
  const selected: Int32Array[] = [];
  for (const alt of alts) {
    const positions = alt.columnar?.select(view);
    if (!positions) return undefined;
    selected.push(positions);
  }
  const readers = read.columns.map((c) => view.reader(c));
  const ts = view.reader('ts');
  const keyOf = key ? view.reader(key.column) : undefined;
  const keys = key ? new Set<SqlValue>(key.values) : undefined;
  const ranges = read.restriction?.ranges;
  // As the SQL filters: an event without a time is never a candidate.
  const within = (p: number): boolean => {
    const time = ts(p);
    return time !== null && (!keys || keys.has(keyOf!(p))) && (!ranges || inRanges(Number(time), ranges));
  };
  if (read.limit !== undefined && passing(selected, within) > read.limit) return null;
  const rowAt = (p: number): Row => {
    const row: Row = {};
    for (let c = 0; c < readers.length; c++) row[read.columns[c]!] = readers[c]!(p);
    return row;
  };
  if (selected.length === 1) {
    const list: Row[] = [];
    for (const p of selected[0]!) if (within(p)) list.push(rowAt(p));
    return [list];
  }
  // An event several alternatives select is one row object.
  const rows = new Map<number, Row | null>();
  return selected.map((positions) => {
    const list: Row[] = [];
    for (const p of positions) {
      let row = rows.get(p);
      if (row === undefined) rows.set(p, (row = within(p) ? rowAt(p) : null));
      if (row) list.push(row);
    }
    return list;
  });
}

/** How many events the alternatives select together within the restriction. */
function passing(selected: readonly Int32Array[], within: (position: number) => boolean): number {
  if (selected.length === 1) return selected[0]!.reduce((n, p) => (within(p) ? n + 1 : n), 0);
  const seen = new Set<number>();
  for (const positions of selected) for (const p of positions) if (within(p)) seen.add(p);
  return seen.size;
}

/** Whether `ts` lies in one of the sorted, disjoint, inclusive ranges. */
function inRanges(ts: number, ranges: readonly (readonly [number, number])[]): boolean {
  let lo = 0;
  let hi = ranges.length - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    const [from, to] = ranges[mid]!;
    if (ts < from) hi = mid - 1;
    else if (ts > to) lo = mid + 1;
    else return true;
  }
  return false;
}
