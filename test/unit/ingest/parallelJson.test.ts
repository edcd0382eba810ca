// The NDJSON parse pool: batches cut on line boundaries keep exact line numbers and byte
// offsets (BOM, CRLF, no final newline, multi-byte text), and the pool gives the same
// records, rejections and order as inline parsing (the pool's column encoding included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineBatches, parallelJsonReader } from '../../../src/core/ingest/parallel/parallelJson';
import { BatchBuffers } from '../../../src/core/ingest/parallel/batchBuffers';
import { readerFor } from '../../../src/core/ingest/formats';
import type { LoadedRecord, Rejection } from '../../../src/core/types/records';
import { poolSize } from '../../../src/core/fs/scriptWorker';
import { availableParallelism } from 'node:os';

async function* chunks(bytes: Buffer, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

function nxlog(i: number): string {
  return JSON.stringify({ EventID: 1, Channel: 'Microsoft-Windows-Sysmon/Operational', SourceName: 'Microsoft-Windows-Sysmon', Hostname: `HOST${i % 3}`,
    EventTime: '2020-09-20 12:00:00', UtcTime: `2020-09-20 16:00:${String(i % 60).padStart(2, '0')}.000`, RecordNumber: i, Image: `C:\\Temp\\é${i}.exe`, CommandLine: 'x'.repeat(i % 700) });
}

test('line batches keep line numbers and byte offsets across cuts, whatever the pieces the stream comes in', async () => {
  // "\r\n" split between two pieces, a lone "\r" (old Mac line end), a piece boundary inside "é".
  const lines = ['{"a":1}', '', '{"b":"é"}', '{"c":3}\r', '{"d":4}', '{"e":"éé"}', '{"f":6}'];
  const text = lines.slice(0, 5).join('\n') + '\r' + lines.slice(5).join('\n');
  const bytes = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text)]);
  for (let pieceSize = 1; pieceSize <= 9; pieceSize++) {
    const seen: { line: number; offset: number; text: string }[] = [];
    for await (const batch of lineBatches(chunks(bytes, pieceSize), 3, 8)) {
      // Latin-1 keeps one character per byte, so lengths below are byte counts.
      const batchBytes = Buffer.from(batch.bytes).toString('latin1');
      let offset = batch.firstOffset;
      for (const [i, match] of [...batchBytes.matchAll(/([^\r\n]*)(\r\n|\n|\r|$)/g)].entries()) {
        if (match[0] === '') break;
        seen.push({ line: batch.firstLine + i, offset, text: Buffer.from(match[1]!, 'latin1').toString('utf8') });
        offset += match[0].length;
      }
    }
    const found = seen.filter((s) => s.text !== '');
    assert.deepEqual(found.map((s) => [s.line, s.text]), [[1, '{"a":1}'], [3, '{"b":"é"}'], [4, '{"c":3}'], [5, '{"d":4}'], [6, '{"e":"éé"}'], [7, '{"f":6}']], `pieces of ${pieceSize}`);
    for (const { offset, text: t } of found) assert.equal(bytes.toString('utf8', offset, offset + Buffer.byteLength(t)), t, `offset of ${t}, pieces of ${pieceSize}`);
  }
});

test('batches cut into reused memory hold the same bytes as batches cut into new memory', async () => {
  const text = Array.from({ length: 400 }, (_, i) => `{"n":${i},"pad":"${'é'.repeat(i % 37)}"}`).join('\n') + '\n';
  const bytes = Buffer.from(text);
  const cutFresh = [];
  for await (const batch of lineBatches(chunks(bytes, 97), 0, 256)) cutFresh.push({ ...batch, bytes: Buffer.from(batch.bytes).toString('latin1') });
  // Each batch's memory is handed back once the next one is cut, as the pool hands back a parsed
  // batch's: a batch still in use must never be written over.
  const buffers = new BatchBuffers(256, 4);
  const cutReused = [];
  let previous: Uint8Array | undefined;
  for await (const batch of lineBatches(chunks(bytes, 97), 0, 256, undefined, undefined, buffers)) {
    if (previous) buffers.give(previous.buffer as ArrayBuffer);
    cutReused.push({ ...batch, bytes: Buffer.from(batch.bytes).toString('latin1') });
    previous = batch.bytes;
  }
  assert.ok(cutFresh.length > 10);
  assert.deepEqual(cutReused, cutFresh);
  assert.equal(cutReused.map((b) => b.bytes).join(''), bytes.toString('latin1'));
});

test('batch memory is reused only when it is large enough, and only up to the limit kept', () => {
  const buffers = new BatchBuffers(1024, 1);
  const first = buffers.take(1500);
  assert.equal(first.length, 1500);
  assert.equal(first.byteOffset, 0, 'a batch starts its memory, which it transfers whole');
  buffers.give(first.buffer as ArrayBuffer);
  buffers.give(new ArrayBuffer(4096)); // over the limit of one: not kept
  const again = buffers.take(1800);
  assert.equal(again.buffer, first.buffer);
  buffers.give(again.buffer as ArrayBuffer);
  const larger = buffers.take(5000);
  assert.notEqual(larger.buffer, first.buffer, 'too small for 5,000 bytes');
  assert.equal(larger.length, 5000);
});

async function read(workers: number, input: Buffer): Promise<{ records: LoadedRecord[]; rejections: Rejection[]; warnings: string[] }> {
  const records: LoadedRecord[] = [];
  const rejections: Rejection[] = [];
  const warnings: string[] = [];
  const reader = parallelJsonReader(readerFor('json')!, workers);
  for await (const batch of reader(chunks(input, 64 * 1024), { sourceName: 'test', reject: (r) => rejections.push(r), warn: (m) => warnings.push(m) })) records.push(...batch);
  return { records, rejections, warnings };
}

/** A Zeek conn record: its event has only the fields Zeek fills (no empty row behind it). */
function zeekConn(i: number): string {
  return JSON.stringify({ ts: 1_600_000_000 + i / 1000, uid: `C${i}`, 'id.orig_h': '10.0.0.1', 'id.orig_p': 40_000 + i, 'id.resp_h': `10.0.${i % 7}.2`, 'id.resp_p': 445, proto: 'tcp', conn_state: 'S0' });
}

test('the pool gives the same records and rejections, in order, as the sequential reader', async () => {
  const lines = Array.from({ length: 6000 }, (_, i) => (i % 997 === 5 ? '{"broken": ' : i % 10 === 7 ? zeekConn(i) : nxlog(i)));
  const input = Buffer.from(lines.join('\r\n') + '\r\n');
  assert.ok(input.length > 3 * 1024 * 1024, 'big enough to start the pool after the inline batches');
  // Without workers the reader is the sequential one.
  const sequential = await read(0, input);
  const pooled = await read(2, input);
  assert.equal(sequential.records.length, 6000 - 7);
  assert.deepEqual(pooled.records, sequential.records);
  assert.deepEqual(pooled.rejections.map((r) => r.line), sequential.rejections.map((r) => r.line));
  assert.deepEqual(sequential.rejections.map((r) => r.line), [6, 1003, 2000, 2997, 3994, 4991, 5988]);
});

test('pretty-printed objects one after another are left to the sequential reader, not misread as lines', async () => {
  const objects = Array.from({ length: 3 }, (_, i) => JSON.stringify(JSON.parse(nxlog(i)), null, 2));
  const input = Buffer.from(objects.join('\n') + '\n');
  const { records, rejections } = await read(0, input);
  assert.deepEqual(rejections, []);
  assert.deepEqual(records.map((r) => r.event.record_id), [0, 1, 2]);
  assert.equal(input.toString('utf8', records[1]!.pointer.offset, records[1]!.pointer.offset + records[1]!.pointer.length), objects[1]);
});

test('a Zeek http.log is skipped with one warning; an http record inside a conn log is rejected alone', async () => {
  const http = (i: number) => `{"@stream":"http","ts":1588205199.8${i},"uid":"D${i}","id_orig_h":"10.0.1.6","id_orig_p":54243,"id_resp_h":"10.0.0.30","id_resp_p":80,"proto":"tcp","method":"GET"}`;
  const conn = (i: number) => `{"@stream":"conn","ts":1588205199.8${i},"uid":"C${i}","id_orig_h":"10.0.1.6","id_orig_p":54243,"id_resp_h":"10.0.0.4","id_resp_p":445,"proto":"tcp","conn_state":"S0"}`;
  const skipped = await read(1, Buffer.from(Array.from({ length: 500 }, (_, i) => http(i)).join('\n')));
  assert.deepEqual([skipped.records.length, skipped.rejections.length, skipped.warnings], [0, 0, ['zeek http.log is not supported yet; only conn, dns and dhcp logs are loaded']]);
  const mixed = await read(1, Buffer.from([conn(1), http(2), conn(3)].join('\n')));
  assert.deepEqual([mixed.records.length, mixed.rejections.map((r) => r.line), mixed.warnings], [2, [2], []]);
});

test('a pool leaves the main thread its core unless the environment sets its size', () => {
  const variable = 'HUNTBENCH_TEST_POOL';
  try {
    delete process.env[variable];
    assert.equal(poolSize(variable), Math.min(4, availableParallelism() - 1));
    process.env[variable] = '3';
    assert.equal(poolSize(variable), 3);
    process.env[variable] = '0';
    assert.equal(poolSize(variable), 0);
    process.env[variable] = 'many';
    assert.equal(poolSize(variable), 0);
  } finally {
    delete process.env[variable];
  }
});

test('an EvtxECmd Payload that cannot be read: the pool loads the event without its data and gives the warning the sequential reader gives', async () => {
  const record = (i: number, payload: string) => JSON.stringify({ EventId: 7045, EventRecordId: String(i), ChunkNumber: 0, Provider: 'Service Control Manager', Channel: 'System',
    Computer: 'ws01', TimeCreated: '2020-09-04T03:00:07.0000000+00:00', ProcessId: 640, Payload: payload });
  const good = JSON.stringify({ EventData: { Data: [{ '@Name': 'ServiceName', '#text': 'PSEXESVC' }] } });
  const input = Buffer.from([record(1, good), record(2, '{"EventData":'), record(3, good), record(4, '<EventData>')].join('\n'));
  const sequential = await read(0, input);
  const pooled = await read(1, input);
  assert.deepEqual(pooled, sequential);
  assert.deepEqual(pooled.records.map((r) => r.event.service_name), ['PSEXESVC', null, 'PSEXESVC', null]);
  assert.equal(pooled.warnings.length, 1);
  assert.match(pooled.warnings[0]!, /^line 2: EvtxECmd Payload is not valid JSON: .*\(and 1 more record\(s\) like it\)$/);
});
