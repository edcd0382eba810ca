// The load pipeline and the session over it: reports, rejections, budget stop,
// cancellation, raw round trips (plain file, .gz, zip member), raw_field and alias SQL.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync, deflateRawSync } from 'node:zlib';
import { HuntSession } from '../../../src/core/session/session';
import { ndjsonModules } from './ndjsonModules';
import type { IngestModules } from '../../../src/core/ingest/load';
import { readEntryBytes } from '../../../src/core/raw/entryBytes';

const fixture = join(__dirname, '../../fixtures/store/sysmon.ndjson');
const fixtureLines = readFileSync(fixture, 'utf8').split('\n').filter((l) => l !== '');

test('load reports events, rejections with line numbers, span, hosts and counts', async () => {
  const session = await HuntSession.create(ndjsonModules);
  const report = await session.load([fixture], { batchSize: 7 });
  const [source] = report.sources;
  assert.equal(report.events, 40);
  assert.equal(source!.events, 40);
  assert.equal(source!.rejected, 1);
  assert.equal(source!.rejections[0]!.line, 11);
  assert.match(source!.rejections[0]!.reason, /not JSON/);
  assert.deepEqual(source!.hosts, ['WORKSTATION5', 'WORKSTATION6']);
  assert.equal(new Date(source!.start!).toISOString(), '2020-07-22T15:01:00.000Z');
  assert.equal(new Date(source!.end!).toISOString(), '2020-07-22T15:40:00.000Z');
  assert.deepEqual(source!.byEventId, { 1: 30, 3: 10 });
  assert.deepEqual(source!.byChannel, { 'Microsoft-Windows-Sysmon/Operational': 40 });
  assert.equal(session.stats().events, 40);
  assert.equal(report.stopped, false);
  session.close();
});

test('loading stops cleanly at the budget, keeps what was loaded and says how to narrow', async () => {
  const session = await HuntSession.create(ndjsonModules);
  const budget = session.stats().sizeBytes; // reached by the first batch
  const report = await session.load([fixture, fixture], { batchSize: 10, budget });
  assert.equal(report.stopped, true);
  assert.match(report.stopReason!, /memory budget.*load fewer files/s);
  assert.equal(report.events, 10);
  assert.equal(session.query('SELECT count(*) FROM events').rows[0]![0], 10);
  session.close();
});

test('a load stopped at the budget stays within it once its indexes are built', async () => {
  // Indexes add about half the table since rows were interned (docs/benchmarks.md): a stop
  // that kept room for a quarter ended 20% over the budget.
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-budget-'));
  const big = join(dir, 'sysmon.ndjson');
  writeFileSync(big, Array.from({ length: 400 }, () => fixtureLines.join('\n')).join('\n'));
  const session = await HuntSession.create(ndjsonModules);
  const budget = 1.2 * 1024 * 1024;
  const report = await session.load([big], { batchSize: 200, budget });
  assert.equal(report.stopped, true);
  assert.ok(report.events > 1000, `${report.events} events loaded`);
  assert.ok(session.stats().sizeBytes <= budget, `${session.stats().sizeBytes} bytes with indexes, budget ${budget}`);
  session.close();
});

test('cancellation stops between batches', async () => {
  const session = await HuntSession.create(ndjsonModules);
  const controller = new AbortController();
  const report = await session.load([fixture], { batchSize: 5, signal: controller.signal, onProgress: () => controller.abort() });
  assert.equal(report.stopped, true);
  assert.match(report.stopReason!, /cancelled/);
  assert.ok(report.events < 40 && report.events > 0);
  session.close();
});

test('a source that only rejects still stops at a cancel or the time budget, and the next file is not read', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-rejects-'));
  const rejects = join(dir, 'a.ndjson');
  writeFileSync(rejects, `${fixtureLines[0]}\n${'{"not": json}\n'.repeat(5000)}`);
  for (const options of [{ signal: AbortSignal.abort() }, { timeBudgetMs: -1 }]) {
    const session = await HuntSession.create(ndjsonModules);
    const report = await session.load([rejects, fixture], options);
    assert.equal(report.stopped, true);
    assert.match(report.stopReason!, /cancelled|time budget/);
    assert.deepEqual(report.sources.map((s) => [s.events, s.rejected]), [[1, 1]], 'the first rejection stops, what came before is kept');
    session.close();
  }
});

test('a reader that fails part way keeps every event it gave before, and the report names the failure', async () => {
  const failing: IngestModules = {
    ...ndjsonModules,
    reader: (detection, options) => async function* (bytes, context) {
      let given = 0;
      for await (const batch of ndjsonModules.reader(detection, options)!(bytes, context)) {
        if (given++ === 7) throw new Error('the archive ends mid-member');
        yield batch;
      }
    },
  };
  const session = await HuntSession.create(failing);
  const report = await session.load([fixture], { batchSize: 5 });
  assert.equal(report.events, 7);
  assert.equal(report.sources[0]!.events, 7);
  assert.match(report.sources[0]!.warnings.join('\n'), /reading failed: the archive ends mid-member/);
  assert.equal(session.query('SELECT count(*) FROM events').rows[0]![0], 7);
  session.close();
});

test('query is read-only and accepts Sigma, ECS and CIM field names', async () => {
  const session = await HuntSession.create(ndjsonModules);
  await session.load([fixture]);
  assert.throws(() => session.query('DELETE FROM events'), /readonly/);
  const canonical = session.query('SELECT id, host FROM events WHERE host = ? AND event_id = ? ORDER BY ts', ['WORKSTATION6', 3]);
  assert.equal(canonical.rows.length, 10);
  for (const sql of [
    'SELECT id, Computer FROM events WHERE Computer = ? AND EventID = ? ORDER BY UtcTime',
    'SELECT id, "host.name" FROM events WHERE "host.name" = ? AND "event.code" = ? ORDER BY @timestamp',
    'SELECT e.id, e.dvc FROM events e WHERE e.dvc = ? AND EventCode = ? ORDER BY _time',
  ]) {
    assert.deepEqual(session.query(sql, ['WORKSTATION6', 3]).rows, canonical.rows, sql);
  }
  const limited = session.query('SELECT id FROM events', [], { limit: 3 });
  assert.equal(limited.rows.length, 3);
  assert.equal(limited.truncated, true);
  session.close();
});

test('raw returns the original line, and raw_field reads unmapped fields', async () => {
  const session = await HuntSession.create(ndjsonModules);
  await session.load([fixture]);
  const id = Number(session.query('SELECT id FROM events WHERE line = 12').rows[0]![0]);
  const raw = session.raw(id);
  assert.equal(raw.text, fixtureLines[11]);
  assert.deepEqual(raw.source, { file: fixture, line: 12, offset: Buffer.byteLength(fixtureLines.slice(0, 11).join('\n')) + 1 });
  assert.equal(raw.plainFile, true);
  const fields = session.query("SELECT raw_field(id, 'Image') AS image, raw_field(id, 'Details.Depth') AS depth, raw_field(id, 'Missing') AS missing FROM events WHERE id = ?", [id]);
  assert.deepEqual(fields.rows[0], [JSON.parse(fixtureLines[11]!).Image, 11, null]);
  assert.equal(session.query("SELECT count(*) FROM events WHERE raw_field(id, 'Image') LIKE '%p1_.exe'").rows[0]![0], 10);
  assert.match(session.raw(9999).error!, /no event with id 9999/);
  session.close();
});

/** A one-member zip with a deflated entry, enough for the raw reader. */
function zipOf(name: string, data: Buffer): Buffer {
  const compressed = deflateRawSync(data);
  const nameBytes = Buffer.from(name);
  const local = Buffer.alloc(30);
  local.writeUInt32LE(0x04034b50, 0); local.writeUInt16LE(8, 8); local.writeUInt32LE(compressed.length, 18); local.writeUInt32LE(data.length, 22); local.writeUInt16LE(nameBytes.length, 26);
  const central = Buffer.alloc(46);
  central.writeUInt32LE(0x02014b50, 0); central.writeUInt16LE(8, 10); central.writeUInt32LE(compressed.length, 20); central.writeUInt32LE(data.length, 24); central.writeUInt16LE(nameBytes.length, 28); central.writeUInt32LE(0, 42);
  const directoryOffset = 30 + nameBytes.length + compressed.length;
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0); end.writeUInt16LE(1, 8); end.writeUInt16LE(1, 10); end.writeUInt32LE(46 + nameBytes.length, 12); end.writeUInt32LE(directoryOffset, 16);
  return Buffer.concat([local, nameBytes, compressed, central, nameBytes, end]);
}

test('raw text of archive members: zip member and gzip inner file, truncated gzip too', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-raw-'));
  const data = readFileSync(fixture);
  writeFileSync(join(dir, 'logs.zip'), zipOf('inner/sysmon.json', data));
  const gz = gzipSync(data);
  writeFileSync(join(dir, 'logs.json.gz'), gz);
  writeFileSync(join(dir, 'cut.json.gz'), gz.subarray(0, gz.length - 40));
  assert.deepEqual(readEntryBytes(join(dir, 'logs.zip'), 'inner/sysmon.json'), data);
  assert.deepEqual(readEntryBytes(join(dir, 'logs.json.gz'), 'logs.json'), data);
  const cut = readEntryBytes(join(dir, 'cut.json.gz'), 'cut.json');
  assert.ok(cut.length > 0 && data.subarray(0, cut.length).equals(cut), 'a truncated gzip yields a prefix of the data');
  assert.throws(() => readEntryBytes(join(dir, 'logs.zip'), 'other.json'), /no member named "other.json"/);

  // The session reads members through the same reader once they are loaded as members.
  const memberModules = { ...ndjsonModules, async *openSources(path: string) {
    yield { path, member: 'inner/sysmon.json', open: async function* () { yield readEntryBytes(path, 'inner/sysmon.json'); } };
  } };
  const session = await HuntSession.create(memberModules);
  await session.load([join(dir, 'logs.zip')]);
  const raw = session.raw(20);
  assert.equal(raw.plainFile, false);
  assert.equal(raw.source.file, `${join(dir, 'logs.zip')}!inner/sysmon.json`);
  assert.equal(raw.text, fixtureLines[raw.source.line! - 1]);
  session.close();
});

test('the same file twice gives two sources with their own counts; an unknown source is skipped and reported', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-load-'));
  const unknown = join(dir, 'notes.txt');
  writeFileSync(unknown, 'just some text\n');
  const session = await HuntSession.create(ndjsonModules);
  const report = await session.load([fixture, unknown, fixture]);
  assert.deepEqual(report.sources.map((s) => [s.source, s.events, s.format]), [[fixture, 40, 'json'], [unknown, 0, 'unknown'], [fixture, 40, 'json']]);
  assert.match(report.sources[1]!.warnings[0]!, /unknown format/);
  assert.deepEqual(session.store.sources().map((s) => s.id), [report.sources[0]!.sourceId, report.sources[2]!.sourceId]);
  assert.equal(report.sources[2]!.start, report.sources[0]!.start);
  session.close();
});
