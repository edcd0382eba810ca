// Runs bench/sessionChild.ts in its own process (its peak RSS, page faults and CPU are then its
// own) and returns the one JSON line it prints. Shared by the ingest and session benches.

import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
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

/** `args`: `huntbench <budget MB> <files...>` or `duckdb <files...>`; `env` adds to the environment (HUNTBENCH_JSON_WORKERS). */
export function child(args: string[], env: Record<string, string> = {}): ChildRun {
  const result = spawnSync(process.execPath, [...ENGINE_V8_FLAGS, '--import', 'tsx', join(__dirname, 'sessionChild.ts'), ...args], { encoding: 'utf8', maxBuffer: 1 << 24, env: { ...process.env, ...env } });
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
