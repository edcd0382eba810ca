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
import { looseName } from '../raw/field';
import { RecordReader } from './records';

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
  /** Slices of the id range each thread scanned, the calling thread first (one entry: one thread). */
  readonly slices: readonly number[];
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
  /**
   * Threads for an async run (parallelRun.ts); default: one per core (at most 4) on a store of
   * at least PARALLEL_MIN_EVENTS events, else one. Synchronous runs use one.
   */
  threads?: number;
  /** Events per slice of an async run over threads (default PARALLEL_SLICE; tests take small ones). */
  slice?: number;
  /** False: in a run over threads the calling thread only hands out slices (tests make the workers take them all). */
  callerScans?: boolean;
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
  return `${sorted(b.providers)}|${sorted(b.channels)}|${sorted(b.eventIds)}|${JSON.stringify(b.where ?? null)}|${JSON.stringify(b.constants ?? null)}`;
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
export const SLICE = 50_000;

/**
 * The rules' evaluation over event id ranges: each call to scan() reads the events of one
 * range and adds their matches to `detections` (ranges are scanned in ascending order within
 * one scanner, so each rule's list stays ascending). A run scans all ranges with one scanner;
 * a run over threads (parallelRun.ts) has one per thread and merges their lists.
 */
export interface RangeScanner {
  /** Per rule (in the rules' order), the ids of its matching events. */
  readonly detections: number[][];
  scan(from: number, to: number): void;
  candidates(): number;
  evaluations(): number;
}

export function rangeScanner(store: EventStore, rules: readonly CompiledRule[]): RangeScanner {
  let groups = GROUPS.get(rules);
  if (!groups) GROUPS.set(rules, (groups = buildGroups(rules)));
  const byEventId = new Map<number, Group[]>();
  const anyEventId: Group[] = [];
  for (const g of groups) {
    if (!g.branch.eventIds) anyEventId.push(g);
    else for (const id of g.branch.eventIds) byEventId.set(id, [...(byEventId.get(id) ?? []), g]);
  }
  const detections: number[][] = rules.map(() => []);
  const reader = new RecordReader(store);
  const filters: SourceFilter[] = groups.map((g) => ({ providers: g.providers && [...g.providers], channels: g.channels && [...g.channels], eventIds: g.branch.eventIds }));
  let candidates = 0;
  let evaluations = 0;
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
      const list = detections[e.rule]!;
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

  return {
    detections,
    scan: (from, to) => eachSelectedPointer(store, filters, from, to, onPointer),
    candidates: () => candidates,
    evaluations: () => evaluations,
  };
}

export function runSigmaRules(store: EventStore, rules: readonly CompiledRule[], options: SigmaRunOptions = {}): SigmaRunResult {
  const steps = runSteps(store, rules, options);
  for (let step = steps.next(); ; step = steps.next()) if (step.done) return step.value;
}

/** A run's result from its scanners' per-rule lists (each ascending, over disjoint ranges). */
export function runResult(rules: readonly CompiledRule[], scanned: readonly (readonly number[][])[], stats: SigmaRunStats, cancelled: boolean): SigmaRunResult {
  const detections = rules.map((c, rule) => {
    const lists = scanned.map((d) => d[rule]!).filter((l) => l.length > 0);
    const events = lists.length === 1 ? lists[0]! : lists.flat().sort((a, b) => a - b);
    return { rule: c.rule, events };
  });
  return { detections, stats, cancelled };
}

/** The run one slice at a time: a caller yields between steps (progress, cancel). */
export function* runSteps(store: EventStore, rules: readonly CompiledRule[], options: SigmaRunOptions): Generator<void, SigmaRunResult> {
  const started = Date.now();
  const scanner = rangeScanner(store, rules);
  const maxId = lastEventId(store) || 1;
  let cancelled = false;
  let slices = 0;
  for (let from = 1; from <= maxId; from += SLICE) {
    if (options.isCancelled?.()) { cancelled = true; break; }
    scanner.scan(from, from + SLICE - 1);
    slices++;
    options.onProgress?.(Math.min(1, (from + SLICE - 1) / maxId));
    yield;
  }
  return runResult(rules, [scanner.detections], { candidates: scanner.candidates(), evaluations: scanner.evaluations(), millis: Date.now() - started, slices: [slices] }, cancelled);
}
