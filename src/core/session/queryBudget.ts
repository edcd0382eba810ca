// Budgets of an ad-hoc query (CLI `query`, the editor's Query Events). A query is attacker-
// reachable text (shared snippets) over attacker-written data, and SQLite in sql.js has no
// progress handler or interrupt: so the query runs in a worker thread over the store's shared
// pages (queryWorker.ts), which is terminated when it runs past its time, and whose heap is
// capped; the rows it returns are capped by count and bytes; functions that make values of a
// size the query chooses (randomblob, zeroblob) refuse past a cap. The session itself never
// waits on a runaway query and never loses its data to one.

import { formatBytes } from '../format/units';

export interface QueryBudget {
  /** Wall-clock time of one query. */
  readonly timeMs: number;
  /** Bytes of the result kept (strings counted as UTF-16 code units x2, blobs by length). */
  readonly resultBytes: number;
  /** Rows kept when the caller asks for no smaller limit. */
  readonly rows: number;
  /** Largest value randomblob() and zeroblob() may make. */
  readonly valueBytes: number;
  /** JavaScript heap of the query worker (MB, resourceLimits.maxOldGenerationSizeMb). */
  readonly heapMb: number;
}

export const DEFAULT_QUERY_BUDGET: QueryBudget = {
  timeMs: 60_000,
  resultBytes: 256 * 1024 * 1024,
  rows: 1_000_000,
  valueBytes: 16 * 1024 * 1024,
  heapMb: 1024,
};


export function timeBudgetMessage(budget: QueryBudget): string {
  return `the query ran past its time budget of ${budget.timeMs / 1000} s and was stopped; narrow it (a WHERE on indexed columns such as host, ts, event_id; a LIMIT), or raise the budget (--timeout-s)`;
}

export function memoryBudgetMessage(budget: QueryBudget): string {
  return `the query ran out of its memory budget (${budget.heapMb} MB of heap) and was stopped; the loaded session is unharmed; select fewer or smaller columns, or add a LIMIT`;
}

export function resultBudgetMessage(budget: QueryBudget, rows: number): string {
  return `stopped after ${rows.toLocaleString('en-US')} rows: the result reached its budget of ${formatBytes(budget.resultBytes)}; select fewer columns or add a LIMIT`;
}

export function valueBudgetMessage(fn: string, bytes: number, budget: QueryBudget): string {
  return `${fn}(${bytes}) is over the value budget of ${formatBytes(budget.valueBytes)}`;
}

/** Bytes a value costs in the result, as counted against `resultBytes`. */
export function valueBytes(value: unknown): number {
  if (typeof value === 'string') return value.length * 2;
  if (value instanceof Uint8Array) return value.length;
  return 8;
}
