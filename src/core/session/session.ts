// The engine's one API: a hunt session owns one store and answers everything a front end
// asks of it: load, stats, query, run, explain, candidates, raw records, an event's columns,
// neighbours, field values. The CLI calls it directly; the VS Code engine worker is a
// dispatcher whose messages (src/protocol/worker.ts) mirror these methods one for one; tests
// call it like either. Chains come back with their events' processes (lineage) attached, so a
// timeline needs nothing more. Answers are plain data (types/session.ts).

import { loadPaths, type IngestModules, type LoadOptions } from '../ingest/load';
import { defaultModules } from '../ingest/loadModules';
import { runAnalytics, type RunOptions } from '../match/run';
import { toChainEvent } from '../match/chainEvent';
import type { AnalyticPlan } from '../dsl/compile/plan';
import { RawReader, displayName } from '../raw/reader';
import { rewriteAliases } from '../store/aliasSql';
import { columnsWithData, eventRow, eventRows, firstEventIds, neighbourRows, topValues } from '../store/events';
import { RawAccess } from '../store/rawAccess';
import { recordFieldReader } from '../ingest/recordFields';
import { SqlStore, type StoreOptions } from '../store/sqlStore';
import { resolveField } from '../schema/aliases';
import type { ChainEvent } from '../types/chain';
import type { LoadReport, SourceReport } from '../types/reports';
import type { AnalyticDocument, AnalyticRun, EventRecord, Explanation, Lists, QueryResult, RawEvent, RunResult, SessionStats, SigmaMark, SigmaReport, SigmaRuleRef, TestResult, ValueCount, WhyNotRequest } from '../types/session';
import type { Row, SqlValue } from '../types/store';
import { SigmaMatchIndex } from '../sigma/matchIndex';
import { runPack, runPackAsync, type PackResult } from '../sigma/evaluate';
import { loadPack, type SigmaPack } from '../sigma/pack';
import { sigmaReport } from '../sigma/report';
import type { SigmaRunOptions } from '../sigma/run';
import { boundedQuery } from './boundedQuery';
import { DEFAULT_QUERY_BUDGET, type QueryBudget } from './queryBudget';
import { explain, loadDocument, runDocuments } from './analytics';
import { runInlineTests } from './inlineTests';
import { readAddressBook } from '../store/hostQueries';
import { readInventory } from '../hosts/inventory';
import type { AddressClaim, AddressConflict } from '../types/reports';

export { DEFAULT_BUDGET_BYTES } from '../store/sqlStore';

export interface QueryOptions {
  /** Rows returned at most; `truncated` says when more matched. */
  readonly limit?: number;
}

export interface BoundedQueryOptions extends QueryOptions {
  readonly budget?: Partial<QueryBudget>;
  readonly signal?: AbortSignal;
}

/** Store bookkeeping (where an event's raw record lives), not fields an analytic reads. */
const POINTER_COLUMNS = new Set(['id', 'source_id', 'line', 'offset', 'length']);
/** Raw records sampled for original (unmapped) field names. */
const FIELD_SAMPLE = 200;

export class HuntSession {
  private readonly loaded: SourceReport[] = [];
  private readonly conflicts: AddressConflict[] = [];
  private readonly rawAccess: RawAccess;
  /** The Sigma rules `.hunt` steps name with sigma("…"), and their matches in this session. */
  readonly sigma: SigmaMatchIndex;
  /** The rule paths of the pack `sigma` holds (set by run()), to reload it only when they change. */
  private sigmaPaths: string | undefined;
  /** The last Sigma report (sigmaReport()), which sigmaMarks() reads. */
  private lastSigma: SigmaReport | undefined;
  /** The budget of the last load, when it named one. */
  private budget: number | undefined;
  private originalFields: string[] | undefined;
  /** The last explanation `candidates` computed: hovering a step's siblings asks the same again. */
  private lastExplanation: { readonly key: string; readonly explanation: Explanation } | undefined;

  private constructor(readonly store: SqlStore, private readonly modules: IngestModules) {
    this.rawAccess = new RawAccess(store, new RawReader(modules.renderers), recordFieldReader);
    this.sigma = new SigmaMatchIndex(store);
    store.setReadOnly(true);
  }

  static async create(modules: IngestModules = defaultModules, options: StoreOptions = {}): Promise<HuntSession> {
    return new HuntSession(await SqlStore.open(options), modules);
  }

  /** Events, database size against its budget, the per-source reports of every load (in load order), the address book and its conflicts. */
  stats(): SessionStats {
    return {
      events: this.store.eventCount(), sizeBytes: this.store.sizeBytes(), budgetBytes: this.budget ?? this.store.budgetBytes, sources: this.loaded,
      addressBook: this.addressBook(), addressConflicts: this.conflicts,
    };
  }

  /** Loads `paths`; `inventoryFile` (hosts/inventory.ts) adds its pins to `options.pins` and its problems to the report. */
  async load(paths: readonly string[], options: LoadOptions & { readonly inventoryFile?: string } = {}): Promise<LoadReport> {
    this.budget = options.budget ?? this.budget;
    this.lastExplanation = undefined;
    const inventory = options.inventoryFile === undefined ? undefined : readInventory(options.inventoryFile);
    this.store.setReadOnly(false);
    try {
      const loaded = await loadPaths(this.store, paths, this.modules, { ...options, pins: [...(options.pins ?? []), ...(inventory?.pins ?? [])] });
      const report = inventory ? { ...loaded, inventory: { file: options.inventoryFile!, pins: inventory.pins.length, problems: inventory.problems } } : loaded;
      this.originalFields = undefined;
      this.loaded.push(...report.sources);
      this.conflicts.push(...(report.hosts?.conflicts ?? []));
      this.sigma.invalidate();
      return report;
    } finally {
      this.store.setReadOnly(true);
    }
  }

  /**
   * One read-only SELECT; field aliases (Sigma, ECS, CIM, Zeek) resolve to canonical columns.
   * Read-only is set again around every query: a query may itself say `PRAGMA query_only = OFF`,
   * and must not leave the session writable for the next one.
   */
  query(sql: string, params: readonly SqlValue[] = [], options: QueryOptions = {}): QueryResult {
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const canonicalSql = rewriteAliases(sql);
    const rows: SqlValue[][] = [];
    let truncated = false;
    this.store.setReadOnly(true);
    try {
      const columns = this.store.eachValues(canonicalSql, params, (values) => {
        if (rows.length < limit) return void rows.push(values);
        truncated = true;
        return false;
      });
      return { columns, rows, truncated };
    } finally {
      this.store.setReadOnly(true);
    }
  }

  /**
   * An ad-hoc query from a user (CLI `query`, the editor's Query Events): the same read-only
   * SELECT, run in a worker under a time, memory and result budget (queryBudget.ts). Another
   * request must not load while it runs.
   */
  queryBounded(sql: string, params: readonly SqlValue[] = [], options: BoundedQueryOptions = {}): Promise<QueryResult> {
    const budget = { ...DEFAULT_QUERY_BUDGET, ...options.budget };
    return boundedQuery(this.store, rewriteAliases(sql), params, options.limit ?? budget.rows, budget, options.signal);
  }

  /** The address book: which host owned which address, when, according to which capture (or the inventory). */
  addressBook(): AddressClaim[] {
    return readAddressBook(this.store);
  }

  raw(eventId: number): RawEvent {
    return this.rawAccess.event(eventId);
  }

  /** An event's normalized columns and its raw record: what the timeline's details show. */
  event(eventId: number): EventRecord {
    return { fields: eventRow(this.store, eventId), raw: this.raw(eventId) };
  }

  /** The columns of many events at once, by event id (the estate graph reads the chains' network events). */
  eventRows(eventIds: readonly number[]): Record<number, Row> {
    return Object.fromEntries(eventRows(this.store, eventIds));
  }

  /** Events on the same host within ±`seconds` of the event, in total order (ts, id). */
  neighbours(eventId: number, seconds: number, limit: number): ChainEvent[] {
    return this.chainEvents(neighbourRows(this.store, eventId, seconds, limit));
  }

  /** Most frequent values of a field (any alias, or an original field) in the loaded data. */
  topValues(field: string, limit: number): ValueCount[] {
    return topValues(this.store, field, limit);
  }

  /** Every field name seen in the loaded data: canonical columns with data, then original fields. */
  fieldsSeen(): string[] {
    this.originalFields ??= this.sampleOriginalFields();
    return [...columnsWithData(this.store).filter((c) => !POINTER_COLUMNS.has(c)), ...this.originalFields];
  }

  /** A Sigma rule pack over the loaded events: detections, then correlations (docs/sigma.md). */
  runSigma(pack: SigmaPack, options: SigmaRunOptions = {}): PackResult {
    return runPack(this.store, pack, options);
  }

  /** The rules under `rulePaths` over the loaded events, as the editor shows them; cancellable through `signal`. */
  async sigmaReport(rulePaths: readonly string[], options: { readonly signal?: AbortSignal; readonly onProgress?: (fraction: number) => void } = {}): Promise<SigmaReport> {
    const pack = loadPack(rulePaths);
    const result = await runPackAsync(this.store, pack, { isCancelled: () => options.signal?.aborted === true, onProgress: options.onProgress });
    this.lastSigma = sigmaReport(this.store, pack, result);
    return this.lastSigma;
  }

  /** The last Sigma report's timed detections on `host` (null: events without a host), in time order, at most `limit`. */
  sigmaMarks(host: string | null, limit: number): SigmaMark[] {
    const rules = new Map<number, SigmaRuleRef[]>();
    const times = new Map<number, number>();
    for (const d of this.lastSigma?.detections ?? []) {
      for (const e of d.events) {
        if (e.host !== host || e.ts === null) continue;
        rules.set(e.id, [...(rules.get(e.id) ?? []), { id: d.id, title: d.title, level: d.level }]);
        times.set(e.id, e.ts);
      }
    }
    const ids = [...times.keys()].sort((a, b) => times.get(a)! - times.get(b)! || a - b).slice(0, limit);
    const rows = eventRows(this.store, ids);
    return this.chainEvents(ids.map((id) => rows.get(id)!)).map((event) => ({ event, rules: rules.get(event.id)! }));
  }

  /** Each analytic of each document run alone, or its diagnostics when the document has errors. */
  run(documents: readonly AnalyticDocument[], lists: Lists = {}, options: Pick<RunOptions, 'cancelled' | 'timeBudgetMs'> = {}, sigmaRulePaths?: readonly string[]): AnalyticRun[] {
    if (!sigmaRulePaths?.length) return runDocuments(this.store, documents, lists, options);
    const key = JSON.stringify(sigmaRulePaths);
    if (this.sigmaPaths !== key) {
      this.sigma.setPack(loadPack(sigmaRulePaths));
      this.sigmaPaths = key;
    }
    const sigma = this.sigma;
    return runDocuments(this.store, documents, lists, options, { names: sigma.ruleNames() ?? [], prepare: (names) => sigma.prepare(names) });
  }

  /** Compiled analytics run together (the CLI), against `baseline`'s data for first_seen()/rare(). */
  runPlans(plans: readonly AnalyticPlan[], options: { readonly baseline?: HuntSession } & Omit<RunOptions, 'baseline'> = {}): RunResult {
    return runAnalytics(this.store, plans, { ...options, baseline: options.baseline?.store });
  }

  /** Step by step, how far one analytic gets over the loaded data (the near-miss view); with `whyNot`, why no chain on a host. */
  explain(document: AnalyticDocument, analytic: string, lists: Lists = {}, whyNot?: WhyNotRequest): Explanation {
    return explain(this.store, document, analytic, lists, whyNot);
  }

  /** How many loaded events a step's selection matches. */
  candidates(document: AnalyticDocument, analytic: string, step: string, lists: Lists = {}): number {
    const key = JSON.stringify([document.uri, document.text, analytic, lists]);
    if (this.lastExplanation?.key !== key) this.lastExplanation = { key, explanation: this.explain(document, analytic, lists) };
    return this.lastExplanation.explanation.steps.find((s) => s.step === step)?.candidates ?? 0;
  }

  /** The document's inline tests, each in a fresh store of its own (not this session's data). */
  inlineTests(document: AnalyticDocument): Promise<TestResult[]> {
    return runInlineTests(loadDocument(document));
  }

  close(): void {
    this.store.close();
  }

  /** Rows as chain events, each naming its source as the chains do. */
  private chainEvents(rows: readonly Row[]): ChainEvent[] {
    const sources = new Map(this.store.sources().map((s) => [s.id, displayName(s)]));
    return rows.map((row) => toChainEvent(row, sources.get(Number(row.source_id)) ?? ''));
  }

  /** Top-level keys of the first JSON raw records that no schema alias covers. */
  private sampleOriginalFields(): string[] {
    const names = new Set<string>();
    for (const id of firstEventIds(this.store, FIELD_SAMPLE)) {
      const text = this.raw(id).text;
      if (!text?.trimStart().startsWith('{')) continue;
      try {
        for (const key of Object.keys(JSON.parse(text) as object)) if (!resolveField(key)) names.add(key);
      } catch {
        // Not JSON after all: nothing to learn from this record.
      }
    }
    return [...names].sort();
  }
}
