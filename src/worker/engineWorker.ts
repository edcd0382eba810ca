// The engine worker: a worker_threads thread that owns the hunt session (the sql.js store)
// so loading a million events never blocks the extension host. It answers the requests of
// protocol/worker.ts one at a time, in order; a load reports progress and stops between
// batches when the host cancels it.

import { parentPort } from 'node:worker_threads';
import { HuntSession } from '../core/session/session';
import { defaultModules } from '../core/ingest/loadModules';
import { resolveField } from '../core/schema/aliases';
import { COLUMNS } from '../core/schema/columns';
import type { HostMessage, ParamsOf, ResultOf, WorkerMessage, WorkerMethod } from '../protocol/worker';
import type { Explanation } from '../core/types/session';
import { explain, inlineTests, runDocuments } from './analytics';
import { eventFields, neighbours } from './events';

const port = parentPort;
if (!port) throw new Error('engineWorker must run as a worker thread');

let session: HuntSession | undefined;
let budgetBytes: number | undefined;
let originalFields: string[] | undefined;
/** The last step-candidate explanation, until the next load or reset. */
let lastExplanation: { readonly key: string; readonly explanation: Explanation } | undefined;
const aborts = new Map<number, AbortController>();
/** Cancels that arrived while their request still waited in the queue. */
const cancelledEarly = new Set<number>();

async function current(): Promise<HuntSession> {
  session ??= await HuntSession.create(defaultModules, budgetBytes === undefined ? {} : { budgetBytes });
  return session;
}

/** Where an event's raw record lives: store bookkeeping, not fields an analytic reads. */
const POINTER_COLUMNS = new Set(['id', 'source_id', 'line', 'offset', 'length']);

/** How many raw records to sample for original field names and their values. */
const RAW_SAMPLE = 2000;

type Handlers = { [M in WorkerMethod]: (params: ParamsOf<M>, id: number) => Promise<ResultOf<M>> };

const handlers: Handlers = {
  async load({ paths, budgetBytes: budget }, id) {
    budgetBytes = budget;
    lastExplanation = undefined;
    if (cancelledEarly.delete(id)) return { sources: [], events: 0, millis: 0, stopped: true, stopReason: 'cancelled before loading started' };
    const abort = new AbortController();
    aborts.set(id, abort);
    try {
      const s = await current();
      const report = await s.load(paths, { budget, signal: abort.signal, onProgress: (progress) => post({ kind: 'progress', id, progress }) });
      originalFields = undefined;
      return report;
    } finally {
      aborts.delete(id);
    }
  },
  async reset() {
    session?.close();
    session = undefined;
    originalFields = undefined;
    lastExplanation = undefined;
    return null;
  },
  async stats() {
    if (!session) return { events: 0, sizeBytes: 0, budgetBytes: budgetBytes ?? 0, sources: [] };
    return { events: session.eventCount(), sizeBytes: session.sizeBytes(), budgetBytes: budgetBytes ?? 0, sources: session.reports() };
  },
  async query({ sql, params, limit }, id) {
    if (cancelledEarly.delete(id)) throw new Error('the query was cancelled');
    // In its own worker under the query budgets (session/queryBudget.ts); cancel stops it mid-way.
    const abort = new AbortController();
    aborts.set(id, abort);
    try {
      return await (await current()).queryBounded(sql, params, { limit, signal: abort.signal });
    } finally {
      aborts.delete(id);
    }
  },
  async raw({ eventId }) {
    return (await current()).raw(eventId);
  },
  async eventFields({ eventId }) {
    return eventFields((await current()).store, eventId);
  },
  async neighbours({ eventId, seconds, limit }) {
    return neighbours((await current()).store, eventId, seconds, limit);
  },
  async topValues({ field, limit }) {
    const s = await current();
    const canonical = resolveField(field);
    // The column name comes from the schema, never from the caller; values are bound.
    const rows = canonical
      ? s.store.all(`SELECT "${canonical}" AS value, count(*) AS n FROM events WHERE "${canonical}" IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`, [limit])
      : s.store.all(`SELECT v AS value, count(*) AS n FROM (SELECT raw_field(id, ?) AS v FROM events LIMIT ${RAW_SAMPLE}) WHERE v IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`, [field, limit]);
    return rows.map((r) => ({ value: r.value instanceof Uint8Array ? null : r.value ?? null, count: Number(r.n) }));
  },
  async fieldsSeen() {
    const s = await current();
    originalFields ??= sampleOriginalFields(s);
    const counts = s.store.all(`SELECT ${COLUMNS.map((c) => `count("${c.name}") AS "${c.name}"`).join(', ')} FROM events`)[0] ?? {};
    const fields = COLUMNS.filter((c) => !POINTER_COLUMNS.has(c.name) && Number(counts[c.name] ?? 0) > 0).map((c) => c.name);
    return [...fields, ...originalFields];
  },
  async run({ documents, lists }) {
    return runDocuments((await current()).store, documents, lists);
  },
  async explain({ document, analytic, lists, whyNot }) {
    return explain((await current()).store, document, analytic, lists, whyNot);
  },
  async inlineTests({ document }) {
    return inlineTests(document);
  },
  async stepCandidates({ document, analytic, step, lists }) {
    // Hovering the steps of one analytic asks the same question repeatedly: keep the last answer.
    const key = JSON.stringify([document.uri, document.text, analytic, lists]);
    if (lastExplanation?.key !== key) lastExplanation = { key, explanation: explain((await current()).store, document, analytic, lists) };
    return lastExplanation.explanation.steps.find((s) => s.step === step)?.candidates ?? 0;
  },
};

/** Top-level keys of sampled JSON raw records that no schema alias covers. */
function sampleOriginalFields(s: HuntSession): string[] {
  const names = new Set<string>();
  const ids = s.store.all(`SELECT id FROM events ORDER BY id LIMIT 200`);
  for (const row of ids) {
    const text = s.raw(Number(row.id)).text;
    if (!text?.trimStart().startsWith('{')) continue;
    try {
      for (const key of Object.keys(JSON.parse(text) as object)) if (!resolveField(key)) names.add(key);
    } catch {
      // Not JSON after all: nothing to learn from this record.
    }
  }
  return [...names].sort();
}

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
      const handler = handlers[message.method] as (params: unknown, id: number) => Promise<unknown>;
      post({ kind: 'reply', id: message.id, ok: true, result: await handler(message.params, message.id) });
    } catch (error) {
      post({ kind: 'reply', id: message.id, ok: false, error: error instanceof Error ? error.message : String(error) });
    }
  });
});
