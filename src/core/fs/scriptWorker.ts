// Starting a worker thread from a script file: the bundled `.js` next to the caller in dist/,
// or, under tsx (tests, bench), the TypeScript source, in which tsx's loader is registered
// first. Shared by the JSON parse pool, the EVTX chunk pool and the ad-hoc query worker.

import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { Worker, type WorkerOptions } from 'node:worker_threads';

/** The first of the candidate paths that exists (bundled name first, then the source). */
export function workerScript(...candidates: string[]): string | undefined {
  return candidates.find((path) => existsSync(path));
}

export function startWorker(script: string, options: WorkerOptions = {}): Worker {
  if (!script.endsWith('.ts')) return new Worker(script, options);
  const tsx = createRequire(__filename).resolve(['tsx', 'cjs'].join('/')); // computed: the bundler must not resolve a dev-only loader
  return new Worker(`require(${JSON.stringify(tsx)}); require(${JSON.stringify(script)});`, { ...options, eval: true });
}
