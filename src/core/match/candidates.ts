// Candidate events for one step of an analytic: the SQL prefilter run against the store,
// the step's local predicate in JS, baselines for first_seen()/rare(), and thresholds
// (`having`) folded into occurrences. An occurrence is what a step contributes to a chain:
// one event, or for a threshold step the events of the burst that met it.

import type { EventStore, Row, SqlValue } from '../store/types';
import type { AlternativePlan, AnalyticPlan, StepPlan, ThresholdPlan } from '../dsl/compile/plan';
import type { BaselineState, Env } from '../dsl/compile/predicate';

export interface Occurrence {
  /** The event that completes the occurrence (the last of a burst); references read it. */
  readonly row: Row;
  /** Every event of the occurrence, in order. */
  readonly rows: readonly Row[];
  readonly ts: number;
  readonly id: number;
  readonly alternative: string | null;
}

export interface CandidateOptions {
  /** The separate baseline dataset (`--baseline`), if any. */
  readonly baselineStore?: EventStore;
  /** Earliest event time in the store (for `baseline first <duration>`). */
  readonly dataStart: number;
  readonly warn: (message: string) => void;
}

const NO_REFS: ReadonlyMap<string, Row> = new Map();

function selectSql(plan: AnalyticPlan, alt: AlternativePlan): { sql: string; params: SqlValue[] } {
  const raw = plan.rawFields.map((name) => `, raw_field(id, ?) AS "raw:${name.replace(/"/g, '""')}"`).join('');
  return {
    sql: `SELECT *${raw} FROM events WHERE ${alt.filter.sql} ORDER BY ts, id`,
    params: [...plan.rawFields, ...alt.filter.params],
  };
}

/** The baseline counts a first_seen()/rare() selection compares against. */
function collectBaseline(store: EventStore, plan: AnalyticPlan, alt: AlternativePlan, options: CandidateOptions): BaselineState {
  const counts = new Map<string, number>();
  let source: EventStore | undefined = options.baselineStore;
  let detectFrom = Number.NEGATIVE_INFINITY;
  if (!source && plan.baseline?.source === 'first' && plan.baseline.duration) {
    source = store;
    detectFrom = options.dataStart + plan.baseline.duration.ms;
  } else if (!source && plan.baseline?.source === 'dataset') {
    options.warn(`${plan.id}: declares \`baseline dataset\` but no --baseline was given; every tuple counts as first seen at its first occurrence`);
  }
  if (source) {
    const collecting: BaselineState = { collecting: true, counts, detectFrom };
    const { sql, params } = selectSql(plan, alt);
    source.each(sql, params, (row) => {
      if (source === store && Number(row.ts) >= detectFrom) return;
      const env: Env = { row, refs: NO_REFS, baseline: collecting, tuples: [] };
      if (alt.local(env)) for (const t of env.tuples) counts.set(t, (counts.get(t) ?? 0) + 1);
    });
  }
  return { collecting: false, counts, detectFrom };
}

/** Events matching one alternative's selection, in total order (ts, id). */
function alternativeEvents(store: EventStore, plan: AnalyticPlan, alt: AlternativePlan, options: CandidateOptions): Row[] {
  const baseline = alt.baseline ? collectBaseline(store, plan, alt, options) : null;
  const rows: Row[] = [];
  const { sql, params } = selectSql(plan, alt);
  store.each(sql, params, (row) => {
    const env: Env = { row, refs: NO_REFS, baseline, tuples: [] };
    if (!alt.local(env)) return;
    // A tuple counts as seen once an event with it was accepted, so only its first event is "first seen".
    if (baseline) for (const t of env.tuples) baseline.counts.set(t, (baseline.counts.get(t) ?? 0) + 1);
    rows.push(row);
  });
  return rows;
}

export function before(a: { ts: number; id: number }, b: { ts: number; id: number }): boolean {
  return a.ts < b.ts || (a.ts === b.ts && a.id < b.id);
}

/** A step's occurrences in total order; an event matching several alternatives counts for the first. */
export function stepOccurrences(store: EventStore, plan: AnalyticPlan, step: StepPlan, options: CandidateOptions, groupKey: (row: Row) => string | null): Occurrence[] {
  const seen = new Set<number>();
  const events: Occurrence[] = [];
  for (const alt of step.alternatives) {
    for (const row of alternativeEvents(store, plan, alt, options)) {
      const id = Number(row.id);
      if (seen.has(id)) continue;
      seen.add(id);
      events.push({ row, rows: [row], ts: Number(row.ts), id, alternative: alt.name });
    }
  }
  events.sort((a, b) => a.ts - b.ts || a.id - b.id);
  if (!step.threshold) return events;
  return thresholdOccurrences(events, step, step.threshold, plan.within, groupKey);
}

/**
 * Folds a threshold step's events into bursts, per global and per-step key: scanning in
 * order with a sliding window, an occurrence is emitted at the first event where the
 * conditions hold, and the window starts empty again after it (bursts do not overlap).
 */
function thresholdOccurrences(events: Occurrence[], step: StepPlan, t: ThresholdPlan, sequenceWithin: number | null, groupKey: (row: Row) => string | null): Occurrence[] {
  const within = t.within ?? sequenceWithin ?? Number.POSITIVE_INFINITY;
  const windows = new Map<string, Occurrence[]>();
  const out: Occurrence[] = [];
  for (const e of events) {
    const g = groupKey(e.row);
    if (g === null) continue;
    const key = `${g}|${JSON.stringify(step.by.map((k) => lower(e.row[k])))}`;
    let window = windows.get(key);
    if (!window) windows.set(key, (window = []));
    window.push(e);
    while (window.length && e.ts - window[0]!.ts > within) window.shift();
    if (holds(window, t)) {
      out.push({ row: e.row, rows: window.flatMap((w) => w.rows), ts: e.ts, id: e.id, alternative: e.alternative });
      window.length = 0;
    }
  }
  return out;
}

function holds(window: readonly Occurrence[], t: ThresholdPlan): boolean {
  if (t.count && !t.count(window.length)) return false;
  return t.distinct.every((d) => d.test(new Set(window.map((w) => JSON.stringify(lower(w.row[d.key])))).size));
}

export function lower(v: SqlValue | undefined): SqlValue {
  return typeof v === 'string' ? v.toLowerCase() : v ?? null;
}
