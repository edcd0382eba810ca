// The one typed protocol between the extension host and the engine worker (a worker_threads
// thread that owns the sql.js session, so a million-event load never blocks the editor).
// Requests carry an id; every request gets exactly one reply with the same id; a long
// request (load, run) may emit progress notifications with its id; the host may cancel it.
// Everything here is structured-cloneable plain data.

import type { LoadProgress, LoadReport } from '../core/types/reports';
import type { ChainEvent } from '../core/types/chain';
import type { AnalyticDocument, AnalyticRun, EventRecord, Explanation, Lists, QueryResult, RawEvent, RunProgress, SessionStats, SigmaMark, SigmaReport, TestResult, ValueCount, WhyNotRequest } from '../core/types/session';
import type { SqlValue } from '../core/types/store';

/**
 * Method name → (params, result): the hunt session's API (src/core/session/session.ts), one
 * message per method, plus `reset`. The worker only dispatches; the host calls them by name.
 */
export interface WorkerMethods {
  /** `inventoryFile`: the workspace's `.huntbench/hosts.csv`, when the host found one. */
  load: { params: { paths: readonly string[]; budgetBytes: number; inventoryFile?: string }; result: LoadReport };
  /** Ends the session; the next request starts an empty one. */
  reset: { params: Record<string, never>; result: null };
  stats: { params: Record<string, never>; result: SessionStats };
  query: { params: { sql: string; params: readonly SqlValue[]; limit: number }; result: QueryResult };
  raw: { params: { eventId: number }; result: RawEvent };
  /** The event's normalized columns and raw record (the timeline's details). */
  event: { params: { eventId: number }; result: EventRecord };
  /** The columns of many events, by event id. */
  eventRows: { params: { eventIds: readonly number[] }; result: Readonly<Record<number, Readonly<Record<string, SqlValue>>>> };
  /** Events on the same host within ±seconds of the event, in total order (ts, id). */
  neighbours: { params: { eventId: number; seconds: number; limit: number }; result: readonly ChainEvent[] };
  /** Most frequent values of a field (any alias) in the loaded data. */
  topValues: { params: { field: string; limit: number }; result: readonly ValueCount[] };
  /** Every field name seen in the loaded data (canonical columns with data, and original fields). */
  fieldsSeen: { params: Record<string, never>; result: readonly string[] };
  /** Chains carry their events' processes (lineage): a timeline opens without asking again. */
  run: { params: { documents: readonly AnalyticDocument[]; lists: Lists; sigmaRules?: readonly string[] }; result: readonly AnalyticRun[] };
  /** Per step, candidates and partial chains; with `whyNot`, also why no chain on that host. */
  explain: { params: { document: AnalyticDocument; analytic: string; lists: Lists; whyNot?: WhyNotRequest }; result: Explanation };
  /** How many loaded events a step's selection matches. */
  candidates: { params: { document: AnalyticDocument; analytic: string; step: string; lists: Lists }; result: number };
  /** The document's inline tests (`test "..." expect N [...]`), each in a fresh store. */
  inlineTests: { params: { document: AnalyticDocument }; result: readonly TestResult[] };
  /** The Sigma rules under the paths over the loaded events; progress as RunProgress; cancellable. */
  sigma: { params: { rulePaths: readonly string[] }; result: SigmaReport };
  /** The last Sigma run's timed detections on one host (null: events without a host), in time order. */
  sigmaMarks: { params: { host: string | null; limit: number }; result: readonly SigmaMark[] };
}

export type WorkerMethod = keyof WorkerMethods;
export type ParamsOf<M extends WorkerMethod> = WorkerMethods[M]['params'];
export type ResultOf<M extends WorkerMethod> = WorkerMethods[M]['result'];

/** Host → worker. */
export type HostMessage =
  | { [M in WorkerMethod]: {
    readonly kind: 'request';
    readonly id: number;
    readonly method: M;
    readonly params: ParamsOf<M>;
    /**
     * One Int32 in shared memory the host sets to 1 on cancel: a synchronous analytic run
     * reads it between anchors, where a `cancel` message would wait for the run to end.
     */
    readonly cancelFlag?: Int32Array;
  } }[WorkerMethod]
  | { readonly kind: 'cancel'; readonly id: number };

/** Worker → host. */
export type WorkerMessage =
  | { readonly kind: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly kind: 'reply'; readonly id: number; readonly ok: false; readonly error: string }
  | { readonly kind: 'progress'; readonly id: number; readonly progress: LoadProgress | RunProgress };
