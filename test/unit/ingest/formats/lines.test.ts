// The line splitter under every line-oriented reader: byte offsets in UTF-8 and UTF-16,
// CRLF, invalid UTF-8 kept with one warning, over-long lines rejected without losing the
// lines around them, and chunk boundaries anywhere.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textLines, type TextLine } from '../../../../src/core/ingest/formats/lines';
import { readZeekTsv } from '../../../../src/core/ingest/formats/zeek';
import type { Rejection } from '../../../../src/core/types/records';
import { chunks, fixture, read, utf16le } from './helpers';

async function split(bytes: Uint8Array, chunkSize?: number, maxLineBytes?: number) {
  const rejections: Rejection[] = [];
  const warnings: string[] = [];
  const context = { sourceName: 'src', reject: (r: Rejection) => rejections.push(r), warn: (m: string) => warnings.push(m) };
  const { batches, encoding } = await textLines(chunks(bytes, chunkSize), context, { maxLineBytes });
  const out: TextLine[] = [];
  for await (const batch of batches) {
    assert.ok(batch.length > 0, 'no empty batch');
    out.push(...batch);
  }
  return { lines: out, encoding: encoding.name, rejections, warnings };
}

test('offsets and lengths are bytes of the source, CRLF excluded, multi-byte characters counted', async () => {
  const bytes = Buffer.from('é1\r\nzwei ü\n\nlast');
  for (const size of [undefined, 1, 3]) {
    const { lines } = await split(bytes, size);
    assert.deepEqual(lines, [
      { text: 'é1', line: 1, offset: 0, length: 3 },
      { text: 'zwei ü', line: 2, offset: 5, length: 7 },
      { text: '', line: 3, offset: 13, length: 0 },
      { text: 'last', line: 4, offset: 14, length: 4 },
    ]);
  }
});

test('UTF-16LE with BOM and UTF-16BE without: same text, offsets in original bytes', async () => {
  const text = 'a,b\r\nc€,d\n';
  const le = await split(utf16le(text), 3);
  assert.equal(le.encoding, 'utf-16le');
  assert.deepEqual(le.lines.map((l) => [l.text, l.offset, l.length]), [['a,b', 2, 6], ['c€,d', 12, 8]]);
  const be = await split(Buffer.from(text, 'utf16le').swap16(), 5);
  assert.equal(be.encoding, 'utf-16be');
  assert.deepEqual(be.lines.map((l) => [l.text, l.offset]), [['a,b', 0], ['c€,d', 10]]);
});

test('invalid UTF-8 is kept as U+FFFD and reported once with its first line and offset', async () => {
  const bytes = Buffer.concat([Buffer.from('ok\nbad '), Buffer.from([0xc3, 0x28]), Buffer.from('\nalso '), Buffer.from([0xff]), Buffer.from('\nfine\n')]);
  const { lines, warnings } = await split(bytes);
  assert.deepEqual(lines.map((l) => l.text), ['ok', 'bad \ufffd(', 'also \ufffd', 'fine']);
  assert.deepEqual(warnings, ['2 line(s) are not valid UTF-8 (first at line 2, byte offset 3); invalid bytes read as U+FFFD']);
});

test('an over-long line is rejected by number and its neighbours kept', async () => {
  const bytes = Buffer.from(`before\n${'x'.repeat(5000)}\nafter`);
  const { lines, rejections } = await split(bytes, 64, 1000);
  assert.deepEqual(lines.map((l) => [l.text, l.line, l.offset]), [['before', 1, 0], ['after', 3, 5008]]);
  assert.deepEqual(rejections, [{ line: 2, offset: 7, reason: 'line is longer than 1000 bytes; skipped' }]);
});

test('empty input gives no lines and no messages', async () => {
  assert.deepEqual(await split(new Uint8Array(0)), { lines: [], encoding: 'utf-8', rejections: [], warnings: [] });
});

test('binary garbage through a line reader: rejections by line, no crash', async () => {
  const garbage = Buffer.concat([fixture('conn.log').subarray(0, 600), Buffer.from([0, 1, 2, 0xff, 0xfe, 10, 0x80, 0x81, 9, 9, 10])]);
  const { records, rejections, warnings } = await read(readZeekTsv, garbage);
  assert.ok(records.length >= 1);
  assert.ok(rejections.every((r) => typeof r.line === 'number' && r.reason.length > 0));
  assert.match(warnings.join('\n'), /not valid UTF-8/);
});

test('lines read whole from a chunk and lines pieced across chunks are the same lines', async () => {
  // Pieces that exercise both paths: ASCII, multi-byte characters, a BOM opening a line, CRLF
  // and lone CR, invalid and truncated UTF-8.
  const pieces = ['a', 'line', 'é', '€', '😀', '\n', '\r\n', '\r', '\ufeff', Buffer.from([0xff]), Buffer.from([0xe2, 0x82])];
  let seed = 7;
  const next = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
  for (let sample = 0; sample < 200; sample++) {
    const parts = Array.from({ length: 1 + next(40) }, () => pieces[next(pieces.length)]!);
    const bytes = Buffer.concat(parts.map((p) => (typeof p === 'string' ? Buffer.from(p) : p)));
    const whole = await split(bytes);
    for (const size of [1, 2, 5]) assert.deepEqual(await split(bytes, size), whole, `sample ${sample}, chunks of ${size}: ${bytes.toString('hex')}`);
  }
});
