// Host side of the engine worker: starts `dist/engineWorker.js` on first need, pairs replies
// with requests by id, forwards progress and cancellation. No vscode import, so it runs (and
// is tested) under plain Node too.

import { Worker } from 'node:worker_threads';
import type { LoadProgress } from '../core/types/reports';
import type { RunProgress } from '../core/types/session';
import type { HostMessage, ParamsOf, ResultOf, WorkerMessage, WorkerMethod } from '../protocol/worker';

interface Pending {
  resolve(result: unknown): void;
  reject(error: Error): void;
  onProgress?: (progress: LoadProgress | RunProgress) => void;
}

export interface RequestOptions {
  readonly onProgress?: (progress: LoadProgress | RunProgress) => void;
  readonly signal?: AbortSignal;
}

/**
 * The engine's JavaScript heap (MB). The store's pages are not in it (sql.js memory and the
 * database's shared chunks are outside the heap, bounded by the memory budget); a runaway in
 * JavaScript then ends the worker, reported as an engine exit, never the extension host.
 */
export const ENGINE_HEAP_MB = 3072;

/**
 * Each half of the engine's young generation (MB; V8's default is 16). An analytic run over
 * millions of events holds its candidates, a batch of whole rows and the chains made so far
 * through every minor collection, and each copies what is alive: with 64 MB halves there are
 * a quarter as many for a third less of the collector's time (docs/benchmarks.md). The
 * benches run the engine with the same (`--max-semi-space-size`, bench/run.ts).
 */
export const ENGINE_SEMI_SPACE_MB = 64;

/** V8 sizes a young generation as three semi-spaces: the two halves and the space for large new objects. */
export const ENGINE_RESOURCE_LIMITS = { maxOldGenerationSizeMb: ENGINE_HEAP_MB, maxYoungGenerationSizeMb: 3 * ENGINE_SEMI_SPACE_MB } as const;

export class EngineClient {
  private worker: Worker | undefined;
  private nextId = 1;
  private readonly pending = new Map<number, Pending>();

  /** `onExit` hears about a worker that stopped on its own (a crash, out of memory). */
  constructor(private readonly workerScript: string, private readonly onExit?: (reason: string) => void) {}

  get started(): boolean {
    return this.worker !== undefined;
  }

  request<M extends WorkerMethod>(method: M, params: ParamsOf<M>, options: RequestOptions = {}): Promise<ResultOf<M>> {
    const worker = this.ensureWorker();
    const id = this.nextId++;
    return new Promise<ResultOf<M>>((resolve, reject) => {
      if (options.signal?.aborted) {
        reject(new Error('Cancelled'));
        return;
      }
      this.pending.set(id, { resolve: resolve as (r: unknown) => void, reject, onProgress: options.onProgress });
      const cancelFlag = options.signal ? new Int32Array(new SharedArrayBuffer(4)) : undefined;
      options.signal?.addEventListener('abort', () => {
        if (cancelFlag) Atomics.store(cancelFlag, 0, 1);
        this.post({ kind: 'cancel', id });
      }, { once: true });
      worker.postMessage({ kind: 'request', id, method, params, ...(cancelFlag ? { cancelFlag } : {}) } as HostMessage);
    });
  }

  /** Ends the worker and with it the session; the next request starts a fresh one. */
  async dispose(): Promise<void> {
    const worker = this.worker;
    this.worker = undefined;
    this.failAll(new Error('The Huntbench engine was stopped'));
    await worker?.terminate();
  }

  private post(message: HostMessage): void {
    this.worker?.postMessage(message);
  }

  private ensureWorker(): Worker {
    if (this.worker) return this.worker;
    const worker = new Worker(this.workerScript, { resourceLimits: ENGINE_RESOURCE_LIMITS });
    worker.on('message', (message: WorkerMessage) => this.onMessage(message));
    worker.on('error', (error) => this.failAll(new Error(`Huntbench engine failed: ${error.message}`)));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      const reason = `Huntbench engine exited (code ${code}); loaded logs were lost`;
      this.failAll(new Error(reason));
      this.onExit?.(reason);
    });
    this.worker = worker;
    return worker;
  }

  private onMessage(message: WorkerMessage): void {
    const pending = this.pending.get(message.id);
    if (!pending) return;
    if (message.kind === 'progress') {
      pending.onProgress?.(message.progress);
      return;
    }
    this.pending.delete(message.id);
    if (message.ok) pending.resolve(message.result);
    else pending.reject(new Error(message.error));
  }

  private failAll(error: Error): void {
    for (const pending of this.pending.values()) pending.reject(error);
    this.pending.clear();
  }
}
