// Cuts a byte stream into the EVTX file header and 64 KiB chunks, buffering one chunk at a
// time (never the whole file), or reads a regular file's chunks by offset. Each chunk comes out
// as its own ArrayBuffer-backed copy so it can be transferred to a worker; the last one may be
// short when the file is truncated.

import { fstatSync } from 'node:fs';
import { readFullySync } from '../../fs/regularFile';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from './layout';

export interface RawChunk {
  /** Index of the chunk in the file (0 = the chunk right after the file header). */
  readonly number: number;
  readonly fileOffset: number;
  readonly bytes: Uint8Array;
}

export interface ChunkedFile {
  /** The first FILE_HEADER_SIZE bytes (fewer when the file is shorter). */
  header: Uint8Array;
  /** Total bytes read, known once the chunks are exhausted. */
  size: number;
}

/** Yields chunks; fills `file.header` before the first chunk and `file.size` at the end. */
export async function* splitChunks(bytes: AsyncIterable<Uint8Array>, file: ChunkedFile): AsyncGenerator<RawChunk> {
  let target = new Uint8Array(FILE_HEADER_SIZE);
  let filled = 0;
  let inHeader = true;
  let number = 0;
  let offset = 0;
  for await (const piece of bytes) {
    let p = 0;
    while (p < piece.length) {
      const n = Math.min(piece.length - p, target.length - filled);
      target.set(piece.subarray(p, p + n), filled);
      filled += n;
      p += n;
      if (filled < target.length) continue;
      // The consumer may transfer the chunk's buffer to a worker: take what is needed first.
      const full = target;
      const fullOffset = offset;
      offset += full.length;
      target = new Uint8Array(CHUNK_SIZE);
      filled = 0;
      if (inHeader) {
        file.header = full;
        inHeader = false;
      } else {
        yield { number: number++, fileOffset: fullOffset, bytes: full };
      }
    }
  }
  if (inHeader) file.header = target.subarray(0, filled);
  else if (filled > 0) yield { number, fileOffset: offset, bytes: target.slice(0, filled) };
  file.size = offset + filled;
}

/**
 * The chunks splitChunks would cut from the bytes of the open regular file `fd`, read by offset:
 * without the stream's async turns and copies a pooled load of a 100 MB file took ~5% less
 * time (docs/benchmarks.md). `reached` is told each chunk's end, for the load's progress.
 */
export function* readChunks(fd: number, file: ChunkedFile, reached: (offset: number) => void): Generator<RawChunk> {
  const size = fstatSync(fd).size;
  file.header = readAt(fd, 0, Math.min(FILE_HEADER_SIZE, size));
  let offset = file.header.length;
  // A file that ends inside its header (or shrank while read) has no chunks.
  for (let number = 0; offset === FILE_HEADER_SIZE + number * CHUNK_SIZE && offset < size; number++) {
    const bytes = readAt(fd, offset, Math.min(CHUNK_SIZE, size - offset));
    if (bytes.length === 0) break;
    const fileOffset = offset;
    // Before the yield: the consumer may transfer the chunk's buffer to a worker.
    offset += bytes.length;
    yield { number, fileOffset, bytes };
    reached(offset);
  }
  file.size = offset;
}

/** Up to `length` bytes at `position`: fewer only where the file ends. */
function readAt(fd: number, position: number, length: number): Uint8Array {
  const bytes = new Uint8Array(length);
  const filled = readFullySync(fd, bytes, position);
  return filled === length ? bytes : bytes.slice(0, filled);
}
