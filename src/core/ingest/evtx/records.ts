// Reads an EVTX byte stream (or, for a regular file, its chunks by offset) into decoded
// records, in file order, with every problem reported through the reader context: file header
// checks, chunks decoded by a ChunkDecoder (inline or the worker pool), and what a truncated
// file lost (chunks the header counts but the file does not hold). Chunks are decoded ahead,
// up to the decoder's parallelism, and emitted in order.

import { closeSync } from 'node:fs';
import { openRegularSync } from '../../fs/regularFile';
import type { ReaderContext, WinEvent } from '../../types/records';
import { decodeChunk, type DecodedChunk, type DecodedRecord } from './chunk';
import { readChunks, splitChunks, type ChunkedFile, type RawChunk } from './chunkStream';
import { readFileHeader, type FileHeader } from './fileHeader';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './layout';

export interface ChunkDecoder<E = WinEvent> {
  /** How many chunks may be decoding at once. */
  readonly parallelism: number;
  /**
   * Resolves to what gives the decoded chunk when its turn comes: a pool's chunks wait packed,
   * since records held while earlier chunks are emitted survive young-generation collections.
   */
  decode(chunk: RawChunk): Promise<() => DecodedChunk<E>>;
  /** How long the reader waited for the chunk it took next, told for every chunk in the order asked. */
  waited?(ms: number): void;
}

export const inlineDecoder: ChunkDecoder<WinEvent> = {
  parallelism: 1,
  decode: async (chunk) => {
    const decoded = decodeChunk(chunk.bytes, chunk.number, chunk.fileOffset);
    return () => decoded;
  },
};

interface EvtxProblems {
  reject(offset: number, reason: string): void;
  warn(message: string): void;
}

function problemsOf(context: ReaderContext): EvtxProblems {
  return { reject: (offset, reason) => context.reject({ offset, reason }), warn: (message) => context.warn(message) };
}

/** Records in file order; `decoder` decides what a record's event is (WinEvent or normalized). */
export async function* readEvtxRecords<E = WinEvent>(bytes: AsyncIterable<Uint8Array>, context: ReaderContext, decoder: ChunkDecoder<E>): AsyncGenerator<DecodedRecord<E>> {
  for await (const records of readEvtxChunks(bytes, context, decoder)) yield* records;
}

/**
 * The same records a chunk at a time: one step of an async generator per chunk instead of per
 * record (each step is a promise and a turn of the microtask queue), for the format reader.
 */
export async function* readEvtxChunks<E = WinEvent>(bytes: AsyncIterable<Uint8Array>, context: ReaderContext, decoder: ChunkDecoder<E>): AsyncGenerator<readonly DecodedRecord<E>[]> {
  const problems = problemsOf(context);
  const file: ChunkedFile = { header: new Uint8Array(0), size: 0 };
  const pending: Promise<() => DecodedChunk<E>>[] = [];
  let header: FileHeader | undefined;
  const checkHeader = () => {
    const read = readFileHeader(file.header);
    read.warnings.forEach((w) => problems.warn(w));
    return read;
  };
  let chunks = 0;
  let emptyChunks = 0;
  let lastRecordId = 0;

  const emit = (decoded: DecodedChunk<E>): readonly DecodedRecord<E>[] => {
    if (decoded.empty) emptyChunks++;
    for (const p of decoded.problems) {
      if (p.kind === 'reject') problems.reject(p.offset, p.message);
      else problems.warn(p.message);
    }
    lastRecordId = Math.max(lastRecordId, decoded.lastRecordId);
    return decoded.records;
  };

  const next = async (): Promise<() => DecodedChunk<E>> => {
    const asked = performance.now();
    const decoded = await pending.shift()!;
    decoder.waited?.(performance.now() - asked);
    return decoded;
  };
  for await (const chunk of sourceChunks(bytes, context, file)) {
    header ??= checkHeader();
    chunks++;
    pending.push(decoder.decode(chunk));
    if (pending.length >= decoder.parallelism) yield emit((await next())());
  }
  while (pending.length > 0) yield emit((await next())());

  header ??= checkHeader();
  reportCoverage(header, chunks, emptyChunks, lastRecordId, file.size, problems);
}

/** The chunks of a regular file read by offset (the stream is not read on), else cut from the stream. */
async function* sourceChunks(bytes: AsyncIterable<Uint8Array>, context: ReaderContext, file: ChunkedFile): AsyncGenerator<RawChunk> {
  let fd: number | undefined;
  try {
    if (context.file) fd = openRegularSync(context.file.path);
  } catch {
    // Gone or replaced since the stream opened it: the stream still reads what it opened.
  }
  if (fd === undefined || !context.file) {
    yield* splitChunks(bytes, file);
    return;
  }
  try {
    // Started and ended, the stream closes the file it opened.
    for await (const _ of bytes) break;
    yield* readChunks(fd, file, context.file.reached);
  } finally {
    closeSync(fd);
  }
}

/** What the file holds compared with what its header announces. */
function reportCoverage(header: FileHeader, chunks: number, emptyChunks: number, lastRecordId: number, size: number, problems: EvtxProblems): void {
  if (!header.valid) return;
  if (chunks < header.chunkCount) {
    const missing = header.chunkCount - chunks;
    const ids = header.nextRecordId > lastRecordId + 1 ? `; records ${lastRecordId + 1}-${header.nextRecordId - 1} were not read` : '';
    problems.reject(size, `file ends at offset ${size}: ${missing} of ${header.chunkCount} chunks (from chunk ${chunks}, offset ${FILE_HEADER_SIZE + chunks * CHUNK_SIZE}) are missing${ids}`);
  } else if (chunks - emptyChunks > header.chunkCount && header.chunkCount > 0) {
    problems.warn(`${chunks - emptyChunks - header.chunkCount} chunks beyond the ${header.chunkCount} the file header counts were read (header not updated: file copied while in use)`);
  }
}
