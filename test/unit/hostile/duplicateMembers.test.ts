// Raw pointers name an archive member uniquely: in a zip or tar (also gzipped, also nested)
// with two members of the same name, `raw --event N` and raw_field() give each event the
// record of its own member (they gave the first member's, or "past the end of the source").

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/core/cli';
import { gzip, tar, zip } from '../ingest/formats/helpers';

const work = mkdtempSync(join(tmpdir(), 'huntbench-dupmembers-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const record = (tag: string, n: number) => JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1', RecordNumber: n,
  UtcTime: `2024-01-01 10:00:0${n}.000`, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `${tag} record ${n}`, Marker: `${tag}-${n}` });
/** The first member is short, the second longer, so a wrong member also gives offsets past its end. */
const first = Buffer.from(`${record('first', 1)}\n`);
const second = Buffer.from(`${record('second', 2)}\n${record('second', 3)}\n${record('second', 4)}\n`);
const third = Buffer.from(`${record('third', 5)}\n`);

async function cli(...argv: string[]): Promise<{ code: number; out: string }> {
  const out: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: () => undefined });
  return { code, out: out.join('\n') };
}

async function check(path: string): Promise<void> {
  const { out } = await cli('query', path, '--sql', "SELECT id, command_line, raw_field(id, 'Marker') AS marker FROM events ORDER BY id", '--json');
  const rows = JSON.parse(out).rows as Array<[number, string, string]>;
  assert.equal(rows.length, 5, out);
  for (const [id, commandLine, marker] of rows) {
    const expected = commandLine.replace(' record ', '-');
    assert.equal(marker, expected, `raw_field of event ${id}`);
    const raw = await cli('raw', path, '--event', String(id));
    assert.equal(raw.code, 0, raw.out);
    assert.match(raw.out, new RegExp(`"Marker":"${expected}"`), `raw --event ${id}: ${raw.out}`);
  }
}

const members = [{ name: 'logs/a.json', data: first }, { name: 'logs/a.json', data: second }, { name: 'logs/b.json', data: third }];

test('zip: two members of the same name', async () => {
  const path = join(work, 'dup.zip');
  writeFileSync(path, zip(members));
  await check(path);
});

test('stored zip: two members of the same name', async () => {
  const path = join(work, 'dup-stored.zip');
  writeFileSync(path, zip(members.map((m) => ({ ...m, store: true }))));
  await check(path);
});

test('tar and tar.gz: two members of the same name', async () => {
  const path = join(work, 'dup.tar');
  writeFileSync(path, await tar(members));
  await check(path);
  const gz = join(work, 'dup.tar.gz');
  writeFileSync(gz, gzip(await tar(members)));
  await check(gz);
});

test('nested: the same inner archive name twice, each holding duplicates', async () => {
  const inner1 = zip([{ name: 'a.json', data: first }, { name: 'a.json', data: Buffer.from(`${record('second', 2)}\n`) }]);
  const inner2 = await tar([{ name: 'a.json', data: Buffer.from(`${record('second', 3)}\n${record('second', 4)}\n`) }, { name: 'a.json', data: third }]);
  const path = join(work, 'nested.zip');
  writeFileSync(path, zip([{ name: 'inner.bin', data: inner1 }, { name: 'inner.bin', data: inner2 }]));
  await check(path);
});
