// Candidate events for one step of an analytic: the SQL prefilter run against the store,
// the step's local predicate in JS, baselines for first_seen()/rare(), and thresholds
// (`having`) folded into occurrences. An occurrence is what a step contributes to a chain:
// one event, or for a threshold step the events of the burst that met it.

import type { ColumnView, EventStore, Row, SqlValue } from '../types/store';
import { extraColumns, type AlternativePlan, type AnalyticPlan, type StepPlan, type ThresholdPlan } from '../dsl/compile/plan';
import type { BaselineState, Env } from '../dsl/compile/predicate';
import { LIKE_ANY_FUNCTION } from '../dsl/compile/sql';
import { likeListMatcher } from '../dsl/compile/likeLists';
import { remembered } from './stepCache';
import { CONNECTION_COLUMNS, REPEAT_GAP_MS, connectionKey } from '../schema/connections';
import { eachCandidate, type CandidateSelect, type Restriction } from '../store/candidates';
import { columnarOccurrences, columnarPositions, rowsOf } from './columnarCandidates';
import { rowOccurrence, type Occurrence } from './occurrence';
import type { StepReach } from './reach';
import { lower } from './keys';
import { tupleSightings } from './tupleSightings';

export type { Restriction, Occurrence };

export interface CandidateOptions {
  /** The separate baseline dataset (`--baseline`), if any. */
  readonly baselineStore?: EventStore;
  /** Earliest and latest event time in the store (for `baseline first <duration>` and `first N%`). */
  readonly dataStart: number;
  readonly dataEnd: number;
  /** Events per category in the store, so a capped read takes the smallest categories first. */
  readonly categoryRows?: ReadonlyMap<string, number>;
  readonly warn: (message: string) => void;
}

const NO_REFS: ReadonlyMap<string, Row> = new Map();

/**
 * The select of alternatives' candidates: only the columns the analytic reads (sql.js pays per
 * column for every row it returns), their compiled filters, and where the step can be.
 */
function candidateSelect(plan: AnalyticPlan, step: StepPlan, alts: readonly AlternativePlan[], restriction?: Restriction, limit?: number, range?: readonly [number, number], categoryRows?: ReadonlyMap<string, number>): CandidateSelect {
  // The connection columns: a step matches one observation (one connection, however many records) once.
  return {
    columns: [...new Set([...step.columns, ...CONNECTION_COLUMNS])],
    extra: extraColumns(plan),
    filters: alts.map((a) => a.filter),
    ...(restriction?.key ? { key: restriction.key } : {}),
    ...(range ? { range } : {}),
    ...(limit === undefined ? {} : { limit }),
    ...(categoryRows ? { categoryRows } : {}),
  };
}

/**
 * Where a first_seen()/rare() selection's baseline comes from: a separate dataset, the first
 * period of the same data (then events before `detectFrom` only count), or nothing.
 */
function baselineSource(store: EventStore, plan: AnalyticPlan, options: CandidateOptions): { source: EventStore | null; detectFrom: number } {
  if (options.baselineStore) return { source: options.baselineStore, detectFrom: Number.NEGATIVE_INFINITY };
  if (plan.baseline?.source === 'first' && plan.baseline.duration) return { source: store, detectFrom: options.dataStart + plan.baseline.duration.ms };
  if (plan.baseline?.source === 'first' && plan.baseline.percent) {
    return { source: store, detectFrom: options.dataStart + ((options.dataEnd - options.dataStart) * plan.baseline.percent.value) / 100 };
  }
  if (plan.baseline?.source === 'dataset') {
    options.warn(`${plan.id}: declares \`baseline dataset\` but no --baseline was given; every tuple counts as first seen at its first occurrence`);
  }
  return { source: null, detectFrom: Number.NEGATIVE_INFINITY };
}

const withLikeAny = new WeakSet<EventStore>();

/** `hb_like_any(value, list id)`: the JS wildcard matcher, so SQL and JS agree by construction. */
export function registerLikeAny(store: EventStore): void {
  if (withLikeAny.has(store) || !store.registerFunction) return;
  store.registerFunction(LIKE_ANY_FUNCTION, (value, list) => {
    const matches = typeof list === 'number' ? likeListMatcher(list) : undefined;
    return value != null && matches?.(String(value)) ? 1 : 0;
  });
  withLikeAny.add(store);
}

/** Candidate rows, with the JS wildcard matcher registered for the compiled filter. */
function eachRow(store: EventStore, select: CandidateSelect, onRow: (row: Row) => void): void {
  registerLikeAny(store);
  eachCandidate(store, select, onRow);
}

function countTuples(env: Env, counts: Map<string, number>): void {
  for (const t of env.tuples) counts.set(t, (counts.get(t) ?? 0) + 1);
}

/**
 * Events matching one baseline alternative's selection, in total order: read whole and in
 * order, since its predicate counts tuples as it goes. A lone first_seen()/rare() over columns
 * is counted in the in-memory columns (tupleSightings.ts) when no separate baseline store adds
 * tuples of its own.
 */
function baselineEvents(store: EventStore, plan: AnalyticPlan, step: StepPlan, alt: AlternativePlan, options: CandidateOptions): Row[] {
  const { source, detectFrom } = baselineSource(store, plan, options);
  const tuple = alt.columnar?.tuple;
  const ordered = tuple && (!source || source === store) ? inColumns(store, plan, step, alt) : undefined;
  const passed = tuple && ordered ? tupleSightings(ordered.view, ordered.positions, tuple, detectFrom) : undefined;
  if (ordered && passed) return Array.from(passed, ordered.rowAt);
  const rows: Row[] = [];
  const counts = new Map<string, number>();
  const baseline: BaselineState = { collecting: false, counts, detectFrom };
  const collecting: BaselineState = { collecting: true, counts, detectFrom };
  if (source && source !== store) {
    eachInOrder(source, plan, step, alt, (row, rest) => {
      const env: Env = { row, refs: NO_REFS, baseline: collecting, tuples: [] };
      if (rest(env)) countTuples(env, counts);
    });
  }
  // With `baseline first`, the baseline period is the head of this same scan (rows come in time order).
  eachInOrder(store, plan, step, alt, (row, rest, whole) => {
    const inBaseline = Number(row.ts) < detectFrom;
    const env: Env = { row, refs: NO_REFS, baseline: inBaseline ? collecting : baseline, tuples: [] };
    if (!rest(env)) return;
    // A tuple counts as seen once an event with it was accepted, so only its first event is "first seen".
    countTuples(env, counts);
    if (!inBaseline) rows.push(whole());
  });
  return rows;
}

/** An alternative's events judged in the in-memory columns, in total order, with a maker of their rows; undefined when the columns cannot answer. */
function inColumns(store: EventStore, plan: AnalyticPlan, step: StepPlan, alt: AlternativePlan): { view: ColumnView; positions: Int32Array; columns: readonly string[]; rowAt: (position: number) => Row } | undefined {
  const select = candidateSelect(plan, step, [alt]);
  const view = select.extra.names.length === 0 && alt.columnar ? store.columns?.() : undefined;
  const columns = ['id', 'ts', ...alt.columnar?.baselineColumns ?? []];
  const tested = view && select.columns.every((c) => view.has(c)) ? columnarPositions(view, [alt], { columns }) : undefined;
  return view && tested ? { view, positions: inTimeOrder(tested[0]!, view.reader('ts')), columns, rowAt: rowsOf(view, select.columns) } : undefined;
}

/**
 * The rows of one alternative in total order (ts, id), each with what is left to test on it:
 * judged in the in-memory columns (the baseline conjuncts left), else read by the SQL filter
 * (its residual left). From the columns, the row given is one object refilled for each event
 * with only what the test reads (valid during the call); `whole()` gives the row with every
 * column the step reads, for the events kept.
 */
function eachInOrder(store: EventStore, plan: AnalyticPlan, step: StepPlan, alt: AlternativePlan, onRow: (row: Row, rest: (env: Env) => boolean, whole: () => Row) => void): void {
  const ordered = inColumns(store, plan, step, alt);
  if (!ordered) return eachRow(store, candidateSelect(plan, step, [alt]), (row) => onRow(row, alt.residual, () => row));
  const { view, positions, columns, rowAt } = ordered;
  const rest = alt.columnar!.baseline ?? ((): boolean => true);
  const readers = columns.map((c) => view.reader(c));
  const row: Row = {};
  for (const p of positions) {
    for (let c = 0; c < columns.length; c++) row[columns[c]!] = readers[c]!(p);
    onRow(row, rest, () => rowAt(p));
  }
}

/** Positions (ascending, so in id order) with a time, sorted by it: total order (ts, id). */
function inTimeOrder(positions: Int32Array, ts: (p: number) => SqlValue): Int32Array {
  const times = new Float64Array(positions.length);
  for (let i = 0; i < positions.length; i++) times[i] = Number(ts(positions[i]!));
  let ordered = true;
  for (let i = 1; i < times.length && ordered; i++) ordered = times[i - 1]! <= times[i]!;
  if (ordered) return positions;
  // Array.prototype.sort (TimSort) merges the ordered runs a load leaves, one per source; a
  // typed array's sort with a comparator sorts from scratch, several times slower.
  const order = Array.from(times.keys()).sort((a, b) => times[a]! - times[b]! || a - b);
  const sorted = new Int32Array(order.length);
  for (let i = 0; i < order.length; i++) sorted[i] = positions[order[i]!]!;
  return sorted;
}

/**
 * Occurrences of the events matching each of the given alternatives (none with a baseline):
 * judged in the store's in-memory columns when it has them (columnarCandidates.ts), else read
 * together in one query (per time range) whose filter is any of theirs, so a category is
 * scanned once per step. An event is in the list of the first alternative that selects it. Each
 * list is in id order from the columns, in total order (ts, id) from SQL unless `limit` is given;
 * null when more than `limit` rows passed (the columns' test or the SQL prefilter).
 */
function plainOccurrences(store: EventStore, plan: AnalyticPlan, step: StepPlan, alts: readonly AlternativePlan[], options: CandidateOptions, groupKey: (row: Row) => string | null, restriction?: Restriction, limit?: number, near?: Int32Array): Occurrence[][] | null {
  const lists = alts.map((): Occurrence[] => []);
  if (alts.length === 0) return lists;
  const { columns, extra } = candidateSelect(plan, step, alts);
  if (extra.names.length === 0) {
    const bursts = step.threshold && { global: plan.by.map((b) => b.key), step: step.by, atLeast: step.threshold.atLeast };
    // Without `near`, the connection columns tell an observation's later records (firstOfEachObservation).
    const rowColumns = near ? step.searchColumns : [...new Set([...step.searchColumns, ...CONNECTION_COLUMNS])];
    const read = { columns, ...(restriction ? { restriction } : {}), ...(limit === undefined ? {} : { limit }), ...(bursts ? { bursts } : {}), ...(near ? { near } : {}) };
    const judged = columnarOccurrences(store.columns?.(), alts, read, rowColumns, groupKey);
    if (judged !== undefined) return judged;
  }
  let seen = 0;
  const take = (row: Row): void => {
    seen++;
    const env = { row, refs: NO_REFS, baseline: null, tuples: [] };
    // Read by one filter, a row passed it: only what it could not say is left to test.
    if (alts.length === 1) {
      if (alts[0]!.residual(env)) lists[0]!.push(rowOccurrence(row, groupKey(row), alts[0]!.name));
      return;
    }
    // An event several alternatives select counts for the first.
    const first = alts.findIndex((alt) => alt.local(env));
    if (first >= 0) lists[first]!.push(rowOccurrence(row, groupKey(row), alts[first]!.name));
  };
  if (limit !== undefined) {
    eachRow(store, candidateSelect(plan, step, alts, restriction, limit, undefined, options.categoryRows), take);
    return seen > limit ? null : lists;
  }
  if (restriction?.ranges) {
    // Ranges are sorted and disjoint, and each query is ordered: the concatenation is ordered.
    for (const range of restriction.ranges) eachRow(store, candidateSelect(plan, step, alts, restriction, undefined, range), take);
    return lists;
  }
  eachRow(store, candidateSelect(plan, step, alts, restriction), take);
  return lists;
}

/**
 * Occurrences (in total order) without the later records of an observation: a record of the
 * same connection within REPEAT_GAP_MS of the previous one is that observation again.
 */
function firstOfEachObservation(events: readonly Occurrence[]): Occurrence[] {
  const lastSeen = new Map<string, number>();
  return events.filter((e) => {
    const key = connectionKey(e.row);
    if (key === null) return true;
    const last = lastSeen.get(key);
    lastSeen.set(key, e.ts);
    return last === undefined || e.ts - last > REPEAT_GAP_MS;
  });
}

export function before(a: { ts: number; id: number }, b: { ts: number; id: number }): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.id < b.id);
}

/**
 * A step's occurrences in total order; an event matching several alternatives counts for the
 * first, and an observation (one connection seen by several logs, or repeated:
 * schema/connections.ts) counts once, at its first matching record. With `limit`, null when the step has
 * more candidates than that (read it again restricted). With `reach` (reach.ts, from the
 * store's columns), only those of its events that can be part of a chain.
 */
export function stepOccurrences(store: EventStore, plan: AnalyticPlan, step: StepPlan, options: CandidateOptions, groupKey: (row: Row) => string | null, restriction?: Restriction, limit?: number, reach?: StepReach): Occurrence[] | null {
  const read = (): Occurrence[] | null => readOccurrences(store, plan, step, options, groupKey, restriction, limit, reach?.near);
  // The data span places `baseline first`; what a separate baseline store held is not remembered.
  return options.baselineStore ? read() : remembered(store, plan, step, { restriction, limit, near: reach?.basis, start: options.dataStart, end: options.dataEnd }, read);
}

function readOccurrences(store: EventStore, plan: AnalyticPlan, step: StepPlan, options: CandidateOptions, groupKey: (row: Row) => string | null, restriction?: Restriction, limit?: number, near?: Int32Array): Occurrence[] | null {
  // An event several alternatives select counts for the first: the plain alternatives' lists
  // hold each event once (plainOccurrences), a baseline alternative's list is apart.
  const seen = step.alternatives.length > 1 && step.alternatives.some((a) => a.baseline) ? new Set<number>() : undefined;
  const events: Occurrence[] = [];
  const plain = step.alternatives.filter((a) => !a.baseline);
  const plainLists = plainOccurrences(store, plan, step, plain, options, groupKey, restriction, limit, near);
  if (plainLists === null) return null;
  for (const alt of step.alternatives) {
    const occurrences = alt.baseline ? baselineEvents(store, plan, step, alt, options).map((row) => rowOccurrence(row, groupKey(row), alt.name)) : plainLists[plain.indexOf(alt)]!;
    for (const occurrence of occurrences) {
      if (seen) {
        if (seen.has(occurrence.id)) continue;
        seen.add(occurrence.id);
      }
      events.push(occurrence);
    }
  }
  events.sort((a, b) => a.ts - b.ts || a.id - b.id);
  // Events near others (reach.ts) are already first records: any earlier record of their connection is more than REPEAT_GAP_MS before.
  const once = near ? events : firstOfEachObservation(events);
  if (!step.threshold) return once;
  return thresholdOccurrences(once, step, step.threshold, plan.within);
}

/**
 * Folds a threshold step's events into bursts, per global and per-step key: scanning in
 * order with a sliding window, an occurrence is emitted at the first event where the
 * conditions hold, and the window starts empty again after it (bursts do not overlap).
 */
function thresholdOccurrences(events: Occurrence[], step: StepPlan, t: ThresholdPlan, sequenceWithin: number | null): Occurrence[] {
  const within = t.within ?? sequenceWithin ?? Number.POSITIVE_INFINITY;
  const windows = new Map<string, Burst>();
  const out: Occurrence[] = [];
  for (const e of events) {
    const g = e.group;
    if (g === null) continue;
    const row = e.row;
    const key = step.by.length === 0 ? g : `${g}|${JSON.stringify(step.by.map((k) => lower(row[k])))}`;
    let window = windows.get(key);
    if (!window) windows.set(key, (window = new Burst(t)));
    window.add(e, row, within);
    if (!window.holds()) continue;
    const burst = window.take();
    out.push({ row, ids: burst.flatMap((o) => o.ids), start: burst[0]!.start, ts: e.ts, id: e.id, group: g, alternative: e.alternative });
  }
  return out;
}

/**
 * The events of one key within the window, with how many hold each value of every `distinct`
 * field: adding, expiring and testing cost the same for any window size (a threshold step
 * such as AN0842's probe folds tens of thousands of events).
 */
class Burst {
  private events: Occurrence[] = [];
  private first = 0;
  private readonly values: string[][] = [];
  private readonly counts: Map<string, number>[];

  constructor(private readonly t: ThresholdPlan) {
    this.counts = t.distinct.map(() => new Map());
  }

  /** Adds `e` (whose row is `row`) and lets go of the events more than `within` before it. */
  add(e: Occurrence, row: Row, within: number): void {
    const values = this.t.distinct.map((d) => JSON.stringify(lower(row[d.key])));
    this.events.push(e);
    this.values.push(values);
    values.forEach((v, i) => this.counts[i]!.set(v, (this.counts[i]!.get(v) ?? 0) + 1));
    while (this.first < this.events.length && e.ts - this.events[this.first]!.ts > within) {
      this.values[this.first]!.forEach((v, i) => {
        const n = this.counts[i]!.get(v)! - 1;
        if (n === 0) this.counts[i]!.delete(v);
        else this.counts[i]!.set(v, n);
      });
      this.first++;
    }
    // Expired events are dropped in bulk, so the arrays stay about the window's size.
    if (this.first > 1024 && this.first * 2 > this.events.length) {
      this.events = this.events.slice(this.first);
      this.values.splice(0, this.first);
      this.first = 0;
    }
  }

  holds(): boolean {
    if (this.t.count && !this.t.count(this.events.length - this.first)) return false;
    return this.t.distinct.every((d, i) => d.test(this.counts[i]!.size));
  }

  /** The occurrences of the burst, in order; the window starts empty again. */
  take(): Occurrence[] {
    const burst = this.events.slice(this.first);
    this.events = [];
    this.values.length = 0;
    this.first = 0;
    for (const counts of this.counts) counts.clear();
    return burst;
  }
}
