// Collection-scale session: the generated 1M-event NDJSON file loaded `--copies` times into
// one session (10 with `--full`: 10M events), each run in its own process so that its peak
// RSS and page faults are its own; DuckDB's `read_json` (declared columns) on the same files
// in the same run as the peer. Prints events/s, database size, bytes per event, peak RSS and
// its ratio to the database, and the budget stop when there is one. `--budget-mb` (default
// 7000) is the session's memory budget; `--repeat N` runs both N times, alternating.
// Figures go to docs/benchmarks.md by hand, with date, machine and command.

import { existsSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { BenchFlags } from './run';
import { generateEvents } from './generateEvents';
import { child, type ChildRun } from './child';

const DATASETS = join(__dirname, '..', '..', 'shared', 'datasets', 'otrf');
const REAL_ZIP = join(DATASETS, 'empire_persistence_registry_modification_run_keys_standard_user.zip');
const REAL_MEMBER = 'empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.json';

const gb = (bytes: number): string => `${(bytes / 1024 ** 3).toFixed(2)} GB`;
const perSecond = (run: ChildRun): number => Math.round(run.events / (run.millis / 1000));

export default async function session(flags: BenchFlags): Promise<void> {
  const { values } = parseArgs({ args: [...flags.argv], options: { copies: { type: 'string' }, 'budget-mb': { type: 'string' }, repeat: { type: 'string' } }, strict: false });
  const copies = Number(values.copies ?? (flags.full ? 10 : 1));
  const budgetMb = Number(values['budget-mb'] ?? 7000);
  const repeat = Number(values.repeat ?? 1);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${(totalmem() / 1024 ** 3).toFixed(1)} GB RAM, Node ${process.version}; ${new Date().toISOString()}`);
  if (!existsSync(REAL_ZIP)) {
    console.log(`skipped: ${REAL_ZIP} is absent (the session bench derives its events from the shared OTRF datasets)`);
    return;
  }
  const file = generateEvents(REAL_ZIP, REAL_MEMBER, 1_000_000, join(__dirname, 'data', 'events-1000000.ndjson'));
  const files = Array.from({ length: copies }, () => file);
  for (let i = 0; i < repeat; i++) {
    const load = loadavg()[0]!.toFixed(1);
    const ours = child(['huntbench', String(budgetMb), ...files]);
    const peer = child(['duckdb', ...files]);
    console.log(`[load average ${load}] ${copies} × 1M generated events into one session, budget ${budgetMb} MB:`);
    console.log(`  Huntbench: ${ours.events.toLocaleString('en-US')} events in ${(ours.millis / 1000).toFixed(1)} s = ${perSecond(ours).toLocaleString('en-US')} events/s (${ours.cpuSeconds.toFixed(1)} s CPU); ` +
      `database ${gb(ours.dbBytes)} = ${Math.round(ours.dbBytes / Math.max(ours.events, 1))} bytes/event (file chunks ${gb(ours.fileBytes ?? 0)}); ` +
      `peak RSS ${gb(ours.peakBytes)} = ${(ours.peakBytes / ours.dbBytes).toFixed(2)}× the database; ${ours.minorFaults.toLocaleString('en-US')} minor page faults`);
    if (ours.stopReason) console.log(`  stopped: ${ours.stopReason}`);
    console.log(`  DuckDB read_json (declared columns): ${peer.events.toLocaleString('en-US')} rows in ${(peer.millis / 1000).toFixed(1)} s = ${perSecond(peer).toLocaleString('en-US')} rows/s (${peer.cpuSeconds.toFixed(1)} s CPU); ` +
      `memory ${gb(peer.dbBytes)}; peak RSS ${gb(peer.peakBytes)}`);
    console.log(`  ratio DuckDB/Huntbench: ${(perSecond(peer) / perSecond(ours)).toFixed(1)}× events/s, ${(peer.cpuSeconds / ours.cpuSeconds).toFixed(2)}× CPU, ${(peer.peakBytes / ours.peakBytes).toFixed(2)}× peak RSS`);
  }
}
