// Why an analytic reported nothing on a host: the first step after which no partial chain
// on that host survives, and the events nearest to what that step wanted. The analytic cut
// after each step is run in turn (the near-miss view `huntbench explain` shows per step);
// the step where the host's partial chains die is the one to read. Its nearest candidates
// are the host's events matching the step's selection alone (they failed on the window,
// order or references), nearest in time to the surviving partial chain; when the selection
// matches nothing on the host, the host's events of the step's categories that followed.

import type { AnalyticPlan, StepPlan } from '../dsl/compile/plan';
import { lower, stepOccurrences } from '../match/candidates';
import type { Chain, ChainEvent } from '../types/chain';
import { toChainEvent } from '../match/chainEvent';
import { runAnalytics, type RunOptions } from '../match/run';
import { displayName } from '../raw/reader';
import type { EventStore, Row } from '../types/store';
import { sameHost } from './confusion';

export interface MissExplanation {
  /** The step after which no partial chain on the host remains. */
  readonly step: string;
  /** Partial chains on the host that got through the steps before it. */
  readonly reachedBefore: number;
  /** Events on the host matching the step's selection alone. */
  readonly candidates: number;
  /** Up to NEAREST events: what came closest to filling the step. */
  readonly nearest: readonly ChainEvent[];
}

const NEAREST = 5;

export function explainMiss(store: EventStore, plan: AnalyticPlan, host: string, options: RunOptions = {}): MissExplanation | null {
  let before: Chain[] = [];
  for (let i = 0; i < plan.steps.length; i++) {
    const prefix: AnalyticPlan = { ...plan, steps: plan.steps.slice(0, i + 1) };
    const onHost = runAnalytics(store, [prefix], options).chains.filter((c) => sameHost(c.key.host, host));
    if (onHost.length > 0) { before = onHost; continue; }
    const step = plan.steps[i]!;
    const candidates = hostCandidates(store, plan, step, host, options);
    const at = before.length ? Math.min(...before.map((c) => c.end)) : null;
    const sources = new Map(store.sources().map((s) => [s.id, displayName(s)]));
    const nearest = (candidates.length ? nearestInTime(candidates, at) : following(store, plan, step, host, at)).map((r) => toChainEvent(r, sources.get(Number(r.source_id)) ?? ''));
    return { step: step.name, reachedBefore: before.length, candidates: candidates.length, nearest };
  }
  return null;
}

function hostCandidates(store: EventStore, plan: AnalyticPlan, step: StepPlan, host: string, options: RunOptions): Row[] {
  const span = store.all('SELECT min(ts) AS start, max(ts) AS end FROM events WHERE ts IS NOT NULL')[0];
  const groupKey = (row: Row): string | null => {
    const values = plan.by.map((b) => lower(row[b.key]));
    return values.some((v) => v == null || v === '') ? null : JSON.stringify(values);
  };
  const occurrences = stepOccurrences(store, plan, step, { baselineStore: options.baseline, dataStart: Number(span?.start ?? 0), dataEnd: Number(span?.end ?? 0), warn: () => {} }, groupKey) ?? [];
  const ids = occurrences.filter((o) => sameHost(o.row.host, host)).map((o) => o.id);
  return ids.length ? rowsById(store, ids) : [];
}

function rowsById(store: EventStore, ids: readonly number[]): Row[] {
  const rows: Row[] = [];
  for (let i = 0; i < ids.length; i += 500) {
    const chunk = ids.slice(i, i + 500);
    rows.push(...store.all(`SELECT * FROM events WHERE id IN (${chunk.map(() => '?').join(', ')}) ORDER BY ts, id`, chunk));
  }
  return rows;
}

function nearestInTime(rows: readonly Row[], at: number | null): Row[] {
  if (at === null) return rows.slice(0, NEAREST);
  return [...rows].sort((a, b) => Math.abs(Number(a.ts) - at) - Math.abs(Number(b.ts) - at)).slice(0, NEAREST)
    .sort((a, b) => Number(a.ts) - Number(b.ts) || Number(a.id) - Number(b.id));
}

/** The host's events of the step's categories from `at` on (from the start without one). */
function following(store: EventStore, plan: AnalyticPlan, step: StepPlan, host: string, at: number | null): Row[] {
  const categories = step.alternatives.some((a) => a.categories === null) ? null : [...new Set(step.alternatives.flatMap((a) => a.categories ?? []))];
  const where = ['ts IS NOT NULL', '(host = ? COLLATE NOCASE OR host LIKE ?)'];
  const params: (string | number)[] = [host, `${host}.%`];
  if (categories) { where.push(`category IN (${categories.map(() => '?').join(', ')})`); params.push(...categories); }
  if (at !== null) { where.push('ts >= ?'); params.push(at - plan.slack); }
  return store.all(`SELECT * FROM events WHERE ${where.join(' AND ')} ORDER BY ts, id LIMIT ${NEAREST}`, params);
}
