// Decodes and normalizes chunks on worker threads, so that this work overlaps the main
// thread's inserts (and, with more cores, runs in parallel). Chunks are independent; results are
// matched to requests by id and records.ts emits them in file order, so the output is the same
// as single-threaded decoding. Small files never start a worker: the first chunks are decoded
// inline and the pool starts only when a file has more (a worker costs tens of milliseconds
// to start). While the pool is behind, the main thread decodes a share of the chunks itself
// at their turn (ingest/parallel/inlineShare.ts). HUNTBENCH_EVTX_WORKERS=0 turns the pool off;
// a number sets its size.

import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { poolSize, startWorker, workerScript } from '../../fs/scriptWorker';
import type { NormalizedEvent } from '../../schema/columns';
import type { DecodedChunk } from './chunk';
import { decodeNormalizedChunk, type ClosableDecoder } from './normalizedChunk';
import type { RawChunk } from './chunkStream';
import { unpackChunk, type PackedChunk } from './packedChunk';
import { InlineShare } from '../parallel/inlineShare';

export interface ChunkRequest {
  readonly id: number;
  readonly number: number;
  readonly fileOffset: number;
  readonly bytes: Uint8Array;
}

export type ChunkResponse = { readonly id: number; readonly packed: PackedChunk } | { readonly id: number; readonly error: string };

/** Chunks decoded inline before the pool starts: files up to ~1 MB never pay for a worker. */
const INLINE_CHUNKS = 16;
/**
 * Chunks in flight per worker, so a worker never waits for the main thread to ask: with 4, both
 * threads sat idle a third of a 374k-event load; 16 loaded it ~5% faster (docs/benchmarks.md).
 */
const QUEUE_PER_WORKER = 16;

/** The worker script: bundled next to the caller in dist/, or the TypeScript source under tsx. */
function chunkWorkerScript(): string | undefined {
  return workerScript(join(__dirname, 'evtxChunkWorker.js'), join(__dirname, 'chunkWorker.ts'));
}

export function poolDecoder(): ClosableDecoder {
  const size = poolSize('HUNTBENCH_EVTX_WORKERS');
  const script = size > 0 ? chunkWorkerScript() : undefined;
  const workers: Worker[] = [];
  const waiting = new Map<number, { resolve: (d: () => DecodedChunk<NormalizedEvent>) => void; reject: (e: Error) => void }>();
  let nextId = 0;
  const share = new InlineShare(INLINE_CHUNKS);
  /** Per chunk asked for, in order: whether the pool decodes it (only its answers tell the share anything). */
  const pooled: boolean[] = [];

  const start = (path: string) => {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(path);
      worker.on('message', (response: ChunkResponse) => {
        const entry = waiting.get(response.id);
        waiting.delete(response.id);
        if ('error' in response) entry?.reject(new Error(response.error));
        else entry?.resolve(() => unpackChunk(response.packed));
      });
      worker.on('error', (error) => {
        for (const entry of waiting.values()) entry.reject(error);
        waiting.clear();
      });
      workers.push(worker);
    }
  };

  return {
    get parallelism() {
      return workers.length === 0 ? 1 : workers.length * QUEUE_PER_WORKER;
    },
    decode(chunk: RawChunk): Promise<() => DecodedChunk<NormalizedEvent>> {
      // The first chunks, and a share of the rest while the pool is behind, are decoded here at their turn.
      if (script === undefined || share.takesNext()) {
        pooled.push(false);
        return Promise.resolve(() => decodeNormalizedChunk(chunk.bytes, chunk.number, chunk.fileOffset));
      }
      pooled.push(true);
      if (workers.length === 0) start(script);
      const id = nextId++;
      const request: ChunkRequest = { id, number: chunk.number, fileOffset: chunk.fileOffset, bytes: chunk.bytes };
      return new Promise((resolve, reject) => {
        waiting.set(id, { resolve, reject });
        workers[id % workers.length].postMessage(request, [chunk.bytes.buffer as ArrayBuffer]);
      });
    },
    waited(ms: number) {
      if (pooled.shift()) share.answered(ms);
    },
    async close() {
      await Promise.all(workers.map((w) => w.terminate()));
    },
  };
}
