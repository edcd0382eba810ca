// `npm run bench [-- --only name] [-- --full]`: runs every bench/*.bench.ts module in name
// order. A module's default export receives the flags and prints its own figures;
// expensive runs hide behind flags (--full) so the default finishes in a few minutes.

import { spawnSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { ENGINE_V8_FLAGS } from './child';

export interface BenchFlags {
  /** Opt-in long runs (the 5M-event session and the like). */
  readonly full: boolean;
  /** Every flag as given, for benches with their own options. */
  readonly argv: readonly string[];
}

export type Bench = (flags: BenchFlags) => Promise<void>;

async function main(): Promise<void> {
  const argv = process.argv.slice(2);
  const { values } = parseArgs({ args: argv, options: { only: { type: 'string', multiple: true }, full: { type: 'boolean' } }, strict: false });
  const only = (values.only as string[] | undefined) ?? [];
  console.log(`V8 flags of the engine worker: ${ENGINE_V8_FLAGS.join(' ')}`);
  const modules = readdirSync(__dirname)
    .filter((f) => f.endsWith('.bench.ts'))
    .filter((f) => only.length === 0 || only.includes(f.replace(/\.bench\.ts$/, '')))
    .sort();
  for (const file of modules) {
    console.log(`\n## ${file}`);
    const started = Date.now();
    const bench = ((await import(join(__dirname, file))) as { default: Bench }).default;
    await bench({ full: values.full === true, argv });
    console.log(`(${file}: ${((Date.now() - started) / 1000).toFixed(1)} s)`);
  }
}

// The benches time the engine on this thread: with the young generation the editor's engine
// worker has, or again in a process started with it.
if (ENGINE_V8_FLAGS.every((flag) => process.execArgv.includes(flag))) {
  main().catch((error: unknown) => {
    console.error(error);
    process.exitCode = 1;
  });
} else {
  const again = spawnSync(process.execPath, [...process.execArgv, ...ENGINE_V8_FLAGS, ...process.argv.slice(1)], { stdio: 'inherit' });
  process.exitCode = again.status ?? 1;
}
