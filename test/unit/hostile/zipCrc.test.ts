// Regression test for the gap the archive fuzzer found: yauzl does not check a zip member's
// CRC-32, so a stored member with altered bytes loaded silently as if intact. The member is
// now read and reported as damaged, and the other members are untouched. Deflated members are
// inflated by Huntbench (sources/inflate.ts), which also checks their size against the directory.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSources } from '../../../src/core/raw/sources';
import { collect } from '../../../src/core/raw/sources/byteStream';
import { ndjson, zip } from '../ingest/formats/helpers';

/** Every member's text and every warning of the zip at `path`. */
async function readMembers(path: string): Promise<{ texts: Map<string, string>; warnings: { message: string; member?: string }[] }> {
  const warnings: { message: string; member?: string }[] = [];
  const texts = new Map<string, string>();
  for await (const entry of openSources(path, { warn: (message, member) => warnings.push({ message, member }) })) {
    texts.set(entry.member!, Buffer.from(await collect(entry.open())).toString());
  }
  return { texts, warnings };
}

test('a zip member whose stored bytes were altered is reported as damaged; its neighbours are not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-zipcrc-'));
  try {
    const members = ['a.json', 'b.json', 'c.json'].map((name) => ({ name, data: ndjson(3, name), store: true }));
    const bytes = zip(members);
    const bAt = bytes.indexOf('b.json', 0, 'latin1') + 'b.json'.length + 5;
    bytes[bAt] ^= 0x20;
    const path = join(dir, 'altered.zip');
    writeFileSync(path, bytes);
    const { texts, warnings } = await readMembers(path);
    assert.equal(texts.get('a.json'), members[0]!.data.toString());
    assert.equal(texts.get('c.json'), members[2]!.data.toString());
    assert.deepEqual(warnings.map((w) => w.member), ['b.json']);
    assert.match(warnings[0]!.message, /b\.json: .*fails its CRC-32 check/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a deflated zip member that inflates to more or fewer bytes than its directory entry says is reported as damaged; its neighbours are not', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-zipsize-'));
  try {
    for (const [delta, message] of [[-5, /b\.json: .*inflates to more than the \d+ bytes/], [+5, /b\.json: .*ends after \d+ of the \d+ bytes/]] as const) {
      const members = ['a.json', 'b.json', 'c.json'].map((name) => ({ name, data: ndjson(50, name) }));
      const bytes = zip(members);
      // b.json's uncompressed size, the same in its local header (offset 22) and its directory entry (24).
      const local = bytes.indexOf(Buffer.from([0x50, 0x4b, 0x03, 0x04]), bytes.indexOf('a.json', 0, 'latin1'));
      const central = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), bytes.lastIndexOf('c.json', undefined, 'latin1'));
      const entry = bytes.lastIndexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]), central - 1);
      assert.equal(bytes.toString('latin1', local + 30, local + 36), 'b.json');
      assert.equal(bytes.toString('latin1', entry + 46, entry + 52), 'b.json');
      bytes.writeUInt32LE(bytes.readUInt32LE(local + 22) + delta, local + 22);
      bytes.writeUInt32LE(bytes.readUInt32LE(entry + 24) + delta, entry + 24);
      const path = join(dir, `sized${delta}.zip`);
      writeFileSync(path, bytes);
      const { texts, warnings } = await readMembers(path);
      assert.equal(texts.get('a.json'), members[0]!.data.toString());
      assert.equal(texts.get('c.json'), members[2]!.data.toString());
      // What the directory entry vouches for is kept.
      const b = members[1]!.data.toString();
      assert.equal(texts.get('b.json'), delta < 0 ? b.slice(0, b.length + delta) : b);
      assert.deepEqual(warnings.map((w) => w.member), ['b.json']);
      assert.match(warnings[0]!.message, message);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
