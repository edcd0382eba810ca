// A Sigma run over several threads: the calling thread and worker threads (runWorker.ts) take
// slices of the event id range from a shared counter until none is left, each with its own
// scanner (run.ts) over the same store pages (store/sqlStore.ts `shared()`), so a loaded or
// slower thread simply takes fewer slices. Each worker compiles the rules again from their
// parsed documents (compiled predicates are closures and cannot be sent) while the calling
// thread already scans. The per-rule lists are merged into id order (run.ts runResult), so the
// result is the single-thread result; correlations come after, on the merged lists
// (evaluate.ts). Cancel stops the calling thread's loop and terminates the workers.

import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerScript } from '../fs/scriptWorker';
import { lastEventId } from '../store/events';
import type { SharedChunks } from '../store/chunkedFile';
import type { EventStore } from '../types/store';
import type { CompiledRule } from './compile';
import type { SigmaRule } from './model';
import { rangeScanner, runResult, runSteps, type SigmaRunOptions, type SigmaRunResult } from './run';

/** Below this many events one thread is used: a worker's compile (~1.5 s for SigmaHQ) would cost more than it saves. */
export const PARALLEL_MIN_EVENTS = 200_000;
/** Slices small enough that the threads finish close together, large enough that a slice's read costs little. */
export const PARALLEL_SLICE = 20_000;
const MAX_THREADS = 4;

/** Indexes into the shared control words. */
export const NEXT_SLICE = 0;
export const SLICES_DONE = 1;
export const STOP = 2;

export interface RunWorkerRequest {
  readonly shared: SharedChunks;
  readonly rules: readonly SigmaRule[];
  /** Int32 words: NEXT_SLICE (the next slice to take), SLICES_DONE, STOP (1: take no more). */
  readonly control: SharedArrayBuffer;
  readonly slice: number;
  readonly maxId: number;
}

export type RunWorkerReply =
  | { readonly ok: true; readonly detections: number[][]; readonly candidates: number; readonly evaluations: number; readonly slices: number }
  | { readonly ok: false; readonly error: string };

interface SharableStore extends EventStore {
  shared(): SharedChunks;
}

const sharable = (store: EventStore): store is SharableStore => typeof (store as Partial<SharableStore>).shared === 'function';

function runWorkerScript(): string | undefined {
  return workerScript(join(__dirname, 'sigmaRunWorker.js'), join(__dirname, 'runWorker.ts'));
}

const nextTick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A run yielding to the event loop between slices (cancellable from the engine worker), over threads when it pays. */
export async function runSigmaRulesAsync(store: EventStore, rules: readonly CompiledRule[], options: SigmaRunOptions = {}): Promise<SigmaRunResult> {
  const maxId = lastEventId(store) || 1;
  const threads = options.threads ?? (maxId >= PARALLEL_MIN_EVENTS ? Math.min(MAX_THREADS, availableParallelism()) : 1);
  const script = threads > 1 && sharable(store) ? runWorkerScript() : undefined;
  if (!script || !sharable(store)) {
    const steps = runSteps(store, rules, options);
    for (let step = steps.next(); ; step = steps.next()) {
      if (step.done) return step.value;
      await nextTick();
    }
  }
  const started = Date.now();
  const slice = options.slice ?? PARALLEL_SLICE;
  const slices = Math.ceil(maxId / slice);
  const control = new Int32Array(new SharedArrayBuffer(3 * Int32Array.BYTES_PER_ELEMENT));
  const request: RunWorkerRequest = { shared: store.shared(), rules: rules.map((c) => c.rule), control: control.buffer as SharedArrayBuffer, slice, maxId };
  const workers: Worker[] = [];
  try {
    const replies = Array.from({ length: threads - 1 }, () => {
      const worker = startWorker(script);
      workers.push(worker);
      const reply = new Promise<RunWorkerReply>((resolve) => {
        worker.once('message', resolve);
        worker.once('error', (error) => resolve({ ok: false, error: error.message }));
        worker.once('exit', (code) => resolve({ ok: false, error: `it stopped (exit code ${code}) before answering` }));
      });
      worker.postMessage(request);
      return reply;
    });
    const scanner = rangeScanner(store, rules);
    const progress = (): void => options.onProgress?.(Math.min(1, Atomics.load(control, SLICES_DONE) / slices));
    let cancelled = false;
    let scanned = 0;
    while (options.callerScans !== false) {
      if (options.isCancelled?.()) { cancelled = true; break; }
      const from = Atomics.add(control, NEXT_SLICE, 1) * slice + 1;
      if (from > maxId) break;
      scanner.scan(from, from + slice - 1);
      scanned++;
      Atomics.add(control, SLICES_DONE, 1);
      progress();
      await nextTick();
    }
    // The workers' last slices: wait, still answering progress and cancel.
    let answers: RunWorkerReply[] | undefined;
    const all = Promise.all(replies).then((r) => (answers = r));
    while (!answers && !cancelled) {
      await Promise.race([all, new Promise((resolve) => setTimeout(resolve, 50))]);
      cancelled = options.isCancelled?.() === true;
      progress();
    }
    const stats = (candidates: number, evaluations: number, slices: number[]) => ({ candidates, evaluations, millis: Date.now() - started, slices });
    if (!answers) return runResult(rules, [scanner.detections], stats(scanner.candidates(), scanner.evaluations(), [scanned]), true);
    const failed = answers.find((a) => !a.ok);
    if (failed && !failed.ok) throw new Error(`a Sigma worker thread failed: ${failed.error}`);
    const done = answers.filter((a) => a.ok);
    return runResult(
      rules,
      [scanner.detections, ...done.map((a) => a.detections)],
      stats(done.reduce((n, a) => n + a.candidates, scanner.candidates()), done.reduce((n, a) => n + a.evaluations, scanner.evaluations()), [scanned, ...done.map((a) => a.slices)]),
      false,
    );
  } finally {
    Atomics.store(control, STOP, 1);
    for (const worker of workers) void worker.terminate();
  }
}
