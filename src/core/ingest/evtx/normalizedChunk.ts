// A chunk decoded all the way to normalized events: the unit of work of the worker pool, so
// workers take normalization off the main thread too, and the inline path runs the very same
// function (identical results whichever path a chunk takes).

import type { NormalizedEvent } from '../../schema/columns';
import { normalizeWinEvent } from '../normalize/windows';
import { decodeChunk, type DecodedChunk } from './chunk';
import type { ChunkDecoder } from './records';

export interface ClosableDecoder extends ChunkDecoder<NormalizedEvent> {
  close(): Promise<void>;
}

export function decodeNormalizedChunk(bytes: Uint8Array, chunk: number, fileOffset: number): DecodedChunk<NormalizedEvent> {
  // TimeCreated is the record's SystemTime: it may overrule a UtcTime from a wrong clock.
  return decodeChunk(bytes, chunk, fileOffset, (event) => normalizeWinEvent(event, true));
}

/** Decodes on the calling thread; the single-core reader and the pool's fallback. */
export function inlineNormalizedDecoder(): ClosableDecoder {
  return {
    parallelism: 1,
    decode: async (chunk) => {
      const decoded = decodeNormalizedChunk(chunk.bytes, chunk.number, chunk.fileOffset);
      return () => decoded;
    },
    close: async () => {},
  };
}
