// Who-is-who cost: the share of load time taken by the post-load pass (address book,
// sensor attribution, peer scope, one connection one observation) on the 1M-event scenario
// set (scripts/generate-samples.ts --events: Sysmon 3 + 5156 pairs, Zeek conn.log, pfirewall
// from many hosts, with the lab stories embedded). The peer is the rest of the same load
// (read, parse, normalize, insert, index), measured in the same run. Goal: at most 10%.
// The pass runs on the loading thread: its share of each stored batch (keeping the network
// rows) and its run at the end are timed by the loader (LoadReport.fixUpMillis).
// `--events N` sizes the set; it is generated once under bench/data/ (gitignored).

import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { parseArgs } from 'node:util';
import { HuntSession } from '../src/core/session/session';
import { defaultModules } from '../src/core/ingest/loadModules';
import type { BenchFlags } from './run';

const RUNS = 3;

export default async function hosts(flags: BenchFlags): Promise<void> {
  const { values } = parseArgs({ args: [...flags.argv], options: { events: { type: 'string' } }, strict: false });
  const events = Number(values.events ?? 1_000_000);
  const folder = join(__dirname, 'data', `scenarios-${events}`);
  if (!existsSync(join(folder, 'manifest.json'))) {
    const made = spawnSync(process.execPath, ['--import', 'tsx', join(__dirname, '..', 'scripts', 'generate-samples.ts'), '--events', String(events), '--out', folder], { stdio: 'inherit' });
    if (made.status !== 0) throw new Error(`generating ${folder} failed`);
  }
  const shares: number[] = [];
  for (let run = 1; run <= RUNS; run++) {
    const session = await HuntSession.create(defaultModules);
    try {
      const cpuBefore = process.cpuUsage();
      const report = await session.load([folder]);
      const cpu = process.cpuUsage(cpuBefore);
      const fix = report.fixUpMillis ?? 0;
      const share = fix / report.millis;
      shares.push(share);
      const hostsReport = report.hosts;
      console.log(`[load average ${loadavg()[0]!.toFixed(1)}] run ${run}: ${report.events.toLocaleString('en-US')} events loaded in ${(report.millis / 1000).toFixed(1)} s ` +
        `(CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, all threads); ` +
        `address book + attribution + observations ${(fix / 1000).toFixed(2)} s = ${(share * 100).toFixed(1)}% of the load ` +
        `(${hostsReport?.attributed.toLocaleString('en-US') ?? 0} sensor rows attributed, ${hostsReport?.observations?.observations.toLocaleString('en-US') ?? 0} observations of ` +
        `${hostsReport?.observations?.records.toLocaleString('en-US') ?? 0} records, ${hostsReport?.conflicts.length ?? 0} conflicts)`);
    } finally {
      session.close();
    }
  }
  const sorted = [...shares].sort((a, b) => a - b);
  const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;
  console.log(`post-load pass share of load time over ${RUNS} runs: min ${pct(sorted[0]!)}, median ${pct(sorted[RUNS >> 1]!)}, max ${pct(sorted[RUNS - 1]!)} (goal: at most 10%)`);
}
