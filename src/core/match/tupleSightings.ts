// first_seen() and rare() over plain columns, counted in the store's in-memory columns
// (store/eventColumns.ts): each event's tuple is numbered from its columns' values (a text
// value folded once per code) instead of a text key built and looked up per event
// (predicate.ts tupleKey). AN0204 asks it of ~90k events per 1M. Same answer as the
// predicate: tuple parts compare as tupleKey compares them (text case-folded, text never
// equal to a number, no value only equal to no value).

import type { ColumnView, SqlValue } from '../types/store';
import type { TupleBaseline } from '../dsl/compile/columnar';
import { foldCase } from '../dsl/semantics/values';
import { onceByCode } from '../store/byCode';

/**
 * Of `positions` (an alternative's events in total order), those the tuple baseline passes:
 * events before `detectFrom` only count their tuple; a later one passes while its tuple was
 * seen at most `max` times, and then counts. Undefined when the columns lack a tuple column.
 */
export function tupleSightings(view: ColumnView, positions: Int32Array, tuple: TupleBaseline, detectFrom: number): Int32Array | undefined {
  if (!tuple.columns.every((c) => view.has(c))) return undefined;
  const { numbers, count } = tupleNumbers(view, positions, tuple.columns);
  const seen = new Int32Array(count);
  const ts = view.reader('ts');
  const passed = new Int32Array(positions.length);
  let kept = 0;
  for (let i = 0; i < positions.length; i++) {
    const t = numbers[i]!;
    if (Number(ts(positions[i]!)) < detectFrom) seen[t]!++;
    else if (seen[t]! <= tuple.max) {
      seen[t]!++;
      passed[kept++] = positions[i]!;
    }
  }
  return passed.slice(0, kept);
}

/** Per position, its tuple's number (0, 1, ... in order of first sight), and how many tuples there are. */
function tupleNumbers(view: ColumnView, positions: Int32Array, columns: readonly string[]): { numbers: Int32Array; count: number } {
  const numbers = new Int32Array(positions.length);
  let count = positions.length > 0 ? 1 : 0;
  for (const column of columns) {
    const part = partNumbers(view, column);
    const values = new Int32Array(positions.length);
    for (let i = 0; i < positions.length; i++) values[i] = part.at(positions[i]!);
    const width = part.count();
    // The tuple so far and this part, as one number: below 2^53 for any store (tuples, parts ≤ events).
    const numbered = new Map<number, number>();
    for (let i = 0; i < positions.length; i++) {
      const pair = numbers[i]! * width + values[i]!;
      let next = numbered.get(pair);
      if (next === undefined) numbered.set(pair, (next = numbered.size));
      numbers[i] = next;
    }
    count = numbered.size;
  }
  return { numbers, count };
}

/**
 * A column's value at a position as a number, equal for values tupleKey makes equal: text by
 * its case fold, numbers by value, no value (and a number that is not finite) as one more.
 */
function partNumbers(view: ColumnView, column: string): { at(position: number): number; count(): number } {
  const read = view.reader(column);
  const numbers = new Map<SqlValue, number>();
  const at = onceByCode(view, column, (p) => {
    const value = read(p);
    const key = typeof value === 'string' ? foldCase(value) : typeof value === 'number' && Number.isFinite(value) ? value : null;
    let known = numbers.get(key);
    if (known === undefined) numbers.set(key, (known = numbers.size));
    return known;
  });
  return { at, count: () => numbers.size };
}
