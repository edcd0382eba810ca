// Running compiled analytics over a store: candidates per step (candidates.ts), the sequence
// search (matcher.ts), then chains rendered with join key values, per-step events, summaries,
// processes and links back to the raw records, and told as a story (format/story.ts) from the
// same rows. Output order is deterministic: by start time, then analytic id, then first event id.

import type { EventStore, Row } from '../types/store';
import { displayName } from '../raw/reader';
import type { AnalyticPlan } from '../dsl/compile/plan';
import type { Chain, ChainEvent, ChainStep } from '../types/chain';
import type { AnalyticStats, RunResult } from '../types/session';
import { registerLikeAny, stepOccurrences, type Occurrence, type Restriction } from './candidates';
import { joinKey } from './keys';
import { stepReach } from './reach';
import { extraColumns } from '../dsl/compile/plan';
import { match, type RawChain } from './matcher';
import { mergeEpisodes } from './episodes';
import { toChainEvent } from './chainEvent';
import { observationEvidence, observationsOf, withObservationRecords, type ObservationEvidence } from './observations';
import { chainStory } from '../format/story';
import { eventRows } from '../store/events';
import { dataSpan } from '../store/candidates';
import { rememberedReach, rememberedSpan } from './stepCache';

export interface RunOptions {
  /** A separate baseline dataset for first_seen()/rare() (`--baseline`). */
  readonly baseline?: EventStore;
  /** Candidate rows up to which a step counts as selective (default 4000; tests lower it to exercise narrowing). */
  readonly probeLimit?: number;
  /** Wall-clock time of the whole run (default RUN_TIME_BUDGET_MS); past it the run stops, keeping the chains found. */
  readonly timeBudgetMs?: number;
  /** Polled between steps and anchors: true stops the run mid-way (the editor's cancel, through shared memory). */
  readonly cancelled?: () => boolean;
}

/** Ten minutes: a run over a few million events takes seconds (docs/benchmarks.md). */
export const RUN_TIME_BUDGET_MS = 10 * 60 * 1000;

export function runAnalytics(store: EventStore, analytics: readonly AnalyticPlan[], options: RunOptions = {}): RunResult {
  const started = performance.now();
  const warnings: string[] = [];
  const budgetMs = options.timeBudgetMs ?? RUN_TIME_BUDGET_MS;
  let stopReason: string | undefined;
  const stop = (): boolean => {
    if (stopReason === undefined && options.cancelled?.()) stopReason = 'the run was cancelled; the chains found before are kept';
    if (stopReason === undefined && performance.now() - started > budgetMs) {
      stopReason = `the run reached its time budget of ${Math.round(budgetMs / 1000)} s and stopped; the chains found before are kept (run fewer analytics at a time, or load less)`;
    }
    return stopReason !== undefined;
  };
  // Before anything is remembered (stepCache.ts): registering a function moves the store's generation.
  registerLikeAny(store);
  const span = rememberedSpan(store, () => dataSpan(store));
  const dataStart = span.start;
  const dataEnd = span.end;
  const sources = new Map(store.sources().map((s) => [s.id, displayName(s)]));
  const chains: Chain[] = [];
  const stats: AnalyticStats[] = [];
  for (const plan of analytics) {
    if (stop()) break;
    const t0 = performance.now();
    const groupKey = joinKey(plan.by.map((b) => b.key));
    const byKey = (occurrences: Occurrence[]): Map<string, Occurrence[]> => {
      const map = new Map<string, Occurrence[]>();
      for (const o of occurrences) {
        const k = o.group;
        if (k === null) continue;
        let list = map.get(k);
        if (!list) map.set(k, (list = []));
        list.push(o);
      }
      return map;
    };
    const candidateOptions = { baselineStore: options.baseline, dataStart, dataEnd, categoryRows: span.categoryRows, warn: (m: string) => warnings.push(m) };
    // Every step is first read with a cap: selective steps come back whole, common ones stop
    // early. The most selective required step then narrows the others to its join keys and
    // the times around its events, and the common steps are read again, narrowed.
    // When no required step is selective, and the store keeps its columns in memory, each
    // step's events out of reach of the other steps' are left out there before any row is
    // made (reach.ts), and the steps are probed again. When still none is (a threshold's
    // selectivity shows only after counting), the first step is read whole and narrows the rest.
    const limit = options.probeLimit ?? PROBE_LIMIT;
    const probed = plan.steps.map((step) => stepOccurrences(store, plan, step, candidateOptions, groupKey, undefined, limit));
    const required = (o: Occurrence[] | null, i: number): o is Occurrence[] => o !== null && plan.steps[i]!.mode === 'required';
    const view = probed.some(required) || extraColumns(plan).names.length > 0 ? undefined : store.columns?.();
    const reach = view ? rememberedReach(store, plan, () => stepReach(view, plan)) : [];
    reach.forEach((r, i) => { if (r) probed[i] = stepOccurrences(store, plan, plan.steps[i]!, candidateOptions, groupKey, undefined, limit, r); });
    if (!probed.some(required) && plan.steps.length > 0) probed[0] = stepOccurrences(store, plan, plan.steps[0]!, candidateOptions, groupKey, undefined, undefined, reach[0]);
    const narrowest = probed.filter(required).sort((a, b) => a.length - b.length)[0];
    const restriction = narrowest ? neighbourhood(plan, narrowest) : undefined;
    const candidates: Record<string, number> = {};
    const steps = plan.steps.map((step, i) => {
      const occurrences = probed[i] ?? stepOccurrences(store, plan, step, candidateOptions, groupKey, restriction, undefined, reach[i])!;
      // Out-of-reach events are still the step's candidates: the count says where chains die (explain).
      candidates[step.name] = reach[i]?.candidates ?? occurrences.length;
      return byKey(occurrences);
    });
    const until = plan.until
      ? byKey(stepOccurrences(store, plan, { name: 'until', mode: 'required', by: [], gap: null, within: null, alternatives: [plan.until], threshold: null, columns: plan.columns, searchColumns: plan.columns }, candidateOptions, groupKey, restriction)!)
      : null;
    if (stop()) break;
    const found = match({ plan, steps, until, stop });
    const result = plan.merge === null ? found : { ...found, chains: mergeEpisodes(found.chains, plan.merge) };
    const eventIds = result.chains.map(chainEventIds);
    const observations = observationsOf(store, [...new Set(eventIds.flat())]);
    const renderBatch = (batch: readonly number[]): Chain[] => {
      const ids = batch.flatMap((i) => eventIds[i]!);
      const full = eventRows(store, withObservationRecords(observations, ids));
      const events = chainEvents(sources, full, observationEvidence(observations, full));
      // A story is told from the events the steps matched, not their observations' other records.
      const matched = new Map<number, Row>();
      for (const id of ids) if (full.has(id)) matched.set(id, full.get(id)!);
      return batch.map((i) => render(plan, result.chains[i]!, events, matched));
    };
    for (const chain of renderedInLoadOrder(result.chains, eventIds, renderBatch)) chains.push(chain);
    stats.push({ analytic: plan.id, candidates, chains: result.chains.length, truncated: result.truncated, millis: Math.round(performance.now() - t0) });
  }
  chains.sort((a, b) => a.start - b.start || (a.analytic < b.analytic ? -1 : a.analytic > b.analytic ? 1 : 0) || firstId(a) - firstId(b));
  return {
    chains,
    stats: { events: span.events, chains: chains.length, millis: Math.round(performance.now() - started), analytics: stats, warnings, ...(stopReason ? { stopReason } : {}) },
  };
}

/** Candidate rows (after the SQL prefilter) up to which a step counts as selective. */
const PROBE_LIMIT = 4000;
/** Most distinct join-key values, and time ranges, a narrowed step's SQL carries. */
const MAX_PUSHED_KEYS = 300;
const MAX_RANGES = 64;

/**
 * Every event of a chain shares the join key with, and lies within the window of, every other
 * event of it: so the events of one required step bound where the other steps' events can be:
 * the join key values (`host IN (...)`) and the time ranges around them, for the steps too
 * common to read whole. Key values are taken as seen and in upper and lower case (keys compare
 * case-insensitively; loaders write hosts upper case).
 */
function neighbourhood(plan: AnalyticPlan, occurrences: readonly Occurrence[]): Restriction {
  if (occurrences.length === 0) return { ranges: [] };
  let key: Restriction['key'];
  const first = plan.by[0];
  if (first && !first.key.startsWith('raw:')) {
    const values = new Set<string | number>();
    for (const o of occurrences) {
      const v = o.row[first.key];
      if (typeof v === 'number') values.add(v);
      else if (typeof v === 'string') { values.add(v); values.add(v.toUpperCase()); values.add(v.toLowerCase()); }
    }
    if (values.size <= MAX_PUSHED_KEYS) key = { column: first.key, values: [...values] };
  }
  if (plan.within === null) return key ? { key } : {};
  const thresholds = Math.max(0, ...plan.steps.map((s) => (s.threshold ? s.threshold.within ?? plan.within ?? 0 : 0)));
  const reach = plan.within + plan.slack + thresholds;
  // A burst's events lie within its window of each other, which `reach` covers: one range holds them all.
  const ranges = mergeRanges(occurrences.map((o) => [o.start - reach, o.ts + reach]));
  return key ? { key, ranges } : { ranges };
}

/** Sorted, non-overlapping ranges covering the given ones; at most MAX_RANGES (closest neighbours joined). */
function mergeRanges(input: [number, number][]): [number, number][] {
  const ranges: [number, number][] = [];
  for (const [lo, hi] of input.sort((a, b) => a[0] - b[0])) {
    const last = ranges[ranges.length - 1];
    if (last && lo <= last[1]) last[1] = Math.max(last[1], hi);
    else ranges.push([lo, hi]);
  }
  if (ranges.length <= MAX_RANGES) return ranges;
  // Keep the widest gaps as the splits between ranges.
  const splits = new Set(ranges.slice(1).map((r, i) => [r[0] - ranges[i]![1], i] as const).sort((a, b) => b[0] - a[0]).slice(0, MAX_RANGES - 1).map(([, i]) => i));
  const joined: [number, number][] = [[...ranges[0]!]];
  for (let i = 1; i < ranges.length; i++) {
    if (splits.has(i - 1)) joined.push([...ranges[i]!]);
    else joined[joined.length - 1]![1] = ranges[i]![1];
  }
  return joined;
}

/** An event's time on its observation's clock when corrected, else as logged. */
function timeOf(event: ChainEvent): number {
  return event.corrected_ts ?? event.ts;
}

function firstId(chain: Chain): number {
  return chain.steps.find((s) => s.events.length)?.events[0]?.id ?? 0;
}

/** The ids of the events a chain holds. */
function chainEventIds(chain: RawChain): number[] {
  const ids: number[] = [];
  const add = (o: Occurrence | null): void => {
    if (o) for (const id of o.ids) ids.push(id);
  };
  chain.anchors.forEach(add);
  chain.slots.forEach(add);
  for (const list of chain.corroborating) list.forEach(add);
  return ids;
}

/** Chain events read per batch of chains: a batch's whole rows are dropped once its chains are made. */
const BATCH_EVENTS = 4096;

/**
 * The chains rendered, listed in the matcher's order but made in the order of their first
 * events' ids (`eventIds`: per chain, the ids of its events), a batch of chain indexes at a
 * time: the rows and events a chain reads were made in id order, so neighbouring chains read
 * neighbouring memory. At 10M events, AN0327's 34,611 chains took
 * 1.9–2.0 s to render in the matcher's order (host by host, each host's chains spread over the
 * whole store) and 1.3 s in this one; in batches, the whole rows of its 275k chain events
 * (~1 KB each) need not all be held at once (docs/benchmarks.md).
 */
function renderedInLoadOrder(raws: readonly RawChain[], eventIds: readonly (readonly number[])[], renderBatch: (batch: readonly number[]) => Chain[]): Chain[] {
  const order = raws.map((_, i) => i).sort((a, b) => raws[a]!.anchors[0]!.id - raws[b]!.anchors[0]!.id);
  const chains = new Array<Chain>(raws.length);
  for (let from = 0; from < order.length;) {
    let to = from;
    for (let events = 0; to < order.length && (to === from || events < BATCH_EVENTS); to++) events += eventIds[order[to]!]!.length;
    const batch = order.slice(from, to);
    renderBatch(batch).forEach((chain, k) => { chains[batch[k]!] = chain; });
    from = to;
  }
  return chains;
}

/** A step's events: every record of its occurrences' observations, once each, in time order. */
type StepEvents = (occurrences: readonly Occurrence[]) => ChainEvent[];

/**
 * Chain events made once per event of a batch: chains of one batch can list the same event. A
 * map of every chain event of the run (275k at 10M events for AN0327) cost ~0.2 s in lookups
 * that missed the processor's caches (docs/benchmarks.md); neighbouring chains share a batch.
 */
function chainEvents(sources: ReadonlyMap<number, string>, full: ReadonlyMap<number, Row>, evidence: ObservationEvidence): StepEvents {
  const made = new Map<number, ChainEvent>();
  const eventOf = (row: Row): ChainEvent => {
    const id = Number(row.id);
    let event = made.get(id);
    if (!event) {
      event = toChainEvent(row, sources.get(Number(row.source_id)) ?? '', { obs_id: evidence.observation(row), corrected_ts: evidence.correctedTs(row) });
      made.set(id, event);
    }
    return event;
  };
  return (occurrences) => {
    const events: ChainEvent[] = [];
    for (const occurrence of occurrences) {
      for (const matched of occurrence.ids) {
        const stored = full.get(matched);
        // Read for the batch with every other chain event (renderBatch): always there.
        if (!stored) continue;
        for (const row of evidence.records(stored)) events.push(eventOf(row));
      }
    }
    // An event listed twice (two occurrences of one observation) is one object: adjacent once sorted.
    events.sort((a, b) => timeOf(a) - timeOf(b) || a.id - b.id);
    return events.filter((event, i) => i === 0 || event !== events[i - 1]);
  };
}

function render(plan: AnalyticPlan, { anchors, slots, corroborating }: RawChain, stepEvents: StepEvents, matched: ReadonlyMap<number, Row>): Chain {
  const steps: ChainStep[] = plan.steps.map((step, i) => {
    const occurrences = i === 0 ? anchors : slots[i] ? [slots[i]!, ...corroborating[i]!] : [];
    const events = stepEvents(occurrences);
    const alternative = occurrences[0]?.alternative;
    const base: ChainStep = { name: step.name, missing: events.length === 0, events };
    return alternative ? { ...base, alternative } : base;
  });
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  for (const step of steps) {
    for (const event of step.events) {
      start = Math.min(start, timeOf(event));
      end = Math.max(end, timeOf(event));
    }
  }
  const first = anchors[0]!.row;
  const key: Record<string, string | number | null> = {};
  for (const b of plan.by) key[b.name] = (first[b.key] as string | number | null) ?? null;
  const keyed = plan.steps.findIndex((s, i) => s.by.length && (i === 0 ? anchors[0] : slots[i]));
  if (keyed >= 0) {
    const row = (keyed === 0 ? anchors[0] : slots[keyed])!.row;
    plan.steps[keyed]!.by.forEach((k) => { key[k.replace(/^raw:/, '')] = (row[k] as string | number | null) ?? null; });
  }
  const chain: Chain = { analytic: plan.id, title: plan.title, severity: plan.severity, key, start, end, steps };
  return { ...chain, story: chainStory(chain, matched) };
}
