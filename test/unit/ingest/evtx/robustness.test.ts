// Damaged EVTX files built on purpose: checksum mismatches, dirty headers with chunks the
// header does not count, records after the free-space offset, empty chunks, corrupt records
// and BinXML, truncation. Every intact record must load, and every skip must be reported with
// its chunk number and file offset.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildChunk, buildFile, el, sealChunk, sealFileHeader, sub, text, v, type RecordSpec } from './builder';
import { FIRST_DATA_SUB, eventTemplate, readAll, systemValues } from './events';
import { crc32, tableCrc32 } from '../../../../src/core/ingest/evtx/crc32';
import { decodeChunk } from '../../../../src/core/ingest/evtx/chunk';
import fc from 'fast-check';

const TEMPLATE = eventTemplate(1, el('EventData', undefined, el('Data', { Name: [text('N')] }, sub(FIRST_DATA_SUB, 0x08))));
const records = (from: number, count: number): RecordSpec[] =>
  Array.from({ length: count }, (_, i) => ({ id: from + i, template: TEMPLATE, values: [...systemValues(from + i), v.uint32(from + i)] }));
const ids = (result: Awaited<ReturnType<typeof readAll>>) => result.records.map((r) => r.recordId);
const range = (from: number, to: number) => Array.from({ length: to - from + 1 }, (_, i) => from + i);

test('a clean two-chunk file loads in order with no problems, whatever the stream piece size', async () => {
  const file = buildFile({ chunks: [buildChunk({ records: records(1, 5) }).bytes, buildChunk({ records: records(6, 5) }).bytes], nextRecordId: 11 });
  for (const piece of [7, 513, 4096, 65536, 1 << 20]) {
    const result = await readAll(file, piece);
    assert.deepEqual(ids(result), range(1, 10));
    assert.deepEqual([result.rejects, result.warnings], [[], []]);
  }
  const result = await readAll(file);
  assert.deepEqual(result.records.map((r) => [r.chunk, r.offset]), [0, 0, 0, 0, 0, 1, 1, 1, 1, 1].map((c, i) => [c, result.records[i].offset]));
  assert.ok(result.records.every((r) => r.offset >= 4096 + r.chunk * 65536 + 512 && r.offset < 4096 + (r.chunk + 1) * 65536));
  assert.deepEqual(result.records.map((r) => r.event.data.N), range(1, 10).map(String));
});

test('checksum mismatches are reported as warnings and the records still load', async () => {
  const chunk = buildChunk({ records: records(1, 3) });
  const file = buildFile({ chunks: [chunk.bytes] });
  file[124] ^= 0xff; // file header CRC
  file[4096 + 52] ^= 0xff; // chunk record-data CRC
  file[4096 + 124] ^= 0xff; // chunk header CRC
  const result = await readAll(file);
  assert.deepEqual(ids(result), [1, 2, 3]);
  assert.deepEqual(result.rejects, []);
  assert.equal(result.warnings.length, 3);
  assert.match(result.warnings[0], /file header checksum mismatch .* at offset 124/);
  assert.match(result.warnings[1], /chunk 0 \(file offset 4096\): chunk header checksum mismatch/);
  assert.match(result.warnings[2], /chunk 0 \(file offset 4096\): record data checksum mismatch/);
});

test('a dirty file with more chunks than its header counts loads them all and says so', async () => {
  const file = buildFile({ chunks: [buildChunk({ records: records(1, 2) }).bytes, buildChunk({ records: records(3, 2) }).bytes], chunkCount: 1, dirty: true });
  const result = await readAll(file);
  assert.deepEqual(ids(result), [1, 2, 3, 4]);
  assert.deepEqual(result.rejects, []);
  assert.equal(result.warnings.length, 2);
  assert.match(result.warnings[0], /marked dirty/);
  assert.match(result.warnings[1], /1 chunks beyond the 1 the file header counts were read/);
});

test('records written after the header\'s free-space offset (not flushed) are read when they continue the ids', async () => {
  const chunk = buildChunk({ records: records(1, 4) });
  new DataView(chunk.bytes.buffer).setUint32(48, chunk.offsets[2], true); // header still says 2 records
  sealChunk(chunk.bytes);
  const result = await readAll(buildFile({ chunks: [chunk.bytes] }));
  assert.deepEqual(ids(result), [1, 2, 3, 4]);
  assert.deepEqual(result.rejects, []);
  assert.deepEqual(result.warnings, ['chunk 0 (file offset 4096): 2 records after the header\'s free space offset (log not flushed) were read']);
});

test('an allocated but empty chunk is skipped silently', async () => {
  const file = buildFile({ chunks: [buildChunk({ records: records(1, 2) }).bytes, new Uint8Array(65536), buildChunk({ records: records(3, 1) }).bytes] });
  const result = await readAll(file);
  assert.deepEqual(ids(result), [1, 2, 3]);
  assert.deepEqual([result.rejects, result.warnings], [[], []]);
});

test('a record with a broken header is skipped with its offset; the records after it load', async () => {
  const chunk = buildChunk({ records: records(1, 4) });
  chunk.bytes[chunk.offsets[1]] = 0x00; // signature of record 2
  sealChunk(chunk.bytes);
  const result = await readAll(buildFile({ chunks: [chunk.bytes] }));
  assert.deepEqual(ids(result), [1, 3, 4]);
  assert.deepEqual(result.warnings, []);
  assert.equal(result.rejects.length, 1);
  const at = 4096 + chunk.offsets[1];
  assert.equal(result.rejects[0].offset, at);
  assert.equal(result.rejects[0].reason, `chunk 0 (file offset 4096), record at file offset ${at}: not a valid record (bad signature, size or size copy); ${chunk.offsets[2] - chunk.offsets[1]} bytes skipped`);
});

test('a record whose BinXML is corrupt is skipped by id; the records after it load', async () => {
  const chunk = buildChunk({ records: records(1, 3) });
  chunk.bytes[chunk.offsets[2] + 24 + 4] = 0xee; // record 3's template-instance token
  sealChunk(chunk.bytes);
  const result = await readAll(buildFile({ chunks: [chunk.bytes] }));
  assert.deepEqual(ids(result), [1, 2]);
  assert.equal(result.rejects.length, 1);
  assert.match(result.rejects[0].reason, new RegExp(`^chunk 0 \\(file offset 4096\\), record at file offset ${4096 + chunk.offsets[2]}: record 3: unexpected BinXML token 0xee at chunk offset ${chunk.offsets[2] + 28}$`));
});

test('a chunk with a damaged signature is still searched for records', async () => {
  const chunk = buildChunk({ records: records(1, 2) });
  chunk.bytes[0] = 0x58;
  const result = await readAll(buildFile({ chunks: [chunk.bytes] }));
  assert.deepEqual(ids(result), [1, 2]);
  assert.ok(result.warnings.some((w) => /chunk 0 \(file offset 4096\): bad chunk signature; looking for records anyway/.test(w)));
});

test('a truncated file loads every intact record and reports what was cut off', async () => {
  const chunks = [buildChunk({ records: records(1, 4) }), buildChunk({ records: records(5, 4) }), buildChunk({ records: records(9, 4) })];
  const file = buildFile({ chunks: chunks.map((c) => c.bytes), nextRecordId: 13 });
  const record7 = 4096 + 65536 + chunks[1].offsets[2];
  const size7 = chunks[1].offsets[3] - chunks[1].offsets[2];
  // Cut inside record 7's header: nothing of it can be read.
  const early = await readAll(file.subarray(0, record7 + 10));
  assert.deepEqual(ids(early), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(early.rejects.map((r) => r.reason), [
    `chunk 1 (file offset 69632), record at file offset ${record7}: file ends inside the chunk: records 7-8 are missing`,
    `file ends at offset ${record7 + 10}: 1 of 3 chunks (from chunk 2, offset 135168) are missing; records 9-12 were not read`,
  ]);
  // Cut inside record 7's body: its header names it.
  const cut = record7 + 30;
  const result = await readAll(file.subarray(0, cut));
  assert.deepEqual(ids(result), [1, 2, 3, 4, 5, 6]);
  assert.deepEqual(result.rejects.map((r) => r.reason), [
    `chunk 1 (file offset 69632), record at file offset ${record7}: record 7 is cut off by the end of the file (30 of ${size7} bytes present)`,
    `chunk 1 (file offset 69632), record at file offset ${cut}: file ends inside the chunk: record 8 is missing`,
    `file ends at offset ${cut}: 1 of 3 chunks (from chunk 2, offset 135168) are missing; records 9-12 were not read`,
  ]);
  assert.ok(result.warnings.some((w) => /chunk 1 .*truncated/.test(w)));
});

test('bytes that are not EVTX at all are reported, not thrown', async () => {
  const result = await readAll(new Uint8Array(Buffer.from('this is not an event log\n'.repeat(10))));
  assert.deepEqual(result.records, []);
  assert.ok(result.warnings.some((w) => /no "ElfFile" signature at offset 0/.test(w)));
  const tampered = buildFile({ chunks: [buildChunk({ records: records(1, 1) }).bytes] });
  new DataView(tampered.buffer).setUint16(38, 4, true);
  sealFileHeader(tampered);
  assert.ok((await readAll(tampered)).warnings.some((w) => /unexpected format version 4\.1/.test(w)));
});

test('the native and table CRC-32 agree, also when folded over two ranges', () => {
  const bytes = new Uint8Array(Array.from({ length: 1000 }, (_, i) => (i * 7919) % 251));
  assert.equal(crc32(bytes, 0, 1000), tableCrc32(bytes, 0, 1000, 0));
  assert.equal(crc32(bytes, 500, 1000, crc32(bytes, 0, 120)), tableCrc32(bytes, 500, 1000, tableCrc32(bytes, 0, 120, 0)));
  assert.equal(crc32(new Uint8Array(Buffer.from('123456789'))), 0xcbf43926); // the standard check value
});

test('random damage to a chunk never throws, and every record is decoded or reported', () => {
  const clean = buildChunk({ records: records(1, 12) });
  fc.assert(
    fc.property(fc.array(fc.tuple(fc.integer({ min: 0, max: 65535 }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 40 }), (flips) => {
      const bytes = clean.bytes.slice();
      for (const [at, value] of flips) bytes[at] = value;
      const decoded = decodeChunk(bytes, 0, 4096);
      for (const r of decoded.records) assert.ok(r.offset >= 4096 + 512 && r.offset + r.size <= 4096 + 65536);
      // Each record of the clean chunk is decoded, or reported: at its offset, or inside a
      // reported skipped range (a template defined in a damaged record fails later records too).
      const skipped = decoded.problems.filter((p) => p.kind === 'reject').map((p) => [p.offset, p.offset + Number(/; (\d+) bytes skipped/.exec(p.message)?.[1] ?? 1)]);
      for (const o of clean.offsets.map((x) => 4096 + x)) {
        const ok = decoded.records.some((r) => r.offset === o) || skipped.some(([from, to]) => o >= from && o < to);
        assert.ok(ok, `record at ${o} neither decoded nor reported: ${JSON.stringify(decoded.problems)}`);
      }
    }),
    { numRuns: 300, seed: 20261122 },
  );
});

test('a template that instantiates itself is rejected, not a stack overflow', () => {
  const chunk = buildChunk({ records: records(1, 2) });
  // Record 2 refers to record 1's definition; point the definition's first element at a
  // template instance whose definition is the definition itself.
  const definition = new DataView(chunk.bytes.buffer).getUint32(chunk.offsets[0] + 24 + 4 + 6, true);
  const body = definition + 24 + 4; // after the definition header and its fragment header
  chunk.bytes.set([0x0c, 0x01, 0, 0, 0, 0], body);
  new DataView(chunk.bytes.buffer).setUint32(body + 6, definition, true);
  const decoded = decodeChunk(chunk.bytes, 0, 4096);
  assert.equal(decoded.records.length, 0);
  assert.equal(decoded.problems.filter((p) => p.kind === 'reject').length, 2);
  assert.ok(decoded.problems.every((p) => !/call stack/.test(p.message)), decoded.problems.map((p) => p.message).join('\n'));
});
