// The hostile corpus (test/fixtures/hostile/, see its README) through the real load pipeline
// (HuntSession + the real ingest modules): each sample loads without a crash, the valid
// records around the hostile one are all there, and the damage is named in the report
// (rejection by line or offset, or a warning). Big samples are generated here and streamed:
// a 100 MB single line, a gzip bomb, an EVTX whose template offsets loop, and one whose
// templates nest in each other's values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { createWriteStream, existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createGzip } from 'node:zlib';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import type { LoadReport } from '../../../src/core/types/reports';
import type { SqlValue } from '../../../src/core/types/store';
import { buildChunk, buildFile, el, sealChunk, sub, text, v } from '../ingest/evtx/builder';
import { eventTemplate, FIRST_DATA_SUB, nestedTemplateBomb, systemValues } from '../ingest/evtx/events';

const CORPUS = join(__dirname, '../../fixtures/hostile');
const work = mkdtempSync(join(tmpdir(), 'huntbench-hostile-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

interface Loaded {
  readonly report: LoadReport;
  column(name: string): SqlValue[];
  readonly rejections: string[];
  readonly warnings: string[];
}

async function load(path: string, parallel = true): Promise<Loaded> {
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([path], { parallel });
    const columns = new Map<string, SqlValue[]>();
    for (const name of ['record_id', 'ts', 'pid', 'host', 'command_line', 'src_port']) {
      columns.set(name, session.query(`SELECT ${name} FROM events ORDER BY id`).rows.map((r) => r[0]!));
    }
    return {
      report,
      column: (name) => columns.get(name)!,
      rejections: report.sources.flatMap((s) => s.rejections.map((r) => `line ${r.line ?? '-'} offset ${r.offset ?? '-'}: ${r.reason}`)),
      warnings: report.sources.flatMap((s) => s.warnings),
    };
  } finally {
    session.close();
  }
}

const corpus = (name: string) => join(CORPUS, name);

test('deep nesting: a 8,000-deep array loads as a record, an 8,000-deep object is rejected by line', async () => {
  const got = await load(corpus('deep-nesting.ndjson'));
  assert.deepEqual(got.column('record_id'), [1, 2, 4, 5]);
  assert.deepEqual(got.rejections.map((r) => r.split(':')[0]), ['line 3 offset 16504']);
});

test('NUL bytes: the record holding them is rejected by line and column, padding is skipped, the rest loads', async () => {
  const got = await load(corpus('nul-bytes.ndjson'));
  assert.deepEqual(got.column('record_id'), [1, 3]);
  assert.match(got.rejections.join('\n'), /^line 2 .*NUL character at column 41/);
  assert.match(got.warnings.join('\n'), /1 line\(s\) of NUL padding skipped/);
});

test('invalid UTF-8 is read as U+FFFD and reported with its line, on both JSON paths', async () => {
  for (const parallel of [false, true]) {
    const got = await load(corpus('invalid-utf8.ndjson'), parallel);
    assert.deepEqual(got.column('record_id'), [1, 2, 3]);
    assert.ok(String(got.column('command_line')[1]).includes('\uFFFD'));
    assert.match(got.warnings.join('\n'), /1 line\(s\) are not valid UTF-8 \(first at line 2/);
  }
});

test('lone UTF-16 surrogates (UTF-16LE with BOM) become U+FFFD; every record loads', async () => {
  const got = await load(corpus('lone-surrogates-utf16.json'));
  assert.deepEqual(got.column('record_id'), [1, 2, 3]);
  assert.ok(String(got.column('command_line')[1]).includes('\uFFFD'));
});

test('duplicate keys: the last one wins (JSON.parse), and the record loads', async () => {
  const got = await load(corpus('duplicate-keys.ndjson'));
  assert.deepEqual(got.column('record_id'), [1, 2]);
  assert.deepEqual(got.column('host'), ['EVIL', 'WS1']);
});

test('numbers out of range are no value, never a float in an integer column', async () => {
  const got = await load(corpus('numbers-out-of-range.ndjson'));
  assert.deepEqual(got.column('record_id'), [1, null, 3, 4]);
  assert.deepEqual(got.column('pid'), [null, null, null, null]);
});

test('timestamps in the year 30000 leave ts empty, and the report says how many events have no time', async () => {
  const got = await load(corpus('year-30000.ndjson'));
  assert.equal(got.report.events, 4);
  assert.deepEqual(got.column('ts').map((ts) => ts === null), [false, true, true, false]);
  assert.match(got.warnings.join('\n'), /2 event\(s\) have no readable time/);
});

test('CSV quote bomb: the unterminated quote costs its own line; the 200 rows after it load', async () => {
  const got = await load(corpus('quote-bomb.csv'));
  assert.equal(got.report.events, 201);
  assert.deepEqual(got.column('record_id').slice(0, 3), [1, 3, 4]);
  assert.match(got.rejections.join('\n'), /^line 3 .*(malformed CSV record|unterminated quoted field)/);
});

test('XML entity expansion (billion laughs) is never expanded: the element is rejected by line', async () => {
  const got = await load(corpus('billion-laughs.xml'));
  assert.deepEqual(got.column('record_id'), [1, 3]);
  assert.match(got.rejections.join('\n'), /^line 16 .*undefined entity/);
  assert.ok(got.column('command_line').every((c) => !String(c).includes('lol')));
});

test('XML external entities are never resolved (no file read, no request): those elements are rejected', async () => {
  const got = await load(corpus('external-entity.xml'));
  assert.deepEqual(got.column('record_id'), [1, 4]);
  assert.equal(got.rejections.filter((r) => /undefined entity/.test(r)).length, 2);
  assert.ok(got.column('command_line').every((c) => !String(c).includes('root:')));
});

test('HTML/JS payloads in every field are stored as plain text values', async () => {
  const got = await load(corpus('xss-fields.ndjson'));
  assert.deepEqual(got.column('record_id'), [1, 2]);
  assert.match(String(got.column('command_line')[0]), /<script>alert\(2\)<\/script>/);
});

test('zip-slip member names are names only: nothing is written outside, each draws a warning, all load', async () => {
  const got = await load(corpus('zip-slip.zip'));
  assert.equal(got.report.events, 4);
  assert.equal(got.warnings.filter((w) => /used as a name only, nothing is extracted to disk/.test(w)).length, 4);
  assert.equal(existsSync('/tmp/huntbench-zip-slip.json'), false);
});

test('a zip member declaring a 4 GiB expansion is refused before it is inflated; its neighbour loads', async () => {
  const got = await load(corpus('zip-bomb-declared.zip'));
  assert.equal(got.report.events, 1);
  assert.match(got.warnings.join('\n'), /bomb\.json: declares a \d+x expansion \(limit 200x\), which looks like a decompression bomb; member skipped/);
});

test('a gzip bomb stops at the ratio limit with a message; loading does not hang', async () => {
  const path = join(work, 'bomb.json.gz');
  const gzip = createGzip({ level: 9 });
  const out = gzip.pipe(createWriteStream(path));
  const zeros = Buffer.alloc(1 << 20);
  for (let i = 0; i < 80; i++) if (!gzip.write(zeros)) await once(gzip, 'drain');
  gzip.end();
  await once(out, 'finish');
  const started = Date.now();
  const got = await load(path);
  assert.match(got.warnings.join('\n'), /expands \d+x \(limit 200x\), which looks like a decompression bomb; stopped reading/);
  assert.ok(Date.now() - started < 20_000);
});

test('a 100 MB single line is rejected by number without being held; the records around it load (both JSON paths)', async () => {
  const path = join(work, 'long-line.ndjson');
  const record = (n: number) => JSON.stringify({ EventID: 1, SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1', RecordNumber: n, EventTime: '2020-09-20 12:16:56', UtcTime: '2020-09-20 12:16:56.000' });
  const out = createWriteStream(path);
  out.write(`${record(1)}\n{"EventID":1,"CommandLine":"`);
  const block = Buffer.alloc(1 << 20, 'A');
  for (let i = 0; i < 100; i++) if (!out.write(block)) await once(out, 'drain');
  out.end(`"}\n${record(3)}\n`);
  await once(out, 'finish');
  for (const parallel of [false, true]) {
    const started = Date.now();
    const got = await load(path, parallel);
    assert.deepEqual(got.column('record_id'), [1, 3]);
    assert.match(got.rejections.join('\n'), /^line 2 .*line is longer than 33554432 bytes; skipped/);
    assert.ok(Date.now() - started < 20_000, `parallel=${parallel}: ${Date.now() - started} ms`);
  }
});

test('EVTX whose template offsets point at themselves: that record is rejected by offset, the others load', async () => {
  const template = eventTemplate(1, el('EventData', undefined, el('Data', { Name: [text('N')] }, sub(FIRST_DATA_SUB, 0x08))));
  const chunk = buildChunk({ records: Array.from({ length: 5 }, (_, i) => ({ id: i + 1, template, values: [...systemValues(i + 1), v.uint32(i + 1)] })) });
  const view = new DataView(chunk.bytes.buffer);
  for (const bad of [2, 3]) {
    const start = chunk.offsets[bad]!;
    // The definition is read at the record's own start, so its body is this instance again: a loop.
    view.setUint32(start + 34, start, true);
    view.setUint32(start + 20, 200, true);
  }
  sealChunk(chunk.bytes);
  const path = join(work, 'looping-template.evtx');
  writeFileSync(path, buildFile({ chunks: [chunk.bytes] }));
  const got = await load(path);
  assert.deepEqual(got.column('record_id'), [1, 2, 5]);
  assert.equal(got.rejections.length, 2, got.rejections.join('\n'));
});

test('EVTX whose templates nest in each other\'s values (8^12 nodes): `load` ends, that record rejected by offset, the others loaded', () => {
  const normal = eventTemplate(1, el('EventData', undefined, el('Data', { Name: [text('N')] }, sub(FIRST_DATA_SUB, 0x08))));
  const bombing = eventTemplate(2, el('EventData', undefined, sub(FIRST_DATA_SUB, 0x21)));
  const chunk = buildChunk({ records: [
    { id: 1, template: normal, values: [...systemValues(1), v.uint32(1)] },
    { id: 2, template: bombing, values: [...systemValues(2), nestedTemplateBomb(8, 12)] },
    { id: 3, template: normal, values: [...systemValues(3), v.uint32(3)] },
  ] });
  const path = join(work, 'template-bomb.evtx');
  writeFileSync(path, buildFile({ chunks: [chunk.bytes], nextRecordId: 4 }));
  // A child process, so that an unbounded expansion shows up as a timeout, not a stuck test run.
  const child = spawnSync(process.execPath, ['--import', 'tsx', 'src/core/cli.ts', 'load', path], { cwd: join(__dirname, '../../..'), timeout: 60_000, encoding: 'utf8' });
  assert.equal(child.signal, null, 'load was killed at the 60 s deadline: the record expanded without bound');
  assert.equal(child.status, 1, `exit 1 for the rejected record; ${child.stderr}`);
  const at = 4096 + chunk.offsets[1];
  assert.match(child.stdout, /format evtx, 2 events loaded, 1 rejected\n/);
  assert.match(child.stdout, new RegExp(`offset ${at}: chunk 0 \\(file offset 4096\\), record at file offset ${at}: record 2: expands past 25,000 BinXML nodes`));
});
