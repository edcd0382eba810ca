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
import { common, keepIf, union } from '../store/positions';
import { rowMaker } from '../store/rowShape';

export interface ColumnarRead {
  /** Columns each row carries. */
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
 * Per alternative, the events passing it (in id order), or null past the limit; undefined when
 * the columns cannot answer (read through SQL instead).
 */
export function columnarEvents(view: ColumnView | undefined, alts: readonly AlternativePlan[], read: ColumnarRead): Row[][] | null | undefined {
  const passing = view && columnarPositions(view, alts, read);
  if (!passing) return passing;
  const rowAt = rowsOf(view, read.columns);
  // An event several alternatives select is one row object.
  const shared = passing.length > 1 ? new Map<number, Row>() : undefined;
  return passing.map((positions) => {
    const rows: Row[] = new Array(positions.length);
    for (let i = 0; i < positions.length; i++) {
      const p = positions[i]!;
      let row = shared?.get(p);
      if (!row) {
        row = rowAt(p);
        shared?.set(p, row);
      }
      rows[i] = row;
    }
    return rows;
  });
}

/** columnarEvents() as positions in the columns, before any row is made. */
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
  const ts = view.reader('ts');
  const keyOf = key ? view.reader(key.column) : undefined;
  const keys = key ? new Set<SqlValue>(key.values) : undefined;
  const ranges = read.restriction?.ranges;
  // As the SQL filters: an event without a time is never a candidate.
  const within = (p: number): boolean => {
    const time = ts(p);
    return time !== null && (!keys || keys.has(keyOf!(p))) && (!ranges || inRanges(Number(time), ranges));
  };
  const near = read.near;
  let passing = selected.map((positions) => keepIf(near ? common(positions, near) : positions, within));
  if (read.bursts) {
    const possible = inPossibleBursts(view, passing, read.bursts);
    passing = passing.map((positions) => keepIf(positions, (p) => possible.has(p)));
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
 * that holds at least `atLeast` of them: no other can be part of a burst. A threshold step
 * such as AN0842's probe selects tens of thousands of events, nearly all alone in their group.
 */
function inPossibleBursts(view: ColumnView, passing: readonly Int32Array[], bursts: Bursts): Set<number> {
  const global = bursts.global.map((c) => view.reader(c));
  const step = bursts.step.map((c) => view.reader(c));
  const groupOf = new Map<number, string>();
  const members = new Map<string, number>();
  for (const positions of passing) {
    for (const p of positions) {
      if (groupOf.has(p)) continue;
      const joined = global.map((read) => lower(read(p)));
      if (joined.some((v) => v == null || v === '')) continue;
      const group = JSON.stringify([...joined, ...step.map((read) => lower(read(p)))]);
      groupOf.set(p, group);
      members.set(group, (members.get(group) ?? 0) + 1);
    }
  }
  const possible = new Set<number>();
  for (const [p, group] of groupOf) if (members.get(group)! >= bursts.atLeast) possible.add(p);
  return possible;
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
