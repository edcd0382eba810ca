// Ingest benchmark: end-to-end load (read, parse, normalize, insert, fix-ups, indexes: a
// queryable session) in events/s and MB/s on a real 80 MB OTRF capture, and on a generated
// 1M-event NDJSON file on one core and on two, each run in its own process
// (bench/sessionChild.ts) with wall time, CPU per event (whole process and main thread) and
// peak RSS, alternating with DuckDB `read_json` (declared columns) on the same file; `--repeat N`
// (default 3) repetitions, summarised as min / median / max with the ratio to DuckDB.
// The psexec capture's bytes per event beside DuckDB's memory for the same records.
// `--full` adds a 5M-event session (or as far as the memory budget allows); `--skip-base` runs
// only that session. `--events N` sizes the generated file.
// Figures go to docs/benchmarks.md by hand, with date, machine and command.

import { existsSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { HuntSession } from '../src/core/session/session';
import { defaultModules } from '../src/core/ingest/loadModules';
import type { BenchFlags } from './run';
import { generateEvents } from './generateEvents';
import { readEntryBytes } from '../src/core/raw/entryBytes';
import { child, median, spread, type ChildRun } from './child';

const DATASETS = join(__dirname, '..', '..', 'shared', 'datasets', 'otrf');
const REAL_ZIP = join(DATASETS, 'empire_persistence_registry_modification_run_keys_standard_user.zip');
const REAL_MEMBER = 'empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.json';
/** The capture whose bytes per event the issue names (≤ 250): real events, nine distinct long command lines. */
const PSEXEC_ZIP = join(DATASETS, 'empire_psexec_dcerpc_tcp_svcctl.zip');
const PSEXEC_MEMBER = 'empire_psexec_dcerpc_tcp_svcctl_2020-09-20121608.json';

const mb = (bytes: number): string => (bytes / 1024 ** 2).toFixed(1);
const rate = (n: number, ms: number): string => Math.round(n / (ms / 1000)).toLocaleString('en-US');

interface Run { events: number; millis: number; bytes: number; dbBytes: number; stopped?: string }

async function loadOnce(paths: string[], parallel: boolean, after?: (session: HuntSession) => void): Promise<Run> {
  const session = await HuntSession.create(defaultModules);
  let bytes = 0;
  try {
    const report = await session.load(paths, { parallel, onProgress: (p) => { bytes = p.bytesRead; } });
    after?.(session);
    return { events: report.events, millis: report.millis, bytes, dbBytes: session.stats().sizeBytes, stopped: report.stopReason };
  } finally {
    session.close();
  }
}

/** A correlation self-join (process start, then a registry write on the same host within 1 s) with and without the (host, event_id, ts) index. */
const CORRELATION = 'SELECT count(*) FROM events a JOIN events b ON b.host = a.host AND b.event_id = 13 AND b.ts BETWEEN a.ts AND a.ts + 1000 WHERE a.event_id = 1';

function timedCorrelation(session: HuntSession): string {
  const started = Date.now();
  const pairs = session.query(CORRELATION).rows[0]![0];
  return `${pairs} pairs in ${Date.now() - started} ms`;
}

function correlationWithIndex(session: HuntSession): void {
  console.log(`  correlation self-join at ${session.stats().events.toLocaleString('en-US')} events: ${timedCorrelation(session)} with the (host, event_id, ts) index`);
}

/** Without the index the planner falls back to a scan per row: measured on the small capture only (at 1M rows it took 7 minutes). */
function correlationWithAndWithoutIndex(session: HuntSession): void {
  const indexed = timedCorrelation(session);
  session.store.setReadOnly(false);
  session.store.execute('DROP INDEX events_host_event_id_ts');
  session.store.setReadOnly(true);
  console.log(`  correlation self-join at ${session.stats().events.toLocaleString('en-US')} events: ${indexed} with the (host, event_id, ts) index, ${timedCorrelation(session)} without`);
}

function print(label: string, run: Run): void {
  console.log(`[load average ${loadavg()[0]!.toFixed(1)}] ` + `${label}: ${run.events.toLocaleString('en-US')} events in ${(run.millis / 1000).toFixed(1)} s = ${rate(run.events, run.millis)} events/s, ` +
    `${(run.bytes / 1024 ** 2 / (run.millis / 1000)).toFixed(1)} MB/s (decompressed); database ${mb(run.dbBytes)} MB = ${Math.round(run.dbBytes / Math.max(run.events, 1))} bytes/event with indexes` +
    (run.stopped ? `\n  stopped: ${run.stopped}` : ''));
}

/** Bytes per event of the psexec capture, and DuckDB's memory for the same records (its member unpacked to bench/data/). */
async function psexecBytes(): Promise<void> {
  if (!existsSync(PSEXEC_ZIP)) return;
  const ours = await loadOnce([PSEXEC_ZIP], false);
  const unpacked = join(__dirname, 'data', PSEXEC_MEMBER);
  if (!existsSync(unpacked)) {
    writeFileSync(`${unpacked}.partial`, readEntryBytes(PSEXEC_ZIP, PSEXEC_MEMBER));
    renameSync(`${unpacked}.partial`, unpacked);
  }
  const peer = child(['duckdb', unpacked]);
  console.log(`psexec capture (${ours.events.toLocaleString('en-US')} events): database ${mb(ours.dbBytes)} MB = ${Math.round(ours.dbBytes / Math.max(ours.events, 1))} bytes/event with indexes; ` +
    `DuckDB read_json (declared columns) ${peer.events.toLocaleString('en-US')} rows, ${mb(peer.dbBytes)} MB in memory = ${Math.round(peer.dbBytes / Math.max(peer.events, 1))} bytes/row (ratio ${(peer.dbBytes / ours.dbBytes).toFixed(2)}×)`);
}

/** The generated file on one core, on two, and DuckDB beside them, alternating; then min / median / max. */
function generatedRuns(file: string, repeat: number): void {
  const modes: { label: string; args: string[]; env: Record<string, string> }[] = [
    { label: 'Huntbench, 1 core', args: ['huntbench', '7000', file], env: { HUNTBENCH_JSON_WORKERS: '0' } },
    { label: 'Huntbench, 2 cores', args: ['huntbench', '7000', file], env: {} },
    { label: 'DuckDB read_json (declared columns)', args: ['duckdb', file], env: {} },
  ];
  const runs = modes.map(() => [] as ChildRun[]);
  const perSecond = (run: ChildRun): number => run.events / (run.millis / 1000);
  const us = (seconds: number, run: ChildRun): number => (seconds * 1e6) / Math.max(run.events, 1);
  for (let i = 0; i < repeat; i++) {
    modes.forEach((mode, m) => {
      const load = loadavg()[0]!.toFixed(1);
      const run = child(mode.args, mode.env);
      runs[m]!.push(run);
      console.log(`[load average ${load}] ${mode.label}: ${run.events.toLocaleString('en-US')} events in ${(run.millis / 1000).toFixed(1)} s = ${Math.round(perSecond(run)).toLocaleString('en-US')} events/s; ` +
        `CPU ${run.cpuSeconds.toFixed(1)} s = ${us(run.cpuSeconds, run).toFixed(1)} µs/event (main thread ${us(run.mainCpuSeconds, run).toFixed(1)}); peak RSS ${mb(run.peakBytes)} MB` +
        (mode.args[0] === 'huntbench' ? `; database ${mb(run.dbBytes)} MB = ${Math.round(run.dbBytes / Math.max(run.events, 1))} bytes/event, peak ${(run.peakBytes / run.dbBytes).toFixed(2)}× the database` : ''));
    });
  }
  const duck = runs[2]!;
  console.log(`summary over ${repeat} run(s), min / median / max:`);
  modes.forEach((mode, m) => {
    const own = runs[m]!;
    const ratio = m === 2 ? '' : `; DuckDB / this (medians): ${(median(duck.map(perSecond)) / median(own.map(perSecond))).toFixed(1)}× events/s, ${(median(own.map((r) => us(r.cpuSeconds, r))) / median(duck.map((r) => us(r.cpuSeconds, r)))).toFixed(1)}× its CPU per event`;
    console.log(`  ${mode.label}: ${spread(own.map(perSecond), (n) => Math.round(n).toLocaleString('en-US'))} events/s; CPU ${spread(own.map((r) => us(r.cpuSeconds, r)), (n) => n.toFixed(1))} µs/event, ` +
      `main thread ${spread(own.map((r) => us(r.mainCpuSeconds, r)), (n) => n.toFixed(1))} µs/event; peak RSS ${spread(own.map((r) => r.peakBytes / 1024 ** 2), (n) => n.toFixed(0))} MB${ratio}`);
  });
}

export default async function ingest(flags: BenchFlags): Promise<void> {
  const { values } = parseArgs({ args: [...flags.argv], options: { events: { type: 'string' }, 'skip-base': { type: 'boolean' }, repeat: { type: 'string' } }, strict: false });
  const events = Number(values.events ?? 1_000_000);
  console.log(`machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}, ${mb(totalmem())} MB RAM, Node ${process.version}; ${new Date().toISOString()}; load average ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  if (!existsSync(REAL_ZIP)) {
    console.log(`skipped: ${REAL_ZIP} is absent (the ingest bench needs the shared OTRF datasets)`);
    return;
  }
  const generatedAt = Date.now();
  const file = generateEvents(REAL_ZIP, REAL_MEMBER, events, join(__dirname, 'data', `events-${events}.ndjson`));
  console.log(`generated file: ${file}, ${mb(statSync(file).size)} MB (${((Date.now() - generatedAt) / 1000).toFixed(1)} s, 0 when reused)`);
  if (values['skip-base'] !== true) {
    print('real capture, 1 core', await loadOnce([REAL_ZIP], false));
    print('real capture, parallel', await loadOnce([REAL_ZIP], true, correlationWithAndWithoutIndex));
    await psexecBytes();

    generatedRuns(file, Number(values.repeat ?? 3));
  }

  if (flags.full) {
    const session = await HuntSession.create(defaultModules);
    try {
      let bytes = 0;
      const report = await session.load([file, file, file, file, file], { parallel: true, onProgress: (p) => { bytes = p.bytesRead; } });
      print('5 × generated in one session', { events: report.events, millis: report.millis, bytes, dbBytes: session.stats().sizeBytes, stopped: report.stopReason });
      correlationWithIndex(session);
    } finally {
      session.close();
    }
  }
}
