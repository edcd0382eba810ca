// Runs bench/sessionChild.ts in its own process (its peak RSS, page faults and CPU are then its
// own) and returns the one JSON line it prints. Shared by the ingest and session benches. The
// child runs as dist/ ships the engine: an esbuild bundle with its parse workers bundled beside
// it (under tsx every call across modules goes through an export getter; the main thread spent
// ~10% more CPU per 1M-event load, docs/benchmarks.md).

import { spawnSync } from 'node:child_process';
import { copyFileSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';
import { ENGINE_SEMI_SPACE_MB } from '../src/worker/engineClient';

export interface ChildRun {
  events: number;
  millis: number;
  dbBytes: number;
  fileBytes?: number;
  peakBytes: number;
  minorFaults: number;
  /** CPU of the whole process, every thread. */
  cpuSeconds: number;
  /** CPU of the main thread alone (the writer). */
  mainCpuSeconds: number;
  stopReason?: string | null;
}

/** The engine worker's young generation (worker/engineClient.ts), for a process that runs the engine on its main thread. */
export const ENGINE_V8_FLAGS: readonly string[] = [`--max-semi-space-size=${ENGINE_SEMI_SPACE_MB}`];

/** The entry points bundled, with the names esbuild.mjs gives them in dist/. */
const SHIPPED: readonly (readonly [string, string])[] = [
  ['bench/sessionChild.ts', 'sessionChild.js'],
  ['src/core/ingest/parallel/jsonParseWorker.ts', 'jsonParseWorker.js'],
  ['src/core/ingest/evtx/chunkWorker.ts', 'evtxChunkWorker.js'],
  ['src/core/raw/sources/sevenZipWorker.ts', 'sevenZipWorker.js'],
];

let shipped: string | undefined;

/** The bundled child, built once per bench run under bench/data/shipped/. */
function shippedChild(): string {
  if (shipped) return shipped;
  const root = join(__dirname, '..');
  const dir = join(__dirname, 'data', 'shipped');
  mkdirSync(dir, { recursive: true });
  for (const [entry, name] of SHIPPED) {
    buildSync({ entryPoints: [join(root, entry)], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: join(dir, name), external: ['@duckdb/*'], logLevel: 'warning' });
  }
  copyFileSync(join(root, 'node_modules/sql.js/dist/sql-wasm.wasm'), join(dir, 'sql-wasm.wasm'));
  copyFileSync(join(root, 'node_modules/7z-wasm/7zz.wasm'), join(dir, '7zz.wasm'));
  return (shipped = join(dir, 'sessionChild.js'));
}

/** `args`: `huntbench <budget MB> <files...>` or `duckdb <files...>`; `env` adds to the environment (HUNTBENCH_JSON_WORKERS). */
export function child(args: string[], env: Record<string, string> = {}): ChildRun {
  const result = spawnSync(process.execPath, [...ENGINE_V8_FLAGS, shippedChild(), ...args], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
  const line = result.stdout.trim().split('\n').at(-1) ?? '';
  if (result.status !== 0 || !line.startsWith('{')) throw new Error(`bench child ${args[0]} failed (${result.status}): ${result.stderr.slice(-2000)}`);
  return JSON.parse(line) as ChildRun;
}

/** min / median / max of `values`, formatted by `format`. */
export function spread(values: readonly number[], format: (n: number) => string): string {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 1 ? format(sorted[0]!) : `${format(sorted[0]!)} / ${format(median(sorted))} / ${format(sorted.at(-1)!)}`;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length % 2 ? sorted[(sorted.length - 1) / 2]! : (sorted[sorted.length / 2 - 1]! + sorted[sorted.length / 2]!) / 2;
}
