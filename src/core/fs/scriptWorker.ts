// Worker threads started from a script file: the bundled `.js` next to the caller in dist/,
// or, under tsx (tests, bench), the TypeScript source, in which tsx's loader is registered
// first; and how many a pool starts. Shared by the JSON parse pool, the EVTX chunk pool and
// the ad-hoc query worker.

import { existsSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/**
 * Threads of a pool whose results one main thread consumes (parses to insert, chunks to
 * normalize): `variable` from the environment when set (0 = no pool), else one per core but
 * the main thread's, at most 4: the main thread is the one every result waits for, and on a
 * quiet 2-core machine two parse workers loaded 200k events 15% slower than one (docs/benchmarks.md).
 */
export function poolSize(variable: string): number {
  const configured = process.env[variable];
  if (configured !== undefined && configured !== '') return Math.max(0, Number.parseInt(configured, 10) || 0);
  return Math.min(4, availableParallelism() - 1);
}

/** The first of the candidate paths that exists (bundled name first, then the source). */
export function workerScript(...candidates: string[]): string | undefined {
  return candidates.find((path) => existsSync(path));
}

export function startWorker(script: string, options: WorkerOptions = {}): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, options);
  const tsx = createRequire(__filename).resolve(['tsx', 'cjs'].join('/')); // computed: the bundler must not resolve a dev-only loader
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { ...options, eval: true });
}
