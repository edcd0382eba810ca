// Ingest benchmark: end-to-end load (read, parse, normalize, insert, index) in events/s and
// MB/s on a real 80 MB OTRF capture and on a generated 1M-event NDJSON file, the sql.js
// bytes per event, and DuckDB on the same file as the peer. `--full` adds a 5M-event
// session (or as far as the memory budget allows); `--skip-base` runs only that session.
// `--events N` sizes the generated file.
// Figures go to docs/benchmarks.md by hand, with date, machine and command.

import { existsSync, statSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { DuckDBInstance } from '@duckdb/node-api';
import { HuntSession } from '../src/core/session/session';
import { defaultModules } from '../src/core/ingest/loadModules';
import type { BenchFlags } from './run';
import { declaredColumnsSql } from './duckdbColumns';
import { generateEvents } from './generateEvents';

const DATASETS = join(__dirname, '..', '..', 'shared', 'datasets', 'otrf');
const REAL_ZIP = join(DATASETS, 'empire_persistence_registry_modification_run_keys_standard_user.zip');
const REAL_MEMBER = 'empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.json';

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

async function duckdb(file: string): Promise<void> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const timed = async (label: string, sql: string): Promise<void> => {
    const started = Date.now();
    try {
      await connection.run('DROP TABLE IF EXISTS t');
      await connection.run(sql, [file]);
      const rows = Number((await connection.runAndReadAll('SELECT count(*) FROM t')).getRows()[0]![0]);
      console.log(`DuckDB ${label}: ${rows.toLocaleString('en-US')} rows in ${((Date.now() - started) / 1000).toFixed(1)} s = ${rate(rows, Date.now() - started)} rows/s`);
    } catch (error) {
      console.log(`DuckDB ${label}: failed after ${((Date.now() - started) / 1000).toFixed(1)} s: ${(error as Error).message.split('\n')[0]}`);
    }
  };
  await timed('read_json_auto', 'CREATE TABLE t AS SELECT * FROM read_json_auto($1)');
  await timed('read_json (22 declared columns)', `CREATE TABLE t AS SELECT * FROM read_json($1, columns = ${declaredColumnsSql()}, format = 'newline_delimited')`);
  connection.closeSync();
  instance.closeSync();
}

export default async function ingest(flags: BenchFlags): Promise<void> {
  const { values } = parseArgs({ args: [...flags.argv], options: { events: { type: 'string' }, 'skip-base': { type: 'boolean' } }, strict: false });
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

    const single = await loadOnce([file], false);
    print('generated, 1 core', single);
    const parallel = await loadOnce([file], true, correlationWithIndex);
    print('generated, parallel', parallel);
    await duckdb(file);
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
