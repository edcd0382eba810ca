// A step's occurrences, the data span, and where an analytic's steps can be (reach.ts),
// remembered per store: running analytics again over the same data (the editor after an edit
// of another analytic, explain per step, the four built-ins run one by one) takes the sets
// read before instead of reading the store again. An entry belongs to one
// compiled step (an edited analytic compiles to new objects) and to how it was read (the
// restriction, the probe limit, the data span that places `baseline first`); it holds while
// the store's generation (counting its writes and registered functions) is the one it was
// read at. Not remembered: steps of analytics that read Sigma matches (the session updates
// those without writing to the store), and analytics that declare a baseline dataset (read
// without one, the step warns about it, every run); the caller leaves out runs against a
// separate baseline store.

import type { EventStore } from '../types/store';
import type { AnalyticPlan, StepPlan } from '../dsl/compile/plan';
import type { Occurrence } from './candidates';
import type { DataSpan } from '../store/candidates';
import type { StepReach } from './reach';

/** Occurrences held per store at most; past it the store's entries are dropped and refilled. */
const MAX_HELD = 1_000_000;

interface StoreEntry {
  readonly generation: number;
  held: number;
  readonly steps: WeakMap<StepPlan, Map<string, Occurrence[] | null>>;
  /** The data span (events, first and last time) and the categories' sampled sizes: a count over every event, once per generation. */
  span?: DataSpan;
  /** Per compiled analytic, where its steps' events can be (reach.ts). */
  readonly reach: WeakMap<AnalyticPlan, readonly (StepReach | undefined)[]>;
}

const stores = new WeakMap<EventStore, StoreEntry>();

/** The store's entry for its current generation, or undefined when it has none (nothing is kept). */
function entryOf(store: EventStore): StoreEntry | undefined {
  const generation = store.generation;
  if (generation === undefined) return undefined;
  let entry = stores.get(store);
  if (!entry || entry.generation !== generation || entry.held > MAX_HELD) stores.set(store, (entry = { generation, held: 0, steps: new WeakMap(), reach: new WeakMap() }));
  return entry;
}

/** `read()`, or what it returned before for the store at this generation. */
export function rememberedSpan(store: EventStore, read: () => DataSpan): DataSpan {
  const entry = entryOf(store);
  if (!entry) return read();
  return (entry.span ??= read());
}

/** `read()`, or what it returned before for the same compiled analytic at this store generation. */
export function rememberedReach(store: EventStore, plan: AnalyticPlan, read: () => readonly (StepReach | undefined)[]): readonly (StepReach | undefined)[] {
  const entry = plan.sigmaRules.length > 0 ? undefined : entryOf(store);
  if (!entry) return read();
  let reach = entry.reach.get(plan);
  if (!reach) entry.reach.set(plan, (reach = read()));
  return reach;
}

/** `read()`, or what it returned before for the same step, store generation and `how`. */
export function remembered(store: EventStore, plan: AnalyticPlan, step: StepPlan, how: unknown, read: () => Occurrence[] | null): Occurrence[] | null {
  const entry = plan.baseline?.source === 'dataset' || plan.sigmaRules.length > 0 ? undefined : entryOf(store);
  if (!entry) return read();
  let byHow = entry.steps.get(step);
  if (!byHow) entry.steps.set(step, (byHow = new Map()));
  const key = JSON.stringify(how);
  if (byHow.has(key)) return byHow.get(key)!;
  const found = read();
  byHow.set(key, found);
  entry.held += found?.length ?? 0;
  return found;
}
