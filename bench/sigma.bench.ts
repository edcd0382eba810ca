// Sigma benchmark: the whole shared SigmaHQ Windows rule set (../shared/sigma, ~2,400 rules
// under rules/windows and more in rules-threat-hunting/ and rules-emerging-threats/) over 1M
// events, beside the four built-in analytics on the same session. The events are real
// Windows records (Sysmon, Security, System, PowerShell ...) of the shared OTRF captures,
// repeated with new record numbers to the size asked (`--events N`, default 1,000,000) and
// written once to bench/data/ (gitignored). Loading is not timed; rule loading+compiling,
// the Sigma runs (first and later, `--rounds`, `--later`) and the analytics are. Target:
// Sigma rules over 1M events in <= 30 s wall.

import { createWriteStream, existsSync, mkdirSync, renameSync, statSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { huntFiles, loadHuntFile } from '../src/core/dsl/load';
import { defaultModules } from '../src/core/ingest/loadModules';
import { HuntSession } from '../src/core/session/session';
import { runPackAsync, type PackResult } from '../src/core/sigma/evaluate';
import { loadPack, type SigmaPack } from '../src/core/sigma/pack';
import type { BenchFlags } from './run';

const SHARED = join(__dirname, '..', '..', 'shared');
const SIGMA = join(process.env.HUNTBENCH_SHARED ?? SHARED, 'sigma');
const OTRF = join(process.env.HUNTBENCH_SHARED ?? SHARED, 'datasets', 'otrf');
const CAPTURES = [
  'empire_persistence_registry_modification_run_keys_standard_user.zip',
  'covenant_sharpsc_create_dcerpc_smb_svcctl.zip',
  'empire_find_localadmin_smb_svcctl_OpenSCManager.zip',
  'empire_psexec_dcerpc_tcp_svcctl.zip',
  'empire_psremoting_stager.zip',
  'empire_enable_rdp.tar.gz',
];

/** The raw NDJSON lines of the captures (their JSON records as logged). */
async function templates(): Promise<string[]> {
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load(CAPTURES.map((c) => join(OTRF, c)).filter(existsSync));
    const lines: string[] = [];
    const json = new Set(session.store.sources().filter((s) => s.format === 'json').map((s) => s.id));
    for (const row of session.store.all('SELECT id, source_id FROM events ORDER BY id')) {
      if (!json.has(Number(row.source_id))) continue;
      const text = session.raw(Number(row.id)).text;
      if (text && !text.includes('\n')) lines.push(text);
    }
    return lines;
  } finally {
    session.close();
  }
}

async function generate(count: number, out: string): Promise<number> {
  if (existsSync(out) && statSync(out).size > 0) return 0;
  mkdirSync(join(out, '..'), { recursive: true });
  const lines = await templates();
  // Written under a temporary name and renamed when complete: other benches may read bench/data.
  const partial = `${out}.partial-${process.pid}`;
  const stream = createWriteStream(partial);
  for (let i = 0; i < count; i++) {
    // A new record number per copy; everything else as logged.
    const line = lines[i % lines.length]!.replace(/"(RecordNumber|EventRecordID)":\s*\d+/, `"$1":${i + 1}`);
    if (!stream.write(`${line}\n`)) await new Promise<void>((r) => stream.once('drain', () => r()));
  }
  await new Promise<void>((r) => stream.end(() => r()));
  renameSync(partial, out);
  return lines.length;
}

export default async function bench(flags: BenchFlags): Promise<void> {
  const { values } = parseArgs({ args: [...flags.argv], options: { events: { type: 'string' }, rounds: { type: 'string' }, later: { type: 'string' } }, strict: false });
  const count = Number(values.events ?? 1_000_000);
  if (!existsSync(join(SIGMA, 'rules')) || !existsSync(OTRF)) {
    console.log(`skipped: the shared SigmaHQ rules (${SIGMA}) or OTRF captures (${OTRF}) are absent`);
    return;
  }
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average ${loadavg()[0]!.toFixed(1)}`);
  const file = join(__dirname, 'data', `sigma-events-${count}.ndjson`);
  const distinct = await generate(count, file);
  if (distinct) console.log(`generated ${file}: ${count.toLocaleString('en-US')} events cycled from ${distinct.toLocaleString('en-US')} distinct OTRF records`);
  const session = await HuntSession.create(defaultModules);
  try {
    let started = performance.now();
    const report = await session.load([file]);
    console.log(`loaded ${report.events.toLocaleString('en-US')} events in ${Math.round(performance.now() - started)} ms (not timed below)`);
    // Rounds (`--rounds`, default 2): each loads and compiles the rules anew, then runs them
    // `1 + --later` times (default 1 + 2): a first run (it also builds the atom indexes), then
    // later runs over the same compiled rules. Each run is timed as wall and as CPU time of
    // the process, every thread's (the machine is shared: CPU time is the steadier figure),
    // with the load average. The run is the editor's: over threads (one per core, at most 4).
    const rounds = Number(values.rounds ?? 2);
    const later = Number(values.later ?? 2);
    const sigmaDirs = ['rules', 'rules-threat-hunting', 'rules-emerging-threats'].map((f) => join(SIGMA, f)).filter(existsSync);
    interface Timed { result: PackResult; wall: number; cpu: number; load: number }
    const timed = async (pack: SigmaPack): Promise<Timed> => {
      const cpu = process.cpuUsage();
      const result = await runPackAsync(session.store, pack);
      const used = process.cpuUsage(cpu);
      return { result, wall: result.stats.millis, cpu: Math.round((used.user + used.system) / 1000), load: loadavg()[0]! };
    };
    const firsts: Timed[] = [];
    const laters: Timed[] = [];
    const compiles: number[] = [];
    let pack: SigmaPack | undefined;
    for (let round = 1; round <= rounds; round++) {
      started = performance.now();
      pack = loadPack(sigmaDirs);
      compiles.push(Math.round(performance.now() - started));
      if (round === 1) console.log(`SigmaHQ rules: ${pack.rules.length} compiled, ${pack.unsupported.length} unsupported, loaded and compiled in ${compiles[0]} ms`);
      for (let run = 0; run <= later; run++) {
        const t = await timed(pack);
        (run === 0 ? firsts : laters).push(t);
        console.log(`  round ${round} ${run === 0 ? 'first run' : `later run ${run}`}: wall ${t.wall} ms, CPU ${t.cpu} ms; ${t.result.stats.slices.length} thread(s), slices per thread ${t.result.stats.slices.join('/')}; load average ${t.load.toFixed(1)}`);
      }
    }
    const spread = (xs: number[]): string => { const s = [...xs].sort((a, b) => a - b); return `min ${s[0]} / median ${s[Math.floor(s.length / 2)]} / max ${s[s.length - 1]} ms`; };
    const loads = (ts: Timed[]): string => { const l = ts.map((t) => t.load); return `${Math.min(...l).toFixed(1)}–${Math.max(...l).toFixed(1)}`; };
    const events = session.stats().events;
    const summary = (name: string, ts: Timed[]): void => {
      const cpus = ts.map((t) => t.cpu);
      console.log(`Sigma rules over ${events.toLocaleString('en-US')} events, ${name} (${ts.length}): wall ${spread(ts.map((t) => t.wall))}; CPU ${spread(cpus)} (${((1000 * Math.min(...cpus)) / events).toFixed(1)} µs CPU per event at best); load average ${loads(ts)}`);
    };
    summary('first runs', firsts);
    if (laters.length) summary('later runs', laters);
    const all = [...firsts, ...laters];
    const median = (ts: Timed[]): number => { const w = ts.map((t) => t.wall).sort((a, b) => a - b); return w[Math.floor(w.length / 2)]!; };
    const verdict = (name: string, ts: Timed[]): string => (ts.length ? `${name} median ${median(ts)} ms (${median(ts) <= 30000 ? 'met' : 'not met'})` : '');
    console.log(`  target <= 30000 ms wall: ${[verdict('first runs', firsts), verdict('later runs', laters)].filter(Boolean).join(', ')}; load average ${loads(all)}; load and compile ${spread(compiles)} besides`);
    const result = all[all.length - 1]!.result;
    const matched = result.detections.filter((d) => d.events.length > 0);
    console.log(`  ${result.stats.candidates.toLocaleString('en-US')} candidate events, ${result.stats.evaluations.toLocaleString('en-US')} rule evaluations after the atom prefilter; ${matched.length} rules matched ${matched.reduce((n, d) => n + d.events.length, 0).toLocaleString('en-US')} events`);
    const plans = huntFiles([join(__dirname, '..', 'analytics')]).flatMap((p) => loadHuntFile(p).plans);
    const analytics = session.runPlans(plans);
    console.log(`the four built-in analytics on the same session: ${analytics.stats.millis} ms, ${analytics.stats.chains} chains`);
  } finally {
    session.close();
  }
}
