// A regular file's chunks read by offset (chunkStream.ts readChunks, used by records.ts when the
// reader context names the file) against the same bytes cut from a stream: the same records,
// rejections and warnings for whole, truncated and tiny files, progress up to the end, the
// stream closed unread, and the stream still used when the file cannot be opened.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { readEvtx, readEvtxParallel } from '../../../../src/core/ingest/evtx/index';
import type { FormatReader, LoadedRecord, ReaderContext } from '../../../../src/core/types/records';
import { buildChunk, buildFile, el, sub, text, v } from './builder';
import { FIRST_DATA_SUB, eventTemplate, systemValues } from './events';

const TEMPLATE = eventTemplate(1, el('EventData', undefined, el('Data', { Name: [text('N')] }, sub(FIRST_DATA_SUB, 0x08))));

function evtxFile(chunkSizes: readonly number[]): Uint8Array {
  let id = 1;
  const chunks = chunkSizes.map((count) => buildChunk({ records: Array.from({ length: count }, () => ({ id, template: TEMPLATE, values: [...systemValues(id), v.uint32(id++)] })) }).bytes);
  return buildFile({ chunks, nextRecordId: id });
}

interface Read {
  records: LoadedRecord[];
  problems: string[];
  reached: number[];
  streamPieces: number;
  streamClosed: boolean;
}

/** Reads `bytes` through a stream of 10,000-byte pieces, with the context naming `path` when given. */
async function read(reader: FormatReader, bytes: Uint8Array, path?: string): Promise<Read> {
  const out: Read = { records: [], problems: [], reached: [], streamPieces: 0, streamClosed: false };
  async function* stream(): AsyncGenerator<Uint8Array> {
    try {
      for (let o = 0; o < bytes.length; o += 10_000) {
        out.streamPieces++;
        yield bytes.subarray(o, o + 10_000);
      }
    } finally {
      out.streamClosed = true;
    }
  }
  const context: ReaderContext = {
    sourceName: 'test.evtx',
    reject: (r) => void out.problems.push(`reject ${r.offset}: ${r.reason}`),
    warn: (m) => void out.problems.push(`warn ${m}`),
    ...(path ? { file: { path, reached: (offset: number) => void out.reached.push(offset) } } : {}),
  };
  for await (const records of reader(stream(), context)) out.records.push(...records);
  return out;
}

test('a regular file read by offset gives what its stream gives, whole, cut anywhere or tiny, and reports progress to its end', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-evtx-chunks-'));
  try {
    const path = join(dir, 'file.evtx');
    await fc.assert(fc.asyncProperty(
      fc.array(fc.integer({ min: 0, max: 40 }), { minLength: 0, maxLength: 4 }),
      fc.option(fc.double({ min: 0, max: 1, noNaN: true })),
      async (chunkSizes, cutAt) => {
        const whole = evtxFile(chunkSizes);
        const bytes = cutAt === null ? whole : whole.subarray(0, Math.floor(cutAt * whole.length));
        writeFileSync(path, bytes);
        const streamed = await read(readEvtx, bytes);
        const byOffset = await read(readEvtx, bytes, path);
        assert.deepEqual(byOffset.records, streamed.records);
        assert.deepEqual(byOffset.problems, streamed.problems);
        assert.equal(streamed.streamClosed, true);
        // The stream was ended after at most its first piece, and each chunk's end was reported.
        assert.equal(byOffset.streamClosed, true);
        assert.ok(byOffset.streamPieces <= 1, `stream read on: ${byOffset.streamPieces} pieces`);
        assert.deepEqual(byOffset.reached, [...byOffset.reached].sort((a, b) => a - b));
        if (bytes.length > 4096) assert.equal(byOffset.reached.at(-1), bytes.length);
        else assert.deepEqual(byOffset.reached, []);
      },
    ), { numRuns: 60 });
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a file that cannot be opened again is read from its stream', async () => {
  const bytes = evtxFile([5, 3]);
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-evtx-chunks-'));
  try {
    const gone = await read(readEvtx, bytes, join(dir, 'removed-since.evtx'));
    const streamed = await read(readEvtx, bytes);
    assert.equal(gone.records.length, 8);
    assert.deepEqual(gone.records, streamed.records);
    assert.ok(gone.streamPieces > 1);
    assert.deepEqual(gone.reached, []);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('chunks read by offset and sent to the worker pool give what one thread reading the stream gives', async () => {
  const saved = process.env.HUNTBENCH_EVTX_WORKERS;
  process.env.HUNTBENCH_EVTX_WORKERS = '1';
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-evtx-chunks-'));
  try {
    // More chunks than are decoded inline before the pool starts, the last one cut short.
    const whole = evtxFile(Array.from({ length: 40 }, (_, i) => 1 + (i % 7)));
    const bytes = whole.subarray(0, whole.length - 30_000);
    const path = join(dir, 'pooled.evtx');
    writeFileSync(path, bytes);
    const pooled = await read(readEvtxParallel, bytes, path);
    const streamed = await read(readEvtx, bytes);
    assert.ok(streamed.records.length > 150);
    assert.deepEqual(pooled.records, streamed.records);
    assert.deepEqual(pooled.problems, streamed.problems);
    assert.equal(pooled.reached.at(-1), bytes.length);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    if (saved === undefined) delete process.env.HUNTBENCH_EVTX_WORKERS;
    else process.env.HUNTBENCH_EVTX_WORKERS = saved;
  }
});
