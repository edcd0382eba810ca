// A hunt session: one store, what was loaded into it, and the three things front ends ask
// of it (load, read-only query, raw event). The CLI and the VS Code engine worker both
// drive this class; analytics (the DSL) query `session.store` directly.

import type { LoadReport, SourceReport } from '../types/reports';
import { loadPaths, type IngestModules, type LoadOptions } from '../ingest/load';
import { rewriteAliases } from '../store/aliasSql';
import { RawReader } from '../raw/reader';
import { RawAccess } from '../store/rawAccess';
import type { QueryResult, RawEvent } from '../types/session';
import { SqlStore, type StoreOptions } from '../store/sqlStore';
import { SigmaMatchIndex } from '../sigma/matchIndex';
import type { SourceInfo, SqlValue } from '../types/store';
import { boundedQuery } from './boundedQuery';
import { DEFAULT_QUERY_BUDGET, type QueryBudget } from './queryBudget';

export interface QueryOptions {
  /** Rows returned at most; `truncated` says when more matched. */
  readonly limit?: number;
}

export interface BoundedQueryOptions extends QueryOptions {
  readonly budget?: Partial<QueryBudget>;
  readonly signal?: AbortSignal;
}

export class HuntSession {
  private readonly loaded: SourceReport[] = [];
  private readonly rawAccess: RawAccess;
  /** The Sigma rules `.hunt` steps name with sigma("…"), and their matches in this session. */
  readonly sigma: SigmaMatchIndex;

  private constructor(readonly store: SqlStore, private readonly modules: IngestModules) {
    this.rawAccess = new RawAccess(store, new RawReader(modules.renderers));
    this.sigma = new SigmaMatchIndex(store);
    store.setReadOnly(true);
  }

  static async create(modules: IngestModules, options: StoreOptions = {}): Promise<HuntSession> {
    return new HuntSession(await SqlStore.open(options), modules);
  }

  async load(paths: readonly string[], options: LoadOptions = {}): Promise<LoadReport> {
    this.store.setReadOnly(false);
    try {
      const report = await loadPaths(this.store, paths, this.modules, options);
      this.loaded.push(...report.sources);
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

  raw(eventId: number): RawEvent {
    return this.rawAccess.event(eventId);
  }

  sources(): SourceInfo[] {
    return this.store.sources();
  }

  /** Per-source reports of every load in this session, in load order. */
  reports(): readonly SourceReport[] {
    return this.loaded;
  }

  eventCount(): number {
    return this.store.eventCount();
  }

  sizeBytes(): number {
    return this.store.sizeBytes();
  }

  close(): void {
    this.store.close();
  }
}
