// The NDJSON parse pool: batches cut on line boundaries keep exact line numbers and byte
// offsets (BOM, CRLF, no final newline, multi-byte text), and the pool gives the same
// records, rejections and order as inline parsing (the pool's column encoding included).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { lineBatches, parallelJsonReader, parsedRanges } from '../../../src/core/ingest/parallel/parallelJson';
import { ParsePool, parseWorkerScript } from '../../../src/core/ingest/parallel/parsePool';
import { BatchBuffers } from '../../../src/core/ingest/parallel/batchBuffers';
import { readerFor } from '../../../src/core/ingest/formats';
import type { LoadedRecord, Rejection } from '../../../src/core/types/records';
import { poolSize } from '../../../src/core/fs/scriptWorker';
import { availableParallelism, tmpdir } from 'node:os';
import { closeSync, createReadStream, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { descriptorsOn } from '../raw/descriptors';

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

/** `file`: the input's path on disk, which the pool's workers may read themselves (ReaderContext.file). */
async function read(workers: number, input: Buffer, file?: { path: string; reached: number[] }): Promise<{ records: LoadedRecord[]; rejections: Rejection[]; warnings: string[] }> {
  const records: LoadedRecord[] = [];
  const rejections: Rejection[] = [];
  const warnings: string[] = [];
  const reader = parallelJsonReader(readerFor('json')!, workers);
  const context = { sourceName: 'test', reject: (r: Rejection) => rejections.push(r), warn: (m: string) => warnings.push(m) };
  const fileContext = file ? { ...context, file: { path: file.path, reached: (offset: number) => file.reached.push(offset) } } : context;
  for await (const batch of reader(chunks(input, 64 * 1024), fileContext)) records.push(...batch);
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

test('workers that read the file themselves give the same records, rejections and warnings as the sequential reader', async () => {
  // A BOM, CRLF and lone CR line ends, blank lines, NUL padding, invalid UTF-8 and broken records.
  const lines = Array.from({ length: 7000 }, (_, i) =>
    i % 997 === 5 ? '{"broken": ' : i % 1201 === 9 ? '' : i % 1499 === 11 ? '\0\0\0' : i % 10 === 7 ? zeekConn(i) : nxlog(i));
  const text = lines.map((line, i) => line + (i % 13 === 0 ? '\r' : i % 2 === 0 ? '\r\n' : '\n')).join('');
  const input = Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(text.slice(0, 1_000_000)), Buffer.from([0xff, 0xfe]), Buffer.from(text.slice(1_000_000))]);
  assert.ok(input.length > 3 * 1024 * 1024, 'big enough for the workers to read ranges');
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-pool-'));
  try {
    const path = join(dir, 'events.ndjson');
    writeFileSync(path, input);
    const sequential = await read(0, input);
    const reached: number[] = [];
    const ranged = await read(2, input, { path, reached });
    assert.ok(sequential.records.length > 6900);
    assert.deepEqual(ranged.records, sequential.records);
    assert.deepEqual(ranged.rejections, sequential.rejections);
    assert.deepEqual([...ranged.warnings].sort(), [...sequential.warnings].sort()); // the same summaries, told in another order
    assert.ok(sequential.warnings.some((w) => /not valid UTF-8/.test(w)) && sequential.warnings.some((w) => /NUL padding/.test(w)));
    assert.equal(reached.at(-1), input.length, 'progress reaches the end of the file');
    assert.deepEqual(reached, [...reached].sort((a, b) => a - b));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a load that stops early closes the file the workers read and the stream it opened', async () => {
  const input = Buffer.from(Array.from({ length: 6000 }, (_, i) => nxlog(i)).join('\n') + '\n');
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-pool-'));
  try {
    const path = join(dir, 'events.ndjson');
    writeFileSync(path, input);
    // Descriptors on this file only (a count of all of them also saw the worker's own come and go:
    // 33 against 32 in one CI run), given half a second: the stream closes its file asynchronously.
    assert.equal(descriptorsOn(path), 0);
    const reader = parallelJsonReader(readerFor('json')!, 1);
    const context = { sourceName: 'test', reject: () => undefined, warn: () => undefined, file: { path, reached: () => undefined } };
    let batches = 0;
    for await (const _ of reader(createReadStream(path), context)) if (++batches === 2) break;
    assert.equal(batches, 2);
    for (let wait = 0; wait < 50 && descriptorsOn(path) > 0; wait++) await new Promise((resolve) => setTimeout(resolve, 10));
    assert.equal(descriptorsOn(path), 0, 'no descriptor left open on the file');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
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

test('ranges the writer parses itself give the same lines, numbers and offsets as those the pool parses', async () => {
  const lines = Array.from({ length: 900 }, (_, i) => (i % 97 === 5 ? '{"broken": ' : i % 50 === 3 ? '' : nxlog(i)));
  const input = Buffer.from(lines.map((line, i) => line + (i % 7 === 0 ? '\r' : '\r\n')).join(''));
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-ranges-'));
  const fd = openSync(join(dir, 'events.ndjson'), 'w+');
  const pool = new ParsePool(parseWorkerScript()!, 1);
  try {
    writeFileSync(fd, input);
    const file = { fd, size: input.length, skip: 0, maxLineBytes: 1 << 20 };
    const collect = async (share: { takesNext(): boolean; answered(ms: number): void }) => {
      const got: { line: number; offset: number; length: number; ok: boolean }[] = [];
      const context = { sourceName: 'test', reject: () => undefined, warn: () => undefined };
      for await (const batch of parsedRanges(file, pool, context, share, 16 * 1024)) {
        for (const l of batch.lines) got.push({ line: l.line, offset: l.offset, length: l.length, ok: !('error' in l.result) });
      }
      return got;
    };
    let turn = 0;
    const everyOther = { takesNext: () => turn++ % 2 === 0, answered: () => undefined };
    const none = { takesNext: () => false, answered: () => undefined };
    const mixed = await collect(everyOther);
    const pooled = await collect(none);
    assert.ok(turn > 10, 'the writer took ranges of its own');
    assert.deepEqual(mixed, pooled);
    assert.equal(pooled.length, 900 - 18, 'every line but the blank ones');
    assert.deepEqual(pooled.filter((l) => !l.ok).map((l) => l.line), [6, 103, 200, 297, 394, 491, 588, 685, 782, 879]);
  } finally {
    await pool.close();
    closeSync(fd);
    rmSync(dir, { recursive: true, force: true });
  }
});
