// NDJSON on several cores: the main thread cuts the byte stream into batches of whole lines,
// worker threads parse and normalize them (jsonBatch.ts) and send them back packed
// (packedBatch.ts), and the main thread puts results back in source order, applies the
// local-clock correction and hands records to the store. JSON arrays, pretty-printed object
// sequences and UTF-16 text go to the sequential reader instead. Small sources never start
// a worker (the first batches are parsed inline). HUNTBENCH_JSON_WORKERS sets the pool size;
// without workers (0, or one core) the sequential reader does all: it keeps no batch of parsed
// records alive, which made inline batches ~10% slower on the main thread (docs/benchmarks.md).

import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { poolSize, startWorker, workerScript } from '../../fs/scriptWorker';
import type { FormatReader, LoadedRecord, ReaderContext, Rejection } from '../../types/records';
import { peek } from '../../raw/sources/byteStream';
import { sniffEncoding } from '../../raw/encoding';
import { DataProblems } from '../normalize/dataProblems';
import { LocalClock } from '../normalize/localClock';
import { isJsonRecordError, LOCAL_CLOCK_NAMES } from '../normalize/json';
import { DialectsSeen, jsonLayout, MAX_RECORD_BYTES } from '../formats/json';
import { invalidUtf8Warning } from '../formats/lines';
import { parseBatch, utf8LineBreaks, type LineBatch, type ParsedBatch } from './jsonBatch';
import { unpackBatch, type PackedBatch, type ParseAnswer } from './packedBatch';
import { BatchBuffers } from './batchBuffers';

export const BATCH_BYTES = 1024 * 1024;
const INLINE_BATCHES = 2;
/** Batches in flight per worker (1 MiB each): 8 loaded 200k events 3–5% faster than 3, which left the threads waiting on each other. */
const IN_FLIGHT_PER_WORKER = 8;

function parseWorkerScript(): string | undefined {
  return workerScript(join(__dirname, 'jsonParseWorker.js'), join(__dirname, 'jsonParseWorker.ts'));
}

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
  const tooLong = (at: { line: number; offset: number }) => reject({ ...at, reason: `line is longer than ${maxLineBytes} bytes; skipped` });
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

/** A fixed set of parse workers; answers are matched to batches by seq. */
class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (b: PackedBatch) => void; reject: (e: Error) => void }>();
  private next = 0;

  constructor(script: string, size: number, private readonly buffers: BatchBuffers) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(script);
      worker.on('message', (answer: ParseAnswer) => {
        const seq = 'error' in answer ? answer.seq : answer.packed.seq;
        const waiter = this.waiting.get(seq);
        this.waiting.delete(seq);
        if ('error' in answer) {
          waiter?.reject(new Error(`JSON parse worker: ${answer.error}`));
          return;
        }
        this.buffers.give(answer.spent);
        waiter?.resolve(answer.packed);
      });
      worker.on('error', (error) => this.failAll(error));
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The batch parsed, still packed: unpacked only when its turn comes, since events held while others wait survive the young generation's collections, which copy them. */
  parse(batch: LineBatch): Promise<PackedBatch> {
    return new Promise((resolve, reject) => {
      this.waiting.set(batch.seq, { resolve, reject });
      this.workers[this.next++ % this.workers.length]!.postMessage(batch, [batch.bytes.buffer as ArrayBuffer]);
    });
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/** Parses batches in order, inline at first, then on the pool when the source is big enough to pay for it. */
async function* parsedInOrder(batches: AsyncIterable<LineBatch>, workers: number, buffers: BatchBuffers): AsyncIterable<ParsedBatch> {
  const script = workers > 0 ? parseWorkerScript() : undefined;
  let pool: ParsePool | undefined;
  const queue: Promise<PackedBatch>[] = [];
  try {
    for await (const batch of batches) {
      if (!pool && script && batch.seq >= INLINE_BATCHES) pool = new ParsePool(script, workers, buffers);
      if (!pool) {
        const parsed = parseBatch(batch); // its text is decoded: the bytes are free again
        buffers.give(batch.bytes.buffer as ArrayBuffer);
        yield parsed;
        continue;
      }
      const parsed = pool.parse(batch);
      parsed.catch(() => undefined); // awaited in order below; this only silences the early-rejection warning
      queue.push(parsed);
      if (queue.length >= pool.size * IN_FLIGHT_PER_WORKER) yield unpackBatch(await queue.shift()!);
    }
    while (queue.length > 0) yield unpackBatch(await queue.shift()!);
  } finally {
    await pool?.close();
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
    // Every batch in flight comes back to be reused, and one more is being filled.
    const buffers = new BatchBuffers(BATCH_BYTES, workers * IN_FLIGHT_PER_WORKER + 1);
    const batches = lineBatches(stream, encoding.bomLength, BATCH_BYTES, (r) => context.reject(r), MAX_RECORD_BYTES, buffers);
    for await (const parsed of parsedInOrder(batches, workers, buffers)) {
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
