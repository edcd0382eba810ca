// Archives read through 7-Zip (sevenZip.ts): a Deflate64 zip (Windows Explorer's) and a .7z,
// built at test time with the library from the test fixtures and, when present, from the
// shared EVTX samples, load the same events as the plain files, and raw lookups read each
// member as loading read it. Damage names the archive and the member.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { run } from '../../cli/runCli';
import { openSources } from '../../../../src/core/raw/sources';
import { collect } from '../../../../src/core/raw/sources/byteStream';
import { readEntryBytes } from '../../../../src/core/raw/entryBytes';
import { zip } from '../../ingest/formats/helpers';
import { buildArchive, type BuiltKind } from './buildArchive';

const work = mkdtempSync(join(tmpdir(), 'huntbench-7z-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const FIXTURES = join(__dirname, '../../../fixtures');
const SHARED_EVTX = join(__dirname, '../../../../../shared/datasets/evtx/Lateral_Movement');
const KINDS: readonly BuiltKind[] = ['deflate64-zip', '7z'];

/** A folder of capture files (in a subfolder too, as collections are laid out). */
function captures(name: string, files: readonly string[]): string {
  const folder = join(work, name);
  mkdirSync(join(folder, 'logs'), { recursive: true });
  files.forEach((file, i) => copyFileSync(file, join(folder, i % 2 ? 'logs' : '', basename(file))));
  return folder;
}

/** Every event with its file's name instead of ids and paths, in a fixed order. */
async function events(path: string): Promise<string[]> {
  const sql = 'SELECT e.*, coalesce(s.member, s.path) AS file FROM events e JOIN sources s ON s.id = e.source_id';
  const { code, out, err } = await run('query', path, '--sql', sql, '--limit', '1000000', '--json');
  assert.equal(code, 0, err);
  const { columns, rows } = JSON.parse(out) as { columns: string[]; rows: unknown[][] };
  const skip = new Set(['id', 'source_id']);
  return rows.map((row) => JSON.stringify(columns.map((c, i) => (c === 'file' ? basename(String(row[i])) : skip.has(c) ? undefined : row[i])))).sort();
}

async function sameEvents(folder: string, kind: BuiltKind): Promise<string[]> {
  const archive = join(work, `${basename(folder)}-${kind}.${kind === '7z' ? '7z' : 'zip'}`);
  await buildArchive(folder, archive, kind);
  if (kind === 'deflate64-zip') assert.equal(readFileSync(archive).readUInt16LE(8), 9, 'the first member is Deflate64');
  const plain = await events(folder);
  assert.ok(plain.length > 0);
  assert.deepEqual(await events(archive), plain);
  return plain;
}

const fixtureFiles = [join(FIXTURES, 'evtx/sample.evtx'), ...['conn.log', 'events.xml', 'splunk.csv', 'zeek-conn.json', 'pfirewall.log'].map((f) => join(FIXTURES, 'formats', f))];

for (const kind of KINDS) {
  test(`${kind}: the fixtures load with the same events as the plain files`, async () => {
    await sameEvents(captures(`fixtures-${kind}`, fixtureFiles), kind);
  });

  test(`${kind}: the shared EVTX samples load with the same events as the plain files`, { skip: existsSync(SHARED_EVTX) ? false : `shared datasets absent (${SHARED_EVTX})` }, async () => {
    const files = readdirSync(SHARED_EVTX).filter((f) => f.endsWith('.evtx')).sort().slice(0, 12).map((f) => join(SHARED_EVTX, f));
    const plain = await sameEvents(captures(`shared-${kind}`, files), kind);
    assert.ok(plain.length > 100, `${plain.length} events`);
  });
}

test('raw lookups read a 7-Zip member as loading read it, in a nested archive too', async () => {
  const folder = captures('raw', [join(FIXTURES, 'formats/zeek-conn.json'), join(FIXTURES, 'formats/conn.log')]);
  const archive = join(work, 'raw.7z');
  await buildArchive(folder, archive, '7z');
  const loaded = new Map<string, Uint8Array>();
  for await (const entry of openSources(archive, { warn: (m) => assert.fail(m) })) loaded.set(entry.member!, await collect(entry.open()));
  assert.deepEqual([...loaded.keys()].sort(), ['logs/conn.log', 'zeek-conn.json']);
  for (const [member, bytes] of loaded) assert.deepEqual(readEntryBytes(archive, member), Buffer.from(bytes));
  const outer = join(work, 'outer');
  mkdirSync(outer);
  copyFileSync(archive, join(outer, 'inner.7z'));
  const nested = join(work, 'nested.zip');
  await buildArchive(outer, nested, 'deflate64-zip');
  assert.deepEqual(readEntryBytes(nested, 'inner.7z!logs/conn.log'), Buffer.from(loaded.get('logs/conn.log')!));
  const { out } = await run('raw', archive, '--event', '1');
  assert.match(out, /"uid"|\tC/);
});

test('a damaged .7z names the archive and the member; what came before is kept', async () => {
  const folder = join(work, 'damaged');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.json'), '{"EventID":1}\n'.repeat(1000));
  const archive = join(work, 'damaged.7z');
  await buildArchive(folder, archive, '7z');
  const bytes = readFileSync(archive);
  bytes[40] ^= 0xff; // inside the packed stream: LZMA decodes garbage or fails, and the CRC-32 fails
  writeFileSync(archive, bytes);
  const warnings: string[] = [];
  for await (const entry of openSources(archive, { warn: (m) => warnings.push(m) })) await collect(entry.open());
  assert.deepEqual(warnings.map((w) => w.slice(0, archive.length)), [archive]);
  assert.match(warnings[0]!, /^[^!]*!a\.json: cannot read further \(7-Zip: ERROR: Data Error : a\.json\); kept what was read$/);
});

test('a .7z member past the ratio limit stops the archive with the bomb message; what came before is kept', async () => {
  const folder = join(work, 'bomb');
  mkdirSync(folder);
  const first = '{"EventID":1}\n'.repeat(10);
  writeFileSync(join(folder, 'a.json'), first);
  writeFileSync(join(folder, 'm.json'), Buffer.alloc(4 * 1024 * 1024));
  writeFileSync(join(folder, 'z.json'), first);
  const archive = join(work, 'bomb.7z');
  await buildArchive(folder, archive, '7z');
  const warnings: string[] = [];
  const read: [string, string][] = [];
  for await (const entry of openSources(archive, { warn: (m) => warnings.push(m), limits: { ratioFloorBytes: 1024 * 1024, maxRatio: 100 } })) {
    read.push([entry.member!, Buffer.from(await collect(entry.open())).toString()]);
  }
  assert.deepEqual(read.map(([member]) => member), ['a.json', 'm.json']);
  assert.equal(read[0]![1], first);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /bomb\.7z!m\.json: expands \d+x \(limit 100x\), which looks like a decompression bomb; stopped reading after /);
});

test('a 7-Zip member abandoned after its head, left or returned, does not stall the members after it', async () => {
  const folder = join(work, 'abandon');
  mkdirSync(folder);
  writeFileSync(join(folder, 'a.bin'), Buffer.alloc(3 * 1024 * 1024, 7)); // several 1 MiB batches
  writeFileSync(join(folder, 'b.json'), '{"EventID":1}\n');
  for (const kind of KINDS) {
    const archive = join(work, `abandon-${kind}.${kind === '7z' ? '7z' : 'zip'}`);
    await buildArchive(folder, archive, kind);
    for (const returned of [false, true]) {
      const seen: string[] = [];
      for await (const entry of openSources(archive, { warn: () => undefined })) {
        const iterator = entry.open()[Symbol.asyncIterator]();
        const first = await iterator.next();
        if (returned) await iterator.return?.();
        seen.push(entry.member === 'b.json' ? Buffer.from(first.value!).toString() : entry.member!);
      }
      assert.deepEqual(seen, ['a.bin', '{"EventID":1}\n'], `${kind}, returned: ${returned}`);
    }
  }
});

test('a zip whose central directory says Deflate64 where the data is not: only that member is lost', async () => {
  for (const lied of [0, 1, 2]) {
    const bytes = zip([1, 2, 3].map((n) => ({ name: `m${n}.json`, data: Buffer.from(`${JSON.stringify({ EventID: 1, Hostname: 'WS1', RecordNumber: n, UtcTime: '2024-01-01 10:00:00.000' })}\n`) })));
    const central: number[] = [];
    for (let i = 0; i + 4 <= bytes.length; i++) if (bytes.readUInt32LE(i) === 0x02014b50) central.push(i);
    bytes.writeUInt16LE(9, central[lied]! + 10);
    const path = join(work, `lie-${lied}.zip`);
    writeFileSync(path, bytes);
    const warnings: string[] = [];
    const read: string[] = [];
    for await (const entry of openSources(path, { warn: (m) => warnings.push(m) })) if ((await collect(entry.open())).length > 0) read.push(entry.member!);
    assert.deepEqual(read, ['m1.json', 'm2.json', 'm3.json'].filter((_, i) => i !== lied), warnings.join('\n'));
    assert.match(warnings.join('\n'), new RegExp(`!m${lied + 1}\\.json: `));
  }
});

test('bytes that only start like a .7z are reported, not thrown', async () => {
  const path = join(work, 'fake.7z');
  writeFileSync(path, Buffer.from([0x37, 0x7a, 0xbc, 0xaf, 0x27, 0x1c, 0, 4, 1, 2, 3, 4]));
  const warnings: string[] = [];
  const entries = [];
  for await (const entry of openSources(path, { warn: (m) => warnings.push(m) })) entries.push(entry);
  assert.equal(entries.length, 0);
  assert.match(warnings.join('\n'), /fake\.7z: cannot read this archive \(7-Zip exited with code 2: .*Cannot open the file as \[7z\] archive/);
});
