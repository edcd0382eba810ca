// Raw lookups (raw/entryBytes.ts, synchronous) find every entry loading yields, under
// the same name and with the same bytes: nested archives, cut-off zips, long tar names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSources } from '../../../src/core/raw/sources';
import { collect } from '../../../src/core/raw/sources/byteStream';
import { readEntryBytes } from '../../../src/core/raw/entryBytes';
import { gzip, ndjson, tar, zip } from '../ingest/formats/helpers';

const dir = mkdtempSync(join(tmpdir(), 'huntbench-entry-bytes-'));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

/** Every entry loading yields, with its bytes. */
async function loaded(path: string): Promise<Map<string, Buffer>> {
  const out = new Map<string, Buffer>();
  for await (const entry of openSources(path, { warn: () => undefined })) out.set(entry.member!, Buffer.from(await collect(entry.open())));
  return out;
}

async function assertLookupsMatchLoading(path: string, expectedMembers: string[]): Promise<void> {
  const entries = await loaded(path);
  assert.deepEqual([...entries.keys()].sort(), [...expectedMembers].sort());
  for (const [member, bytes] of entries) assert.ok(readEntryBytes(path, member).equals(bytes), `${path}!${member}`);
}

test('members of nested archives are found by their `!` names', async () => {
  const inner = gzip(await tar([{ name: 'a.json', data: ndjson(5, 'a') }, { name: 'b.json', data: ndjson(40, 'b') }]));
  const innerZip = zip([{ name: 'c.json', data: ndjson(7, 'c') }]);
  const path = file('nested.zip', zip([{ name: 'inner.tgz', data: inner }, { name: 'deep/inner.zip', data: innerZip }, { name: 'top.json', data: ndjson(3, 't') }, { name: 'x.json.gz', data: gzip(ndjson(2, 'x')) }]));
  await assertLookupsMatchLoading(path, ['inner.tgz!a.json', 'inner.tgz!b.json', 'deep/inner.zip!c.json', 'top.json', 'x.json.gz!x.json']);
  const tgz = file('nested.tgz', gzip(await tar([{ name: 'logs/inner.zip', data: innerZip }])));
  await assertLookupsMatchLoading(tgz, ['logs/inner.zip!c.json']);
});

test('a zip cut off before its central directory is read from its local headers', async () => {
  const whole = zip([{ name: 'a.json', data: ndjson(20, 'a') }, { name: 'b.json', data: ndjson(3, 'b'), store: true }, { name: 'cut.json', data: ndjson(2000, 'cut') }]);
  const path = file('cut.zip', whole.subarray(0, whole.length - 200));
  await assertLookupsMatchLoading(path, ['a.json', 'b.json', 'cut.json']);
});

test('tar entries with long names, and member names holding `!`, are found', async () => {
  const long = `${'d'.repeat(60)}/${'e'.repeat(60)}/${'f'.repeat(60)}.json`;
  const path = file('long.tar.gz', gzip(await tar([{ name: long, data: ndjson(4, 'l') }, { name: 'odd!name.json', data: ndjson(2, 'o') }])));
  await assertLookupsMatchLoading(path, [long, 'odd!name.json']);
});

test('a missing member is an error naming the archive and the member', async () => {
  const path = file('plain-members.zip', zip([{ name: 'a.json', data: ndjson(2, 'a') }, { name: 'inner.tgz', data: gzip(await tar([{ name: 'b.json', data: ndjson(2, 'b') }])) }]));
  assert.throws(() => readEntryBytes(path, 'other.json'), /plain-members\.zip: no member named "other\.json"/);
  assert.throws(() => readEntryBytes(path, 'inner.tgz!c.json'), /plain-members\.zip!inner\.tgz: no member named "c\.json"/);
});
