// The ad-hoc query worker (see queryBudget.ts): opens the session's store read-only over its
// shared pages, with raw_field() and bounded randomblob()/zeroblob(), runs one SELECT and
// sends back the rows within the result budget. The main thread terminates it at the time
// budget; it holds no state of its own, so nothing is lost when it is.

import { randomBytes } from 'node:crypto';
import { parentPort } from 'node:worker_threads';
import type { SharedChunks } from '../store/chunkedFile';
import { SqlStore } from '../store/sqlStore';
import { RawAccess } from '../store/rawAccess';
import { recordFieldReader } from '../ingest/recordFields';
import { RawReader } from '../raw/reader';
import { OpenFiles } from '../raw/openFiles';
import { defaultModules } from '../ingest/loadModules';
import type { SqlValue } from '../types/store';
import type { QueryResult } from '../types/session';
import { resultBudgetMessage, valueBudgetMessage, valueBytes, type QueryBudget } from './queryBudget';

export interface QueryRequest {
  readonly shared: SharedChunks;
  readonly sql: string;
  readonly params: readonly SqlValue[];
  readonly limit: number;
  readonly budget: QueryBudget;
}

export type QueryReply = { readonly ok: true; readonly result: QueryResult } | { readonly ok: false; readonly error: string };

async function run(request: QueryRequest): Promise<QueryResult> {
  const { budget } = request;
  const store = await SqlStore.openShared(request.shared);
  const files = new OpenFiles();
  try {
    new RawAccess(store, new RawReader(defaultModules.renderers, files), recordFieldReader);
    const sized = (fn: string, make: (n: number) => Uint8Array) => (n: SqlValue): SqlValue => {
      const bytes = Math.max(0, Math.trunc(Number(n)) || 0);
      if (bytes > budget.valueBytes) throw new Error(valueBudgetMessage(fn, bytes, budget));
      return make(bytes);
    };
    store.registerFunction('randomblob', sized('randomblob', (n) => randomBytes(n)));
    store.registerFunction('zeroblob', sized('zeroblob', (n) => new Uint8Array(n)));
    const rows: SqlValue[][] = [];
    let bytes = 0;
    let truncated = false;
    let stopReason: string | undefined;
    const columns = store.eachValues(request.sql, request.params, (values) => {
      if (rows.length >= request.limit) {
        truncated = true;
        return false;
      }
      for (const v of values) bytes += valueBytes(v);
      if (bytes > budget.resultBytes) {
        stopReason = resultBudgetMessage(budget, rows.length);
        return false;
      }
      rows.push(values);
      return true;
    });
    return stopReason === undefined ? { columns, rows, truncated } : { columns, rows, truncated: true, stopReason };
  } finally {
    files.closeAll();
    store.close();
  }
}

parentPort?.on('message', (request: QueryRequest) => {
  run(request).then(
    (result) => parentPort!.postMessage({ ok: true, result } satisfies QueryReply),
    (error: unknown) => parentPort!.postMessage({ ok: false, error: (error as Error).message } satisfies QueryReply),
  );
});
