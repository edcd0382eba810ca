// Runs one ad-hoc query in the query worker (queryWorker.ts) under its budgets: the worker
// reads the store's pages where they are, is terminated at the time budget or when its heap
// runs out, and either way the caller gets a message and the session stays as it was.

import { join } from 'node:path';
import type { SqlStore } from '../store/sqlStore';
import type { SqlValue } from '../types/store';
import type { QueryResult } from '../types/session';
import { startWorker, workerScript } from '../fs/scriptWorker';
import { memoryBudgetMessage, timeBudgetMessage, type QueryBudget } from './queryBudget';
import type { QueryReply, QueryRequest } from './queryWorker';

function queryWorkerScript(): string {
  const script = workerScript(join(__dirname, 'queryWorker.js'), join(__dirname, 'queryWorker.ts'));
  if (!script) throw new Error(`the query worker script is missing next to ${__dirname} (build with npm run build)`);
  return script;
}

/**
 * The longest delay setTimeout keeps (about 24.8 days). Node runs a longer one, Infinity too,
 * after 1 ms: `query --timeout-s 3000000` stopped `SELECT 1` at once as past its time budget.
 */
const MAX_TIMER_MS = 2 ** 31 - 1;

/** The store must not be written while this runs: the worker reads its pages. */
export function boundedQuery(store: SqlStore, sql: string, params: readonly SqlValue[], limit: number, budget: QueryBudget, signal?: AbortSignal): Promise<QueryResult> {
  const request: QueryRequest = { shared: store.shared(), sql, params, limit, budget };
  const worker = startWorker(queryWorkerScript(), { resourceLimits: { maxOldGenerationSizeMb: budget.heapMb } });
  return new Promise<QueryResult>((resolve, reject) => {
    let settled = false;
    const finish = (error: Error | undefined, result?: QueryResult): void => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      signal?.removeEventListener('abort', onAbort);
      void worker.terminate();
      if (error) reject(error);
      else resolve(result!);
    };
    const timer = setTimeout(() => finish(new Error(timeBudgetMessage(budget))), Math.min(budget.timeMs, MAX_TIMER_MS));
    const onAbort = (): void => finish(new Error('the query was cancelled'));
    signal?.addEventListener('abort', onAbort, { once: true });
    if (signal?.aborted) return onAbort();
    worker.on('message', (reply: QueryReply) => (reply.ok ? finish(undefined, reply.result) : finish(new Error(reply.error))));
    worker.on('error', (error: Error & { code?: string }) => finish(new Error(error.code === 'ERR_WORKER_OUT_OF_MEMORY' ? memoryBudgetMessage(budget) : error.message)));
    worker.on('exit', (code) => finish(new Error(`the query worker stopped (exit code ${code}) before answering`)));
    worker.postMessage(request);
  });
}
