// Which candidates of a step can be part of a chain at all, told on positions in the store's
// in-memory columns before any row is made. Every event of a chain shares the join key with
// the events of every required step and lies within the window of the anchor, so it lies
// within `within` (plus the slack the steps may take) of an event of each other required step
// of its key. On the match bench three quarters of the candidates of AN0327's two common steps
// have no such neighbour, and rows were built for all of them (docs/benchmarks.md).
//
// A step's observations count once, at their first record (candidates.ts): a later record of
// the same connection is left out because an earlier one was seen. So the records of a step
// are thinned to first records here too, before the rest is left out; otherwise a repeat whose
// first record lies out of reach would pass as a first.

import type { ColumnView, Row } from '../types/store';
import type { AnalyticPlan, StepPlan } from '../dsl/compile/plan';
import { splitByGap } from '../schema/connections';
import { connectionIndex, type ConnectionIndex } from '../store/connectionIndex';
import { keepIf, union } from '../store/positions';
import { onceByCode } from '../store/byCode';
import { joinKey } from './keys';

export interface StepReach {
  /** The positions (ascending) of the first records of observations within reach of every other required step's events of their key. */
  readonly near: Int32Array;
  /** The step's occurrences before the others were asked: its first records (with a time). */
  readonly candidates: number;
  /** What `near` was told from (the other steps asked, the window): steps are remembered by it (stepCache.ts). */
  readonly basis: string;
}

/**
 * Per step, where its chains' events can be, or undefined where that is not told: a threshold
 * step (its events count together), one with a first_seen()/rare() alternative (its baseline
 * counts every event in order), one the columns cannot select, and one with no other required
 * step to be near.
 */
export function stepReach(view: ColumnView, plan: AnalyticPlan): (StepReach | undefined)[] {
  const none = plan.steps.map((): undefined => undefined);
  const keys = plan.by.map((b) => b.key);
  const connections = connectionIndex(view);
  if (!connections || ![...keys, 'ts'].every((c) => view.has(c))) return none;
  const witnessing = plan.steps.map((step) => step.mode === 'required' && !step.threshold);
  const prunable = plan.steps.map((step, i) => !step.threshold && !step.alternatives.some((a) => a.baseline) && witnessing.some((w, j) => w && j !== i));
  if (!prunable.some(Boolean)) return none;
  const selected = plan.steps.map((step, i) => (witnessing[i] || prunable[i] ? selectedBy(view, step) : undefined));
  const groupOf = groupsOf(view, keys);
  const ts = view.times();
  // Chain events lie within `within` of the anchor, each later step up to `slack` before the
  // previous one, corroborating events `slack` from the one taken.
  const reach = plan.within === null ? Number.POSITIVE_INFINITY : plan.within + (plan.steps.length + 1) * plan.slack;
  const witnesses = plan.steps.map((_, i) => (witnessing[i] && selected[i] ? timesByGroup(selected[i]!, groupOf, ts) : undefined));
  return plan.steps.map((_, i) => {
    const others = witnesses.filter((w, j): w is Map<number, Float64Array> => w !== undefined && j !== i);
    if (!prunable[i] || !selected[i] || others.length === 0) return undefined;
    const basis = JSON.stringify([keys, reach, plan.steps.filter((_, j) => witnesses[j] && j !== i).map((s) => s.name)]);
    const firsts = firstRecords(connections, selected[i]!, ts);
    const near = keepIf(firsts, (p) => {
      const group = groupOf(p);
      return group >= 0 && others.every((times) => anyWithin(times.get(group), ts[p]!, reach));
    });
    return { near, candidates: firsts.length, basis };
  });
}

/** The positions any alternative of the step selects (ascending), or undefined when one cannot be selected in the columns. */
function selectedBy(view: ColumnView, step: StepPlan): Int32Array | undefined {
  const lists: Int32Array[] = [];
  for (const alt of step.alternatives) {
    const positions = alt.columnar?.select(view);
    if (!positions) return undefined;
    lists.push(positions);
  }
  return union(lists);
}

/** Per position, a number for its join-key group (as joinKey() compares), -1 for none. */
function groupsOf(view: ColumnView, keys: readonly string[]): (position: number) => number {
  const keyOf = joinKey(keys);
  const readers = keys.map((k) => view.reader(k));
  const ids = new Map<string, number>();
  const row: Row = {};
  const groupAt = (p: number): number => {
    for (let k = 0; k < keys.length; k++) row[keys[k]!] = readers[k]!(p);
    const key = keyOf(row);
    if (key === null) return -1;
    let id = ids.get(key);
    if (id === undefined) ids.set(key, (id = ids.size));
    return id;
  };
  // One text key (`by host`): decided once per code.
  return keys.length === 1 ? onceByCode(view, keys[0]!, groupAt) : groupAt;
}

/** The times of the positions per group, sorted. */
function timesByGroup(positions: Int32Array, groupOf: (p: number) => number, ts: Float64Array): Map<number, Float64Array> {
  const lists = new Map<number, number[]>();
  for (const p of positions) {
    const time = ts[p]!;
    const group = groupOf(p);
    if (Number.isNaN(time) || group < 0) continue;
    let list = lists.get(group);
    if (!list) lists.set(group, (list = []));
    list.push(time);
  }
  const sorted = new Map<number, Float64Array>();
  for (const [group, list] of lists) sorted.set(group, Float64Array.from(list).sort());
  return sorted;
}

/** Whether a sorted list holds a time within `reach` of `time`. */
function anyWithin(times: Float64Array | undefined, time: number, reach: number): boolean {
  if (!times) return false;
  let lo = 0;
  let hi = times.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (times[mid]! < time - reach) lo = mid + 1;
    else hi = mid;
  }
  return lo < times.length && times[lo]! <= time + reach;
}

/**
 * The positions with a time, without the later records of an observation: as candidates.ts's
 * firstOfEachObservation, per connection rather than in one pass in time order. Only the
 * records of connections the step holds more than once can be repeats; only they are ordered.
 */
function firstRecords(connections: ConnectionIndex, positions: Int32Array, ts: Float64Array): Int32Array {
  const timed = keepIf(positions, (p) => !Number.isNaN(ts[p]!));
  const { of, count } = connections.among(timed);
  const held = new Uint8Array(count);
  for (let i = 0; i < timed.length; i++) if (of[i]! >= 0 && held[of[i]!]! < 2) held[of[i]!]!++;
  const shared = new Map<number, number[]>();
  for (let i = 0; i < timed.length; i++) {
    const connection = of[i]!;
    if (connection < 0 || held[connection] !== 2) continue;
    const records = shared.get(connection);
    if (records) records.push(timed[i]!);
    else shared.set(connection, [timed[i]!]);
  }
  const repeats = new Set<number>();
  for (const records of shared.values()) {
    // Total order: time, then id (positions ascend with ids); each connection's first record stays.
    records.sort((a, b) => ts[a]! - ts[b]! || a - b);
    for (const connection of splitByGap(records, (p) => ts[p]!)) for (const p of connection.slice(1)) repeats.add(p);
  }
  return repeats.size === 0 ? timed : keepIf(timed, (p) => !repeats.has(p));
}
