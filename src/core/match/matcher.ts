// The sequence engine. Occurrences of every step are grouped by the global join key
// (`sequence by host`) and kept in total order (ts, then event id = load order). Each
// occurrence of the first step anchors a search for the earliest completion: steps are
// filled in order, each with the earliest later occurrence that satisfies the window, the
// gap, the per-step key and the references to earlier steps, backtracking when a later step
// cannot be filled (so a completion is never missed because an earlier pick was greedy).
// `slack` relaxes that order by a clock tolerance. Optional steps prefer an event and fall
// back to missing; absent steps must have no event between their neighbours; `until` kills
// a chain when it arrives before the chain completes.
// Anchors whose completions are identical merge into one chain (see docs/language.md).
// With slack, a later step also lists the other events that fit it within `slack` of the one
// taken: the same observation logged by several sources (Security 4688 and Sysmon 1).

import type { Row } from '../types/store';
import type { AnalyticPlan, StepPlan } from '../dsl/compile/plan';
import type { References } from '../dsl/compile/predicate';
import { equals } from '../dsl/semantics/values';
import { before, type Occurrence } from './candidates';

/** A completed chain before it is rendered: one slot per step, null when missing or absent. */
export interface RawChain {
  readonly key: string;
  readonly anchors: Occurrence[];
  readonly slots: readonly (Occurrence | null)[];
  /** Per step: other events that fit it within `slack` of the slot's event (empty without slack). */
  readonly corroborating: readonly Occurrence[][];
}

/** How many extension attempts one anchor may make before its search is cut off. */
export const SEARCH_BUDGET = 20_000;

export interface MatchInput {
  readonly plan: AnalyticPlan;
  /** Per step: occurrences by global key, each list in total order. */
  readonly steps: readonly Map<string, Occurrence[]>[];
  readonly until: Map<string, Occurrence[]> | null;
  /** Asked before each anchor: true ends the search there (time budget, cancel); the chains so far are kept. */
  readonly stop?: () => boolean;
}

export interface MatchResult {
  readonly chains: RawChain[];
  /** Anchors whose search hit SEARCH_BUDGET. */
  readonly truncated: number;
  /** True when `stop` ended the search before every anchor was tried. */
  readonly stopped?: boolean;
}

/** First index in `list` whose occurrence comes after `after` in total order. */
function firstAfter(list: readonly Occurrence[], after: Occurrence): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (before(after, list[mid]!) ) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** First index in `list` whose time is at or after `ts`. */
function firstAtOrAfter(list: readonly Occurrence[], ts: number): number {
  let lo = 0;
  let hi = list.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (list[mid]!.ts >= ts) hi = mid; else lo = mid + 1;
  }
  return lo;
}

/** The id of a completion's last event after the anchor (-1 when no later step holds one). */
function lastId(slots: readonly (Occurrence | null)[]): number {
  for (let i = slots.length - 1; i > 0; i--) if (slots[i]) return slots[i]!.id;
  return -1;
}

/** Whether two completions hold the same events after the anchor. */
function sameCompletion(a: readonly (Occurrence | null)[], b: readonly (Occurrence | null)[]): boolean {
  for (let i = 1; i < a.length; i++) if ((a[i]?.id ?? -1) !== (b[i]?.id ?? -1)) return false;
  return true;
}

function keyValues(step: StepPlan, row: Row): Row[string][] {
  return step.by.map((k) => row[k] ?? null);
}

export function match(input: MatchInput): MatchResult {
  const { plan } = input;
  const n = plan.steps.length;
  const chains: RawChain[] = [];
  let truncated = 0;
  const first = input.steps[0];
  if (!first || n === 0) return { chains, truncated };

  const stepIndex = new Map(plan.steps.map((step, i) => [step.name, i]));
  for (const [key, anchors] of [...first.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
    // This key's chains by the id of their last event: anchors whose completions are identical merge.
    const byLast = new Map<number, RawChain[]>();
    for (const anchor of anchors) {
      if (input.stop?.()) return { chains, truncated, stopped: true };
      let budget = SEARCH_BUDGET;
      const slots: (Occurrence | null)[] = new Array(n).fill(null);
      slots[0] = anchor;
      const windowEnd = plan.within === null ? Number.POSITIVE_INFINITY : anchor.ts + plan.within;
      // References read the rows of the events in the slots: no map of them to keep in step.
      const refs: References = { get: (name) => { const i = stepIndex.get(name); return i === undefined ? undefined : slots[i]?.row; } };
      const joinOf = (i: number): Row[string][] | null => {
        for (let j = 0; j < i; j++) if (slots[j] && plan.steps[j]!.by.length) return keyValues(plan.steps[j]!, slots[j]!.row);
        return null;
      };
      const fits = (i: number, occ: Occurrence, last: Occurrence): boolean => {
        const step = plan.steps[i]!;
        if (occ.ts > windowEnd) return false;
        if (step.gap !== null && occ.ts - last.ts > step.gap) return false;
        // A burst (threshold step) lies after the previous step as a whole, not just its last event.
        if (occ.start < last.ts - plan.slack) return false;
        const alt = step.alternatives.find((a) => a.name === occ.alternative);
        if (!step.by.length && !alt?.link) return true;
        const row = occ.row;
        if (step.by.length) {
          const join = joinOf(i);
          const mine = keyValues(step, row);
          if (join && !join.every((v, k) => equals(v, mine[k]))) return false;
          if (mine.some((v) => v == null)) return false;
        }
        return !alt?.link || alt.link({ row, refs, baseline: null, tuples: [] });
      };
      const absenceHolds = (i: number): boolean => {
        let prev: Occurrence | null = null;
        for (let j = i - 1; j >= 0 && !prev; j--) prev = slots[j] ?? null;
        let next: Occurrence | null = null;
        for (let j = i + 1; j < n && !next; j++) next = slots[j] ?? null;
        const step = plan.steps[i]!;
        const limit = Math.min(windowEnd, step.within === null ? Number.POSITIVE_INFINITY : prev!.ts + step.within);
        const list = input.steps[i]!.get(key) ?? [];
        for (let k = firstAfter(list, prev!); k < list.length; k++) {
          const occ = list[k]!;
          if (occ.ts > limit || (next && !before(occ, next))) break;
          if (fits(i, occ, prev!)) return false;
        }
        return true;
      };
      const untilHolds = (): boolean => {
        const list = input.until?.get(key);
        if (!list) return true;
        let last = anchor;
        for (const s of slots) if (s && before(last, s)) last = s;
        const k = firstAfter(list, anchor);
        return !(k < list.length && !before(last, list[k]!));
      };
      const extend = (i: number, last: Occurrence): boolean => {
        if (--budget < 0) return false;
        if (i === n) {
          for (let j = 1; j < n; j++) if (plan.steps[j]!.mode === 'absent' && !absenceHolds(j)) return false;
          return untilHolds();
        }
        const step = plan.steps[i]!;
        if (step.mode === 'absent') return extend(i + 1, last);
        const list = input.steps[i]!.get(key) ?? [];
        // With slack, a step may take an event up to `slack` earlier than the previous one
        // (mixed clock precision), but never an event the chain already holds.
        const from = plan.slack > 0 ? firstAtOrAfter(list, last.ts - plan.slack) : firstAfter(list, last);
        for (let k = from; k < list.length; k++) {
          const occ = list[k]!;
          if (occ.ts > windowEnd) break;
          if (plan.slack > 0 && slots.some((s) => s?.id === occ.id)) continue;
          if (!fits(i, occ, last)) continue;
          slots[i] = occ;
          if (extend(i + 1, occ)) return true;
          slots[i] = null;
          if (budget < 0) return false;
        }
        return step.mode === 'optional' ? extend(i + 1, last) : false;
      };
      const corroborate = (): Occurrence[][] => slots.map((slot, i) => {
        if (i === 0 || !slot || plan.slack === 0) return [];
        let last = anchor;
        for (let j = i - 1; j > 0 && last === anchor; j--) last = slots[j] ?? anchor;
        let next: Occurrence | null = null;
        for (let j = i + 1; j < n && !next; j++) next = slots[j] ?? null;
        const list = input.steps[i]!.get(key) ?? [];
        const extra: Occurrence[] = [];
        for (let k = firstAtOrAfter(list, slot.ts - plan.slack); k < list.length && list[k]!.ts <= slot.ts + plan.slack; k++) {
          const occ = list[k]!;
          // Within the slack of the events taken for the steps around it: a chain does not run backwards.
          if (occ.ts < last.ts - plan.slack || (next && occ.ts > next.ts + plan.slack)) continue;
          if (occ.alternative === slot.alternative && !slots.some((s) => s?.id === occ.id) && fits(i, occ, last)) extra.push(occ);
        }
        return extra;
      });
      const found = extend(1, anchor);
      if (budget < 0) truncated++;
      if (!found) continue;
      // A one-step analytic has no completion to share: every anchor is its own chain.
      const last = lastId(slots);
      const same = n === 1 ? undefined : byLast.get(last)?.find((c) => sameCompletion(c.slots, slots));
      if (same) {
        same.anchors.push(anchor);
        continue;
      }
      const chain: RawChain = { key, anchors: [anchor], slots: [...slots], corroborating: corroborate() };
      chains.push(chain);
      if (n === 1) continue;
      const list = byLast.get(last);
      if (list) list.push(chain);
      else byLast.set(last, [chain]);
    }
  }
  return { chains, truncated };
}
