// A step's candidates judged in the store's in-memory columns (store/eventColumns.ts) rather
// than by its SQL filter: each alternative selects its events a condition at a time
// (dsl/compile/columnar.ts: text conditions decided once per distinct value), and only the
// events that pass become rows, built from the same columns. The answer is what the SQL read and the
// local predicates give together (the tests are those predicates); callers fall back to SQL
// when the columns cannot answer: no copy in memory, a column or original field it lacks.

import type { ColumnView, Row, SqlValue } from '../types/store';
import type { AlternativePlan } from '../dsl/compile/plan';
import type { Restriction } from '../store/candidates';
import { lower } from './keys';
import { common, keepIf, union, without } from '../store/positions';
import { rowMaker } from '../store/rowShape';
import { onceByCode } from '../store/byCode';
import { rowOccurrence, type Occurrence } from './occurrence';

export interface ColumnarRead {
  /** Columns the step reads: the columns can answer only when they hold each. */
  readonly columns: readonly string[];
  readonly restriction?: Restriction;
  /** With a limit, null as soon as more than `limit` events pass. */
  readonly limit?: number;
  /** A threshold step's groups: only events of a group holding at least `atLeast` of them can make a burst. */
  readonly bursts?: Bursts;
  /** The positions (ascending) where the step's events can be part of a chain (reach.ts); others are left out. */
  readonly near?: Int32Array;
}

export interface Bursts {
  /** The analytic's join key (an event without one is in no group) and the step's own keys. */
  readonly global: readonly string[];
  readonly step: readonly string[];
  readonly atLeast: number;
}

/**
 * Per alternative, the occurrences of the events passing it and no alternative before it (in
 * id order), or null past the limit; undefined when the columns cannot answer (read through
 * SQL instead). Their rows hold `rowColumns` only: what was tested here is not read again.
 */
export function columnarOccurrences(view: ColumnView | undefined, alts: readonly AlternativePlan[], read: ColumnarRead, rowColumns: readonly string[], groupKey: (row: Row) => string | null): Occurrence[][] | null | undefined {
  const passing = view && columnarPositions(view, alts, read);
  if (!passing) return passing;
  const rowAt = rowsOf(view, rowColumns);
  return firstAlternativeOnly(passing).map((positions, a) => {
    const alternative = alts[a]!.name;
    const occurrences: Occurrence[] = new Array(positions.length);
    // In id order: the rows of neighbouring events are read from neighbouring memory.
    for (let i = 0; i < positions.length; i++) {
      const row = rowAt(positions[i]!);
      occurrences[i] = rowOccurrence(row, groupKey(row), alternative);
    }
    return occurrences;
  });
}

/** Each list without the positions of the lists before it: an event several alternatives select counts for the first. */
function firstAlternativeOnly(lists: readonly Int32Array[]): Int32Array[] {
  let earlier: Int32Array | undefined;
  return lists.map((positions) => {
    const own = earlier ? without(positions, earlier) : positions;
    earlier = earlier ? union([earlier, own]) : own;
    return own;
  });
}

/** columnarOccurrences() as positions in the columns, before any row is made. */
export function columnarPositions(view: ColumnView, alts: readonly AlternativePlan[], read: ColumnarRead): Int32Array[] | null | undefined {
  const key = read.restriction?.key;
  const needed = [...read.columns, ...(key ? [key.column] : []), ...(read.bursts ? [...read.bursts.global, ...read.bursts.step] : [])];
  if (!needed.every((c) => view.has(c))) return undefined;
  const selected: Int32Array[] = [];
  for (const alt of alts) {
    const positions = alt.columnar?.select(view);
    if (!positions) return undefined;
    selected.push(positions);
  }
  const ts = view.times();
  const keyOf = key ? view.reader(key.column) : undefined;
  const keys = key ? new Set<SqlValue>(key.values) : undefined;
  const ranges = read.restriction?.ranges;
  // As the SQL filters: an event without a time is never a candidate.
  const within = (p: number): boolean => {
    const time = ts[p]!;
    return !Number.isNaN(time) && (!keys || keys.has(keyOf!(p))) && (!ranges || inRanges(time, ranges));
  };
  const near = read.near;
  let passing = selected.map((positions) => keepIf(near ? common(positions, near) : positions, within));
  if (read.bursts) {
    const possible = inPossibleBursts(view, passing, read.bursts);
    passing = passing.map((positions) => common(positions, possible));
  }
  if (read.limit !== undefined && union(passing).length > read.limit) return null;
  return passing;
}

/** A builder of the rows of `columns` at a position. */
export function rowsOf(view: ColumnView, columns: readonly string[]): (position: number) => Row {
  const readers = columns.map((c) => view.reader(c));
  const newRow = rowMaker(columns);
  return (p) => {
    const row = newRow();
    for (let c = 0; c < readers.length; c++) row[columns[c]!] = readers[c]!(p);
    return row;
  };
}

/**
 * The events in a group (join key and step keys, compared as the threshold compares them)
 * that holds at least `atLeast` of them, ascending: no other can be part of a burst. A
 * threshold step such as AN0842's probe selects tens of thousands of events, nearly all alone
 * in their group, so groups are numbered a key part at a time (a part's values as numbers,
 * worked out once per code of a text column) and counted in arrays.
 */
function inPossibleBursts(view: ColumnView, passing: readonly Int32Array[], bursts: Bursts): Int32Array {
  const positions = union(passing);
  // The group of each event, numbered by the parts read so far; MISSING once a join-key part is.
  const group = new Int32Array(positions.length);
  let groups = 1;
  const parts = [...bursts.global.map((column) => ({ column, required: true })), ...bursts.step.map((column) => ({ column, required: false }))];
  for (const { column, required } of parts) {
    const valueOf = foldedValueNumber(view, column);
    const values = new Int32Array(positions.length);
    for (let i = 0; i < positions.length; i++) values[i] = valueOf.at(positions[i]!);
    // A step part's missing value is a value of its own, numbered after the others.
    const width = valueOf.count() + 1;
    for (let i = 0; i < positions.length; i++) {
      if (values[i] !== MISSING) continue;
      if (required) group[i] = MISSING;
      else values[i] = width - 1;
    }
    groups = refineGroups(group, groups, values, width);
  }
  const members = new Int32Array(groups);
  for (let i = 0; i < positions.length; i++) if (group[i] !== MISSING) members[group[i]!]!++;
  const possible = new Int32Array(positions.length);
  let count = 0;
  for (let i = 0; i < positions.length; i++) if (group[i] !== MISSING && members[group[i]!]! >= bursts.atLeast) possible[count++] = positions[i]!;
  return possible.slice(0, count);
}

/** A group or value that is no group: a key part with no value (NULL or empty text). */
const MISSING = -1;

/**
 * Refines `groups` (each below `count`) in place by `values` (each below `width`): events of
 * one group with equal values get one new group number (0, 1, ...); a MISSING group stays so.
 * Returns how many groups there are now. Few possible pairs are numbered in a table indexed by
 * pair; many, by putting the events in (group, value) order: a map of AN0842's 86M possible
 * pairs at 10M events (700k probes) took 280 ms, the two counting sorts a fraction of it.
 */
export function refineGroups(groups: Int32Array, count: number, values: Int32Array, width: number): number {
  return count * width <= Math.max(groups.length, 4096) ? refineByTable(groups, count, values, width) : refineBySorting(groups, count, values, width);
}

function refineByTable(groups: Int32Array, count: number, values: Int32Array, width: number): number {
  const numbers = new Int32Array(count * width).fill(MISSING);
  let next = 0;
  for (let i = 0; i < groups.length; i++) {
    if (groups[i] === MISSING) continue;
    const pair = groups[i]! * width + values[i]!;
    if (numbers[pair] === MISSING) numbers[pair] = next++;
    groups[i] = numbers[pair]!;
  }
  return next;
}

function refineBySorting(groups: Int32Array, count: number, values: Int32Array, width: number): number {
  let present = 0;
  for (let i = 0; i < groups.length; i++) if (groups[i] !== MISSING) present++;
  const order = new Int32Array(present);
  for (let i = 0, k = 0; i < groups.length; i++) if (groups[i] !== MISSING) order[k++] = i;
  const sorted = stableOrder(stableOrder(order, values, width), groups, count);
  let next = -1;
  let lastGroup = MISSING;
  let lastValue = MISSING;
  for (let k = 0; k < sorted.length; k++) {
    const i = sorted[k]!;
    if (groups[i] !== lastGroup || values[i] !== lastValue) {
      next++;
      lastGroup = groups[i]!;
      lastValue = values[i]!;
    }
    groups[i] = next;
  }
  return next + 1;
}

/** The indexes of `order` sorted by `keys[index]` (each below `range`), stably. */
function stableOrder(order: Int32Array, keys: Int32Array, range: number): Int32Array {
  const starts = new Int32Array(range + 1);
  for (let k = 0; k < order.length; k++) starts[keys[order[k]!]! + 1]!++;
  for (let r = 0; r < range; r++) starts[r + 1]! += starts[r]!;
  const sorted = new Int32Array(order.length);
  for (let k = 0; k < order.length; k++) {
    const i = order[k]!;
    sorted[starts[keys[i]!]!++] = i;
  }
  return sorted;
}

/**
 * A column's value at a position as a number, equal where `keyOf` gives equal keys (0, 1, ... in
 * order of first sight; MISSING where it gives undefined), worked out once per code of a text
 * column; and how many numbers were given.
 */
export function valueNumbers(view: ColumnView, column: string, keyOf: (value: SqlValue) => SqlValue | undefined): { at(position: number): number; count(): number } {
  const read = view.reader(column);
  const numbers = new Map<SqlValue, number>();
  const at = onceByCode(view, column, (p) => {
    const key = keyOf(read(p));
    if (key === undefined) return MISSING;
    let known = numbers.get(key);
    if (known === undefined) numbers.set(key, (known = numbers.size));
    return known;
  });
  return { at, count: () => numbers.size };
}

/** A join-key part's value as keys compare it (case-folded; MISSING for NULL and empty text). */
function foldedValueNumber(view: ColumnView, column: string): { at(position: number): number; count(): number } {
  return valueNumbers(view, column, (value) => {
    const folded = lower(value);
    return folded === null || folded === '' ? undefined : folded;
  });
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
