// Running compiled Sigma rules over a store in one pass. Rules are grouped by their
// logsource branch; one read (store/recordPointers.ts) gives the pointers of every event some
// group wants (in id order, so raw records are read sequentially), each such event's record is decoded once,
// and per group an atom index (atomIndex.ts) over the fields the rules test picks the rules
// whose necessary atoms occur; only those (and rules without atoms) evaluate their predicate.
// 2,400 rules cost one scan and one decode per candidate event, not 2,400 scans.

import { lastEventId } from '../store/events';
import { eachSelectedPointer, type PointerVisitor, type SourceFilter } from '../store/recordPointers';
import type { EventStore } from '../types/store';
import { AtomIndex, indexForm, type IndexedAtom } from './atomIndex';
import type { CompiledRule } from './compile';
import { ANY_FIELD } from './modifiers';
import type { FieldShape, SigmaEvent, Predicate } from './event';
import type { LogsourceBranch } from './logsource';
import type { SigmaRule } from './model';
import { looseName, RecordReader } from './records';

export interface RuleDetections {
  readonly rule: SigmaRule;
  /** Ids of the matching events, ascending. */
  readonly events: number[];
}

export interface SigmaRunStats {
  /** Events some rule's logsource selects. */
  readonly candidates: number;
  /** Predicate evaluations after the atom prefilter. */
  readonly evaluations: number;
  readonly millis: number;
}

export interface SigmaRunResult {
  readonly detections: RuleDetections[];
  readonly stats: SigmaRunStats;
  readonly cancelled: boolean;
}

export interface SigmaRunOptions {
  /** Called now and then with the share of events read (0..1). */
  onProgress?(fraction: number): void;
  /** Polled while running; true stops the run (the result says cancelled). */
  isCancelled?(): boolean;
}

interface Entry {
  readonly rule: number;
  readonly predicate: Predicate;
}

interface Group {
  readonly branch: LogsourceBranch;
  readonly providers?: ReadonlySet<string>;
  readonly channels?: ReadonlySet<string>;
  readonly entries: Entry[];
  /** Entries without usable atoms: always evaluated. */
  readonly always: number[];
  /** Field → index of the atoms on that field. */
  indexes: Map<string, AtomIndex>;
  /** Loose field name (records.looseName) → the indexed field names with that loose form. */
  byLoose: Map<string, string[]>;
  readonly atoms: Map<string, IndexedAtom[]>;
}

const lowerSet = (xs: readonly string[] | undefined): ReadonlySet<string> | undefined => (xs ? new Set(xs.map((x) => x.toLowerCase())) : undefined);

function groupKey(b: LogsourceBranch): string {
  const sorted = (xs: readonly (string | number)[] | undefined): string => (xs ? [...xs].map(String).map((x) => x.toLowerCase()).sort().join(',') : '*');
  return `${sorted(b.providers)}|${sorted(b.channels)}|${sorted(b.eventIds)}`;
}

function buildGroups(rules: readonly CompiledRule[]): Group[] {
  const groups = new Map<string, Group>();
  rules.forEach((compiled, rule) => {
    for (const b of compiled.branches) {
      const key = groupKey(b.branch);
      let group = groups.get(key);
      if (!group) {
        group = { branch: b.branch, providers: lowerSet(b.branch.providers), channels: lowerSet(b.branch.channels), entries: [], always: [], indexes: new Map(), byLoose: new Map(), atoms: new Map() };
        groups.set(key, group);
      }
      const entry = group.entries.length;
      group.entries.push({ rule, predicate: b.predicate });
      const atoms = b.atoms?.map((a) => ({ field: a.field, text: indexForm(a.text) }));
      if (!atoms || atoms.some((a) => a.text === '')) {
        group.always.push(entry);
        continue;
      }
      for (const a of atoms) {
        let list = group.atoms.get(a.field);
        if (!list) group.atoms.set(a.field, (list = []));
        list.push({ text: a.text, entry });
      }
    }
  });
  for (const g of groups.values()) {
    g.indexes = new Map([...g.atoms].map(([field, atoms]) => [field, new AtomIndex(atoms)]));
    for (const field of g.indexes.keys()) {
      if (field === ANY_FIELD) continue;
      const loose = looseName(field);
      g.byLoose.set(loose, [...(g.byLoose.get(loose) ?? []), field]);
    }
  }
  return [...groups.values()];
}

/** Groups (and their atom indexes) are built once per set of compiled rules. */
const GROUPS = new WeakMap<readonly CompiledRule[], Group[]>();

/** Events read per slice: a run yields between slices (progress, cancel, an async caller's event loop). */
const SLICE = 50_000;

export function runSigmaRules(store: EventStore, rules: readonly CompiledRule[], options: SigmaRunOptions = {}): SigmaRunResult {
  const steps = runSteps(store, rules, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** The same run, yielding to the event loop between slices so a cancel can arrive (the engine worker). */
export async function runSigmaRulesAsync(store: EventStore, rules: readonly CompiledRule[], options: SigmaRunOptions = {}): Promise<SigmaRunResult> {
  const steps = runSteps(store, rules, options);
  for (let step = steps.next(); ; step = steps.next()) {
    if (step.done) return step.value;
    await new Promise((resolve) => setImmediate(resolve));
  }
}

function* runSteps(store: EventStore, rules: readonly CompiledRule[], options: SigmaRunOptions): Generator<void, SigmaRunResult> {
  const started = Date.now();
  let groups = GROUPS.get(rules);
  if (!groups) GROUPS.set(rules, (groups = buildGroups(rules)));
  const byEventId = new Map<number, Group[]>();
  const anyEventId: Group[] = [];
  for (const g of groups) {
    if (!g.branch.eventIds) anyEventId.push(g);
    else for (const id of g.branch.eventIds) byEventId.set(id, [...(byEventId.get(id) ?? []), g]);
  }
  const detections: RuleDetections[] = rules.map((c) => ({ rule: c.rule, events: [] }));
  const reader = new RecordReader(store);
  const filters: SourceFilter[] = groups.map((g) => ({ providers: g.providers && [...g.providers], channels: g.channels && [...g.channels], eventIds: g.branch.eventIds }));
  const maxId = lastEventId(store) || 1;
  let candidates = 0;
  let evaluations = 0;
  let cancelled = false;
  const hits = new Uint8Array(Math.max(1, ...groups.map((g) => g.entries.length)));
  const touched: number[] = [];

  const mark = (entry: number): void => {
    if (hits[entry] === 0) { hits[entry] = 1; touched.push(entry); }
  };
  // Per kind of record (its shape) and group: which indexed fields to scan. Records of one
  // kind share their names, so the loose-name matching is done once per kind.
  type Plan = (readonly [string, AtomIndex])[];
  const fieldPlan = (g: Group, shape: FieldShape): Plan => {
    let plan = shape.memo.get(g) as Plan | undefined;
    if (!plan) {
      plan = shape.names.flatMap((name) => (g.byLoose.get(looseName(name)) ?? []).map((field) => [field, g.indexes.get(field)!] as const));
      shape.memo.set(g, plan);
    }
    return plan;
  };

  const evaluate = (g: Group, event: SigmaEvent, id: number): void => {
    touched.length = 0;
    const shape = event.shape();
    if (shape) {
      for (const [field, index] of fieldPlan(g, shape)) {
        const text = event.text(field);
        if (text !== undefined) index.scan(text, mark);
      }
    } else {
      for (const [field, index] of g.indexes) {
        if (field === ANY_FIELD) continue;
        const text = event.text(field);
        if (text !== undefined) index.scan(text, mark);
      }
    }
    const any = g.indexes.get(ANY_FIELD);
    if (any) for (const text of event.texts(true)) any.scan(text, mark);
    for (const entry of g.always) mark(entry);
    for (const entry of touched) {
      hits[entry] = 0;
      const e = g.entries[entry]!;
      evaluations++;
      if (!e.predicate(event)) continue;
      const list = detections[e.rule]!.events;
      if (list[list.length - 1] !== id) list.push(id);
    }
  };

  // Per event: the groups its event id and log source select; the record is decoded once, on
  // the first group that wants it.
  let event: SigmaEvent | undefined;
  const consider = (g: Group, provider: string | null, channel: string | null, id: number, sourceId: number, offset: number, length: number): void => {
    if (g.providers && (provider === null || !g.providers.has(provider))) return;
    if (g.channels && (channel === null || !g.channels.has(channel))) return;
    event ??= reader.event({ id, sourceId, offset, length });
    evaluate(g, event, id);
  };
  const onPointer: PointerVisitor = (id, sourceId, offset, length, provider, channel, eventId) => {
    candidates++;
    event = undefined;
    if (eventId !== null) {
      const byId = byEventId.get(eventId);
      if (byId) for (const g of byId) consider(g, provider, channel, id, sourceId, offset, length);
    }
    for (const g of anyEventId) consider(g, provider, channel, id, sourceId, offset, length);
  };

  for (let from = 1; from <= maxId; from += SLICE) {
    if (options.isCancelled?.()) { cancelled = true; break; }
    eachSelectedPointer(store, filters, from, from + SLICE - 1, onPointer);
    options.onProgress?.(Math.min(1, (from + SLICE - 1) / maxId));
    yield;
  }
  return { detections, stats: { candidates, evaluations, millis: Date.now() - started }, cancelled };
}
