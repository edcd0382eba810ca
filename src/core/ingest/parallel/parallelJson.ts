// NDJSON on several cores. A regular file is cut into byte ranges that the worker threads read,
// cut into lines (fileRanges.ts), parse and normalize (jsonBatch.ts) themselves, so its bytes
// never pass through the main thread, which parses a share of the ranges itself when the pool
// is behind (inlineShare.ts). Other sources (archive members) are cut into batches of whole
// lines here and sent to the workers. Either way the answers come back packed (packedBatch.ts),
// and the main thread puts them back in source order, applies the local-clock correction and
// hands records to the store. JSON arrays, pretty-printed object sequences and UTF-16 text go
// to the sequential reader instead. Small sources never start a worker (the first batches are
// parsed inline). HUNTBENCH_JSON_WORKERS sets the pool size; without workers (0, or one core)
// the sequential reader does all: it keeps no batch of parsed records alive, which made inline
// batches ~10% slower on the main thread (docs/benchmarks.md).

import { closeSync, fstatSync } from 'node:fs';
import { poolSize } from '../../fs/scriptWorker';
import { openRegularSync } from '../../fs/regularFile';
import type { FormatReader, LoadedRecord, ReaderContext, Rejection } from '../../types/records';
import { peek } from '../../raw/sources/byteStream';
import { sniffEncoding } from '../../raw/encoding';
import { DataProblems } from '../normalize/dataProblems';
import { LocalClock } from '../normalize/localClock';
import { isJsonRecordError, LOCAL_CLOCK_NAMES } from '../normalize/json';
import { DialectsSeen, jsonLayout, MAX_RECORD_BYTES } from '../formats/json';
import { invalidUtf8Warning, tooLongReason } from '../formats/lines';
import { parseBatch, utf8LineBreaks, type LineBatch, type ParsedBatch } from './jsonBatch';
import { unpackBatch } from './packedBatch';
import { BatchBuffers } from './batchBuffers';
import { ParsePool, parseWorkerScript } from './parsePool';
import type { OpenFile, RangeAnswer } from './parseMessages';
import { fileRanges, RangeReader, type FileRange, type RangeLines } from './fileRanges';
import { InlineShare, inOrder, type SharedWork } from './inlineShare';

export const BATCH_BYTES = 1024 * 1024;
const INLINE_BATCHES = 2;
/** Batches in flight per worker (1 MiB each): 8 loaded 200k events 3–5% faster than 3, which left the threads waiting on each other. */
const IN_FLIGHT_PER_WORKER = 8;

/**
 * Cuts a byte stream into batches of whole lines, with their first line number and byte
 * offset. A line longer than `maxLineBytes` is rejected by number and skipped without being
 * held in memory; bytes are joined only when a batch is cut, so a long line costs linear time.
 */
export async function* lineBatches(
  bytes: AsyncIterable<Uint8Array>,
  skip: number,
  batchBytes = BATCH_BYTES,
  reject: (rejection: Rejection) => void = () => undefined,
  maxLineBytes = MAX_RECORD_BYTES,
  buffers = new BatchBuffers(batchBytes),
): AsyncIterable<LineBatch> {
  let pending: Buffer[] = [];
  let pendingBytes = 0;
  /** Whether `pending` holds a line break, i.e. at least one whole line. */
  let pendingHasLine = false;
  /** The over-long line being skipped, from its start up to its end. */
  let skipping: { line: number; offset: number } | undefined;
  let offset = skip;
  let line = 1;
  let seq = 0;
  let toSkip = skip;
  /** The pending pieces in one buffer of `buffers`, which a batch can take to a worker. */
  const joined = (): Buffer => {
    const whole = buffers.take(pendingBytes);
    let at = 0;
    for (const piece of pending) at += piece.copy(whole, at);
    return whole;
  };
  /** The first `end` bytes of `whole` as a batch; their memory goes to a worker with it, so nothing after `end` may be read again. */
  const cut = (whole: Buffer, end: number): LineBatch => {
    const batch = { seq: seq++, bytes: new Uint8Array(whole.buffer, 0, end), firstLine: line, firstOffset: offset };
    const breaks = utf8LineBreaks(whole);
    for (let at = breaks(0); at >= 0 && at < end; at = breaks(at + 1)) line++;
    offset += end;
    return batch;
  };
  const tooLong = (at: { line: number; offset: number }) => reject({ ...at, reason: tooLongReason(maxLineBytes) });
  for await (const chunk of bytes) {
    let piece = Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);
    if (toSkip > 0) {
      const dropped = Math.min(toSkip, piece.length);
      piece = piece.subarray(dropped);
      toSkip -= dropped;
    }
    if (skipping) {
      const newline = utf8LineBreaks(piece)(0);
      if (newline < 0) {
        offset += piece.length;
        continue;
      }
      tooLong(skipping);
      skipping = undefined;
      offset += newline + 1;
      line++;
      piece = piece.subarray(newline + 1);
    }
    pending.push(piece);
    pendingBytes += piece.length;
    pendingHasLine ||= piece.includes(10) || piece.includes(13);
    if (!pendingHasLine) {
      if (pendingBytes > maxLineBytes) {
        skipping = { line, offset };
        offset += pendingBytes;
        pending = [];
        pendingBytes = 0;
      }
      continue;
    }
    if (pendingBytes < batchBytes) continue;
    const whole = joined();
    // After the last line break; a "\r" ending the bytes waits for the next byte (is it "\r\n"?).
    const end = Math.max(whole.lastIndexOf(10), whole.length >= 2 ? whole.lastIndexOf(13, whole.length - 2) : -1) + 1;
    // The rest is copied before the batch is cut: the batch takes `whole`'s memory with it.
    const rest = Buffer.from(whole.subarray(end));
    const batch = cut(whole, end);
    pending = [rest];
    pendingBytes = rest.length;
    pendingHasLine = false;
    if (pendingBytes > maxLineBytes) {
      skipping = { line, offset };
      offset += pendingBytes;
      pending = [];
      pendingBytes = 0;
    }
    yield batch;
  }
  if (skipping) tooLong(skipping);
  if (pendingBytes > 0) yield cut(joined(), pendingBytes);
}

/**
 * Parses batches in order: the first ones here (a small source never starts a worker), then
 * on the pool, and here again for a share of them while the pool is behind (inlineShare.ts).
 */
async function* parsedInOrder(batches: AsyncIterable<LineBatch>, script: string | undefined, workers: number, buffers: BatchBuffers): AsyncIterable<ParsedBatch> {
  const parseHere = (batch: LineBatch): ParsedBatch => {
    const parsed = parseBatch(batch);
    buffers.give(batch.bytes.buffer as ArrayBuffer); // its text is decoded: the bytes are free again
    return parsed;
  };
  if (!script) {
    for await (const batch of batches) yield parseHere(batch);
    return;
  }
  let pool: ParsePool | undefined;
  try {
    yield* inOrder(batches, {
      inFlight: workers * IN_FLIGHT_PER_WORKER,
      send: (batch) => (pool ??= new ParsePool(script, workers, buffers)).parse(batch),
      answered: (packed) => unpackBatch(packed),
      here: parseHere,
    }, new InlineShare(INLINE_BATCHES));
  } finally {
    await pool?.close();
  }
}

/**
 * Parses a regular file's ranges in order: the workers read the file themselves, so its bytes
 * never pass through this thread, which parses the first ranges while the workers start and a
 * share of the rest while the pool is behind (inlineShare.ts). Line numbers are counted on from
 * each range's count; a range's over-long last line is rejected after its other lines.
 */
export async function* parsedRanges(
  file: OpenFile,
  pool: ParsePool,
  context: ReaderContext,
  share: Pick<InlineShare, 'takesNext' | 'answered'> = new InlineShare(INLINE_BATCHES),
  rangeBytes = BATCH_BYTES,
): AsyncIterable<ParsedBatch> {
  const reader = new RangeReader(file.fd, file.size, file.skip, file.maxLineBytes);
  let line = 1;
  const work: SharedWork<FileRange & { seq: number }, RangeAnswer, { parsed: ParsedBatch; count: Pick<RangeLines, 'lineCount' | 'tooLong'>; end: number }> = {
    inFlight: pool.size * IN_FLIGHT_PER_WORKER,
    send: (range) => pool.parseRange(range.seq, file, range),
    // Results come in order: `line` is the number of the range's first line when it is taken.
    answered: (answer, range) => ({ parsed: unpackBatch(answer.packed, line), count: answer, end: range.end }),
    here: (range) => {
      const lines = reader.read(range);
      return { parsed: parseBatch({ seq: range.seq, bytes: lines.bytes, firstLine: line, firstOffset: lines.offset }), count: lines, end: range.end };
    },
  };
  const ranges = fileRanges(file.size, rangeBytes).map((range, seq) => ({ ...range, seq }));
  for await (const { parsed, count, end } of inOrder(ranges, work, share)) {
    yield parsed;
    if (count.tooLong) context.reject({ line: line + count.tooLong.line, offset: count.tooLong.offset, reason: tooLongReason(file.maxLineBytes) });
    line += count.lineCount;
    context.file?.reached(end);
  }
}

/** The file the source is, opened for the pool's workers to read, when it is large enough to start them; else undefined (the stream is read). */
function openForRanges(context: ReaderContext, skip: number): OpenFile | undefined {
  if (!context.file) return undefined;
  let fd: number;
  try {
    fd = openRegularSync(context.file.path);
  } catch {
    return undefined; // gone or replaced since it was opened: the stream still reads what it opened
  }
  const size = fstatSync(fd).size;
  if (size > INLINE_BATCHES * BATCH_BYTES) return { fd, size, skip, maxLineBytes: MAX_RECORD_BYTES };
  closeSync(fd);
  return undefined;
}

/** Parsed batches of the source: from the file's ranges when the workers can read it, else from the stream cut here. */
async function* parsedBatches(stream: AsyncIterable<Uint8Array>, context: ReaderContext, skip: number, workers: number): AsyncIterable<ParsedBatch> {
  const script = parseWorkerScript();
  const file = script ? openForRanges(context, skip) : undefined;
  if (!file || !script) {
    // Every batch in flight comes back to be reused, and one more is being filled.
    const buffers = new BatchBuffers(BATCH_BYTES, workers * IN_FLIGHT_PER_WORKER + 1);
    yield* parsedInOrder(lineBatches(stream, skip, BATCH_BYTES, (r) => context.reject(r), MAX_RECORD_BYTES, buffers), script, workers, buffers);
    return;
  }
  const pool = new ParsePool(script, workers);
  try {
    // The stream is not read on: started and ended, it closes the file it opened.
    for await (const _ of stream) break;
    yield* parsedRanges(file, pool, context);
  } finally {
    await pool.close();
    closeSync(file.fd);
  }
}

/**
 * An NDJSON reader that parses on `workers` threads, falling back to `sequential` for
 * content it does not cut into lines itself (JSON arrays, UTF-16).
 */
export function parallelJsonReader(sequential: FormatReader, workers = poolSize('HUNTBENCH_JSON_WORKERS')): FormatReader {
  if (workers === 0) return sequential;
  return async function* (bytes: AsyncIterable<Uint8Array>, context: ReaderContext): AsyncIterable<readonly LoadedRecord[]> {
    const { head, stream } = await peek(bytes, 4096);
    const encoding = sniffEncoding(head);
    if (encoding.name !== 'utf-8' || jsonLayout(head, encoding) !== 'lines') {
      yield* sequential(stream, context);
      return;
    }
    const dialects = new DialectsSeen(context);
    const clock = new LocalClock((message) => context.warn(message), () => dialects.list().map((d) => LOCAL_CLOCK_NAMES[d]).filter(Boolean).join(' / ') || 'the local clock');
    const problems = new DataProblems();
    let padding = 0;
    let first = true;
    const invalidUtf8 = { count: 0, firstLine: 0, firstOffset: 0 };
    for await (const parsed of parsedBatches(stream, context, encoding.bomLength, workers)) {
      padding += parsed.padding;
      if (invalidUtf8.count === 0) Object.assign(invalidUtf8, parsed.invalidUtf8);
      else invalidUtf8.count += parsed.invalidUtf8.count;
      const loaded: LoadedRecord[] = [];
      for (const { line, offset, length, result } of parsed.lines) {
        const isFirst = first;
        first = false;
        if (isJsonRecordError(result)) {
          // A source whose first record shows it is a log not loaded yet is skipped with one warning.
          if (isFirst && result.unsupportedSource) {
            context.warn(result.unsupportedSource);
            return;
          }
          context.reject({ line, offset, reason: result.error });
          continue;
        }
        dialects.add(result.dialect);
        if (result.dataProblem) problems.note({ line, offset }, result.dataProblem);
        // Not push(...): the clock may release 20,000 held records at once.
        for (const released of clock.push({ pointer: { line, offset, length }, event: result.event }, result)) loaded.push(released);
      }
      if (loaded.length > 0) yield loaded;
    }
    const rest = clock.finish();
    if (rest.length > 0) yield rest;
    if (padding > 0) context.warn(`${padding} line(s) of NUL padding skipped`);
    problems.report((m) => context.warn(m));
    if (invalidUtf8.count > 0) context.warn(invalidUtf8Warning(invalidUtf8.count, invalidUtf8.firstLine, invalidUtf8.firstOffset));
  };
}
