// One measured session in its own process, so its peak RSS (VmHWM) and page faults are its
// own: `huntbench <budget MB> <files...>` loads the files into one Huntbench session;
// `duckdb <files...>` reads the same NDJSON into a DuckDB table with declared columns (the
// peer). Prints one JSON line. Driven by bench/session.bench.ts.

import { readFileSync } from 'node:fs';
import { DuckDBInstance } from '@duckdb/node-api';
import { HuntSession } from '../src/core/session/session';
import { defaultModules } from '../src/core/ingest/loadModules';
import { declaredColumnsSql } from './duckdbColumns';

/** Fields of a /proc stat line after the command name. */
function statFields(path: string): string[] {
  return readFileSync(path, 'utf8').replace(/^.*\) /, '').split(' ');
}

/** Peak RSS, page faults, CPU of the whole process and of its main thread alone (the writer; the rest is parse workers, GC and I/O threads). */
function processFigures(): { peakBytes: number; minorFaults: number; cpuSeconds: number; mainCpuSeconds: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const stat = statFields('/proc/self/stat');
  const main = statFields(`/proc/self/task/${process.pid}/stat`);
  const usage = process.cpuUsage();
  return {
    peakBytes: Number(/VmHWM:\s+(\d+)/.exec(status)![1]) * 1024, minorFaults: Number(stat[7]), cpuSeconds: (usage.user + usage.system) / 1e6,
    mainCpuSeconds: (Number(main[11]) + Number(main[12])) / 100, // utime + stime in clock ticks (100 per second on Linux)
  };
}

async function huntbench(budgetMb: number, files: string[]): Promise<object> {
  const session = await HuntSession.create(defaultModules, { budgetBytes: budgetMb * 1024 ** 2 });
  const report = await session.load(files);
  return { events: report.events, millis: report.millis, dbBytes: session.stats().sizeBytes, fileBytes: session.store.fileBytes(), stopReason: report.stopReason ?? null, ...processFigures() };
}

async function duckdb(files: string[]): Promise<object> {
  const instance = await DuckDBInstance.create(':memory:');
  const connection = await instance.connect();
  const started = Date.now();
  await connection.run(`CREATE TABLE t AS SELECT * FROM read_json([${files.map((_, i) => `$${i + 1}`).join(', ')}], columns = ${declaredColumnsSql()}, format = 'newline_delimited')`, files);
  const events = Number((await connection.runAndReadAll('SELECT count(*) FROM t')).getRows()[0]![0]);
  const millis = Date.now() - started;
  const dbBytes = Number((await connection.runAndReadAll("SELECT sum(memory_usage_bytes) FROM duckdb_memory()")).getRows()[0]![0]);
  return { events, millis, dbBytes, ...processFigures() };
}

async function main(): Promise<void> {
  const [tool, ...rest] = process.argv.slice(2);
  const result = tool === 'duckdb' ? await duckdb(rest) : await huntbench(Number(rest[0]), rest.slice(1));
  console.log(JSON.stringify(result));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
