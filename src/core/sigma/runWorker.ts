// A worker thread of a Sigma run over threads (parallelRun.ts): opens the store over the
// calling thread's pages, compiles the rules from their parsed documents, and takes slices of
// the event id range from the shared counter until none is left or the run stops; then sends
// its per-rule event lists. It holds nothing else: terminating it loses nothing.

import { parentPort } from 'node:worker_threads';
import { SqlStore } from '../store/sqlStore';
import { compileRule } from './compile';
import { NEXT_SLICE, SLICES_DONE, STOP, type RunWorkerReply, type RunWorkerRequest } from './parallelRun';
import { rangeScanner } from './run';

async function run(request: RunWorkerRequest): Promise<RunWorkerReply> {
  const store = await SqlStore.openShared(request.shared);
  try {
    const rules = request.rules.map((rule) => {
      const compiled = compileRule(rule).compiled;
      // The calling thread compiled the same documents: a difference would misnumber the rules.
      if (!compiled) throw new Error(`rule ${rule.id} did not compile in the worker`);
      return compiled;
    });
    const scanner = rangeScanner(store, rules);
    const control = new Int32Array(request.control);
    let slices = 0;
    while (Atomics.load(control, STOP) === 0) {
      const from = Atomics.add(control, NEXT_SLICE, 1) * request.slice + 1;
      if (from > request.maxId) break;
      scanner.scan(from, from + request.slice - 1);
      slices++;
      Atomics.add(control, SLICES_DONE, 1);
    }
    return { ok: true, detections: scanner.detections, candidates: scanner.candidates(), evaluations: scanner.evaluations(), slices };
  } finally {
    store.close();
  }
}

parentPort?.once('message', (request: RunWorkerRequest) => {
  run(request).then(
    (reply) => parentPort?.postMessage(reply),
    (error: unknown) => parentPort?.postMessage({ ok: false, error: error instanceof Error ? error.message : String(error) } satisfies RunWorkerReply),
  );
});
