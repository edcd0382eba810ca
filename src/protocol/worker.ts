// The one typed protocol between the extension host and the engine worker (a worker_threads
// thread that owns the sql.js session, so a million-event load never blocks the editor).
// Requests carry an id; every request gets exactly one reply with the same id; a long
// request (load, run) may emit progress notifications with its id; the host may cancel it.
// Everything here is structured-cloneable plain data.

import type { LoadProgress, LoadReport, SourceReport } from '../core/api';
import type { Diagnostic } from '../core/dsl/diagnostic';
import type { ValueCount } from '../core/dsl/service/data';
import type { TestResult } from '../core/dsl/inlineTests';
import type { Chain, ChainEvent, EventSource } from '../core/match/chain';
import type { SqlValue } from '../core/store/types';

/** A `.hunt` document as the host sees it (unsaved edits included). */
export interface AnalyticDocument {
  /** Document URI or path, used to label diagnostics and chains. */
  readonly uri: string;
  readonly text: string;
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  /** True when more rows matched than `limit`. */
  readonly truncated: boolean;
}

export interface RawEvent {
  readonly id: number;
  readonly source: EventSource;
  /** The raw record text (JSON line, CSV row, XML element); null when it cannot be recovered. */
  readonly text: string | null;
  /** Set for plain files: the editor can open the file itself at `source.line`. */
  readonly plainFile: boolean;
  readonly error?: string;
}

/** Per-analytic outcome of a run: its chains, or why it could not run. */
export interface AnalyticRun {
  readonly uri: string;
  readonly analytic: string;
  readonly chains: readonly Chain[];
  readonly millis: number;
  readonly diagnostics: readonly Diagnostic[];
}

export interface SessionStats {
  readonly events: number;
  readonly sizeBytes: number;
  readonly budgetBytes: number;
  readonly sources: readonly SourceReport[];
}

/** Step-by-step account of one analytic over the loaded data (the near-miss view). */
export interface StepExplanation {
  readonly step: string;
  /** Events matching the step's selection alone (before joins, windows and references). */
  readonly candidates: number;
  /** Partial chains that get through this step: chains of the analytic cut after it. */
  readonly reached: number;
}

export interface Explanation {
  readonly analytic: string;
  readonly steps: readonly StepExplanation[];
  readonly chains: number;
  /** Anchors whose search was cut off at the engine's search budget. */
  readonly truncated: number;
  readonly millis: number;
  readonly warnings: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
}

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
  explain: { params: { document: AnalyticDocument; analytic: string; lists: Readonly<Record<string, readonly string[]>> }; result: Explanation };
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
