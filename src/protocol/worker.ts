// The one typed protocol between the extension host and the engine worker (a worker_threads
// thread that owns the sql.js session, so a million-event load never blocks the editor).
// Requests carry an id; every request gets exactly one reply with the same id; a long
// request (load, run) may emit progress notifications with its id; the host may cancel it.
// Everything here is structured-cloneable plain data.

import type { LoadProgress, LoadReport } from '../core/types/reports';
import type { ChainEvent } from '../core/types/chain';
import type { AnalyticDocument, AnalyticRun, Explanation, QueryResult, RawEvent, SessionStats, TestResult, ValueCount } from '../core/types/session';
import type { SqlValue } from '../core/types/store';

/** Method name → (params, result). The worker implements each; the host calls them by name. */
export interface WorkerMethods {
  load: { params: { paths: readonly string[]; budgetBytes: number }; result: LoadReport };
  reset: { params: Record<string, never>; result: null };
  stats: { params: Record<string, never>; result: SessionStats };
  query: { params: { sql: string; params: readonly SqlValue[]; limit: number }; result: QueryResult };
  raw: { params: { eventId: number }; result: RawEvent };
  /** The event's normalized columns. */
  eventFields: { params: { eventId: number }; result: Readonly<Record<string, SqlValue>> };
  /** Events on the same host within ±seconds of the event, in total order (ts, id). */
  neighbours: { params: { eventId: number; seconds: number; limit: number }; result: readonly ChainEvent[] };
  /** Most frequent values of a field (any alias) in the loaded data. */
  topValues: { params: { field: string; limit: number }; result: readonly ValueCount[] };
  /** Every field name seen in the loaded data (canonical columns with data, and original fields). */
  fieldsSeen: { params: Record<string, never>; result: readonly string[] };
  run: { params: { documents: readonly AnalyticDocument[]; lists: Readonly<Record<string, readonly string[]>> }; result: readonly AnalyticRun[] };
  /**
   * Per step, candidates and partial chains; with `whyNot`, also why no chain on that host
   * (`host` null: where the analytic got furthest), with `others`' chains as what happened instead.
   */
  explain: { params: { document: AnalyticDocument; analytic: string; lists: Readonly<Record<string, readonly string[]>>; whyNot?: { host: string | null; others: readonly AnalyticDocument[] } }; result: Explanation };
  /** The document's inline tests (`test "..." expect N [...]`), each in a fresh store. */
  inlineTests: { params: { document: AnalyticDocument }; result: readonly TestResult[] };
  /** How many loaded events a step's selection matches. */
  stepCandidates: { params: { document: AnalyticDocument; analytic: string; step: string; lists: Readonly<Record<string, readonly string[]>> }; result: number };
}

export type WorkerMethod = keyof WorkerMethods;
export type ParamsOf<M extends WorkerMethod> = WorkerMethods[M]['params'];
export type ResultOf<M extends WorkerMethod> = WorkerMethods[M]['result'];

/** Host → worker. */
export type HostMessage =
  | { [M in WorkerMethod]: { readonly kind: 'request'; readonly id: number; readonly method: M; readonly params: ParamsOf<M> } }[WorkerMethod]
  | { readonly kind: 'cancel'; readonly id: number };

/** Worker → host. */
export type WorkerMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly kind: 'progress'; readonly id: number; readonly progress: LoadProgress };
