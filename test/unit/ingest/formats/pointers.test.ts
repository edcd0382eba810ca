// Pointers agree with raw access end to end: every record read from an archive member,
// looked up again with readEntryBytes(path, member, pointer), gives back its raw text.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { detectFormat } from '../../../../src/core/ingest/detect';
import { readerFor } from '../../../../src/core/ingest/formats';
import { openSources, readEntryBytes } from '../../../../src/core/raw/sources';
import { peek } from '../../../../src/core/raw/sources/byteStream';
import type { LoadedRecord } from '../../../../src/core/types/records';
import { fixture, gzip, tar, utf16le, zip } from './helpers';

test('records from archive members point at their raw text, in every format and encoding', async () => {
  const members = [
    { name: 'xml/events.xml', data: fixture('events.xml') },
    { name: 'csv/splunk.csv', data: fixture('splunk.csv') },
    { name: 'csv/eventviewer-utf16.csv', data: utf16le(fixture('eventviewer.csv').toString()) },
    { name: 'zeek/conn.log', data: fixture('conn.log') },
    { name: 'fw/pfirewall.log', data: fixture('pfirewall.log') },
  ];
  const path = join(mkdtempSync(join(tmpdir(), 'huntbench-pointers-')), 'bundle.zip');
  writeFileSync(path, zip([{ name: 'bundle.tgz', data: gzip(await tar(members)) }]));
  const found: { member: string; record: LoadedRecord }[] = [];
  for await (const entry of openSources(path, { warn: () => undefined })) {
    const { head, stream } = await peek(entry.open(), 64 * 1024);
    const reader = readerFor(detectFormat(head, entry.member!)!)!;
    for await (const records of reader(stream, { sourceName: entry.member!, reject: () => undefined, warn: () => undefined })) found.push(...records.map((record) => ({ member: entry.member!, record })));
  }
  assert.deepEqual([...new Set(found.map((f) => f.member))], members.map((m) => `bundle.tgz!${m.name}`));
  for (const { member, record } of found) {
    const original = members.find((m) => member.endsWith(m.name))!.data;
    const { offset, length } = record.pointer;
    const raw = await readEntryBytes(path, member, { offset, length });
    assert.deepEqual(Buffer.from(raw), original.subarray(offset, offset + length), `${member} line ${record.pointer.line}`);
    assert.ok(length > 0);
  }
  assert.equal(found.length, 3 + 3 + 3 + 4 + 5);
});
