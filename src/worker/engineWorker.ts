// The engine worker: a worker_threads thread that owns the hunt session (the sql.js store)
// so loading a million events never blocks the extension host. A dispatcher only: each
// request of protocol/worker.ts is one call of the session's API, answered one at a time,
// in order; a load reports progress and stops between batches when the host cancels it.

import { parentPort } from 'node:worker_threads';
import { HuntSession } from '../core/session/session';
import type { HostMessage, ParamsOf, ResultOf, WorkerMessage, WorkerMethod } from '../protocol/worker';

const port = parentPort;
if (!port) throw new Error('engineWorker must run as a worker thread');

let session: HuntSession | undefined;
let budgetBytes: number | undefined;
const aborts = new Map<number, AbortController>();
/** Cancels that arrived while their request still waited in the queue. */
const cancelledEarly = new Set<number>();

async function current(): Promise<HuntSession> {
  session ??= await HuntSession.create(undefined, budgetBytes === undefined ? {} : { budgetBytes });
  return session;
}

/** `cancelled()` reads the request's shared cancel flag: true once the host cancelled it. */
type Handlers = { [M in WorkerMethod]: (params: ParamsOf<M>, id: number, cancelled: () => boolean) => Promise<ResultOf<M>> };

/** Runs `work` with an abort signal the host's `cancel` reaches (aborted already if it came first). */
async function abortable<T>(id: number, work: (signal: AbortSignal) => Promise<T>): Promise<T> {
  const abort = new AbortController();
  if (cancelledEarly.delete(id)) abort.abort();
  aborts.set(id, abort);
  try {
    return await work(abort.signal);
  } finally {
    aborts.delete(id);
  }
}

const handlers: Handlers = {
  async load({ paths, budgetBytes: budget, inventoryFile }, id) {
    budgetBytes = budget;
    return abortable(id, async (signal) => (signal.aborted
      ? { sources: [], events: 0, millis: 0, stopped: true, stopReason: 'cancelled before loading started' }
      : (await current()).load(paths, { budget, inventoryFile, signal, onProgress: (progress) => post({ kind: 'progress', id, progress }) })));
  },
  async reset() {
    session?.close();
    session = undefined;
    return null;
  },
  async stats() {
    return session?.stats() ?? { events: 0, sizeBytes: 0, budgetBytes: budgetBytes ?? 0, sources: [] };
  },
  // In its own worker under the query budgets (session/queryBudget.ts); cancel stops it mid-way.
  query: ({ sql, params, limit }, id) => abortable(id, async (signal) => (await current()).queryBounded(sql, params, { limit, signal })),
  raw: async ({ eventId }) => (await current()).raw(eventId),
  event: async ({ eventId }) => (await current()).event(eventId),
  eventRows: async ({ eventIds }) => (await current()).eventRows(eventIds),
  neighbours: async ({ eventId, seconds, limit }) => (await current()).neighbours(eventId, seconds, limit),
  topValues: async ({ field, limit }) => (await current()).topValues(field, limit),
  fieldsSeen: async () => (await current()).fieldsSeen(),
  run: async ({ documents, lists, sigmaRules }, _id, cancelled) => (await current()).run(documents, lists, { cancelled }, sigmaRules),
  explain: async ({ document, analytic, lists, whyNot }) => (await current()).explain(document, analytic, lists, whyNot),
  candidates: async ({ document, analytic, step, lists }) => (await current()).candidates(document, analytic, step, lists),
  inlineTests: async ({ document }) => (await current()).inlineTests(document),
  sigma: ({ rulePaths }, id) => abortable(id, async (signal) => (await current()).sigmaReport(rulePaths, { signal, onProgress: (fraction) => post({ kind: 'progress', id, progress: { fraction } }) })),
  sigmaMarks: async ({ host, limit }) => (await current()).sigmaMarks(host, limit),
};

function post(message: WorkerMessage): void {
  port!.postMessage(message);
}

// Requests run one after another: the store is single-threaded and a query during a load
// would see half a batch. Cancel messages bypass the queue.
let queue: Promise<void> = Promise.resolve();

port.on('message', (message: HostMessage) => {
  if (message.kind === 'cancel') {
    const abort = aborts.get(message.id);
    if (abort) abort.abort();
    else cancelledEarly.add(message.id);
    return;
  }
  queue = queue.then(async () => {
    try {
      const handler = handlers[message.method] as (params: unknown, id: number, cancelled: () => boolean) => Promise<unknown>;
      const flag = message.cancelFlag;
      const cancelled = (): boolean => flag !== undefined && Atomics.load(flag, 0) === 1;
      post({ kind: 'reply', id: message.id, ok: true, result: await handler(message.params, message.id, cancelled) });
    } catch (error) {
      post({ kind: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
