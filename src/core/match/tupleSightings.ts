// first_seen() and rare() over plain columns, counted in the store's in-memory columns
// (store/eventColumns.ts): each event's tuple is numbered from its columns' values (a text
// value folded once per code) instead of a text key built and looked up per event
// (predicate.ts tupleKey). AN0204 asks it of ~90k events per 1M. Same answer as the
// predicate: tuple parts compare as tupleKey compares them (text case-folded, text never
// equal to a number, no value only equal to no value).

import type { ColumnView, SqlValue } from '../types/store';
import type { TupleBaseline } from '../dsl/compile/columnar';
import { foldCase } from '../dsl/semantics/values';
import { refineGroups, valueNumbers } from './columnarCandidates';

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

/** Per position, its tuple's number (0, 1, ...), and how many tuples there are. */
function tupleNumbers(view: ColumnView, positions: Int32Array, columns: readonly string[]): { numbers: Int32Array; count: number } {
  const numbers = new Int32Array(positions.length);
  let count = positions.length > 0 ? 1 : 0;
  for (const column of columns) {
    const part = valueNumbers(view, column, tuplePart);
    const values = new Int32Array(positions.length);
    for (let i = 0; i < positions.length; i++) values[i] = part.at(positions[i]!);
    count = refineGroups(numbers, count, values, part.count());
  }
  return { numbers, count };
}

/** A tuple part as tupleKey tells values apart: text by its case fold, numbers by value, no value (and a number that is not finite) as one more. */
function tuplePart(value: SqlValue): SqlValue {
  return typeof value === 'string' ? foldCase(value) : typeof value === 'number' && Number.isFinite(value) ? value : null;
}
