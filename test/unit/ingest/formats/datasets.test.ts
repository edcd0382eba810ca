// The shared public datasets through sources, detection and the registry, as published:
// the truncated empire_enable_rdp.tar.gz and the Zeek zip with a stray trailing byte.
// Skips when ../shared/datasets is absent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { detectFormat } from '../../../../src/core/ingest/detect';
import { readerFor } from '../../../../src/core/ingest/formats';
import { openSources } from '../../../../src/core/raw/sources';
import { peek } from '../../../../src/core/raw/sources/byteStream';
import type { Rejection } from '../../../../src/core/types/records';

const OTRF = '../shared/datasets/otrf';
const skip = existsSync(OTRF) ? false : `shared datasets not found at ${OTRF}`;

async function load(path: string, member?: string) {
  const warnings: string[] = [];
  const warnedMembers: (string | undefined)[] = [];
  const result: { member: string | undefined; format: string | undefined; records: number; rejections: Rejection[] }[] = [];
  const warn = (message: string, member?: string) => {
    warnings.push(message);
    warnedMembers.push(member);
  };
  for await (const entry of openSources(path, { warn })) {
    if (member !== undefined && entry.member !== member) continue;
    const { head, stream } = await peek(entry.open(), 64 * 1024);
    const format = detectFormat(head, entry.member ?? entry.path);
    const rejections: Rejection[] = [];
    let records = 0;
    const reader = format && readerFor(format);
    if (reader) {
      for await (const batch of reader(stream, { sourceName: entry.member ?? path, reject: (r) => rejections.push(r), warn: (m) => warnings.push(m) })) records += batch.length;
    }
    result.push({ member: entry.member, format, records, rejections });
  }
  return { result, warnings, warnedMembers };
}

test('empire_enable_rdp.tar.gz (truncated as published): 2,668 records and a truncation warning', { skip }, async () => {
  const { result, warnings, warnedMembers } = await load(`${OTRF}/empire_enable_rdp.tar.gz`);
  assert.deepEqual(warnedMembers, ['empire_enable_rdp_2019-05-18203650.json'], 'the warning is reported with the member');
  assert.equal(result.length, 1);
  assert.equal(result[0]!.member, 'empire_enable_rdp_2019-05-18203650.json');
  assert.equal(result[0]!.format, 'json');
  assert.equal(result[0]!.records, 2668);
  assert.deepEqual(result[0]!.rejections, []);
  assert.match(warnings.join('\n'), /empire_enable_rdp\.tar\.gz: gzip data ends unexpectedly/);
});

test('apt29 Zeek zip: stray trailing byte reported, conn.log read as JSON', { skip }, async () => {
  const { result, warnings } = await load(`${OTRF}/apt29_day1_NASHUA-zeek_logs.zip`, 'conn.log');
  assert.deepEqual(result.map((r) => [r.member, r.format]), [['conn.log', 'json']]);
  assert.equal(result[0]!.records, 479);
  assert.match(warnings.join('\n'), /ignored 1 stray byte\(s\) after the end of the zip archive/);
});

test('every binary EVTX sample is detected as evtx by content', { skip: existsSync('../shared/datasets/evtx') ? false : 'shared EVTX samples not found' }, async () => {
  const { readdirSync, openSync, readSync, closeSync } = await import('node:fs');
  const { join } = await import('node:path');
  const files = readdirSync('../shared/datasets/evtx', { recursive: true, encoding: 'utf8' }).filter((f) => f.endsWith('.evtx'));
  assert.ok(files.length > 10);
  for (const file of files) {
    const head = Buffer.alloc(8192);
    const fd = openSync(join('../shared/datasets/evtx', file), 'r');
    const read = readSync(fd, head, 0, head.length, 0);
    closeSync(fd);
    assert.equal(detectFormat(head.subarray(0, read), 'renamed.bin'), 'evtx', file);
  }
});
