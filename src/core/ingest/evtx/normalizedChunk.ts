// A chunk decoded all the way to normalized events: the unit of work of the worker pool, so
// workers take normalization off the main thread too, and the inline path runs the very same
// function (identical results whichever path a chunk takes).

import type { NormalizedEvent } from '../../schema/columns';
import type { WinEvent } from '../../types/records';
import { EventData } from '../normalize/eventData';
import { normalizeWinEvent, normalizeWinEventData } from '../normalize/windows';
import { decodeChunk, readWinEvent, withHeaderDefaults, type DecodedChunk, type RecordReading } from './chunk';
import { RECORD_HEADER_SIZE } from './layout';
import type { ChunkDecoder } from './records';

export interface ClosableDecoder extends ChunkDecoder<NormalizedEvent> {
  close(): Promise<void>;
}

export function decodeNormalizedChunk(bytes: Uint8Array, chunk: number, fileOffset: number): DecodedChunk<NormalizedEvent> {
  return decodeChunk(bytes, chunk, fileOffset, readNormalized);
}

/**
 * A record's normalized row. Where a plan allows, its data fields are rendered only when a
 * mapper asks for them (about a third of them on the bench corpus). TimeCreated is the
 * record's SystemTime: it may overrule a UtcTime from a wrong clock.
 */
const readNormalized: RecordReading<NormalizedEvent> = (reader, pos, size) => {
  const lazy = reader.lazy(pos + RECORD_HEADER_SIZE, pos + size - 4);
  if (!lazy) return normalizeWinEvent(readWinEvent(reader, pos, size), true);
  return normalizeRenderedWhenAsked(withHeaderDefaults(lazy.event, reader.bytes, pos), lazy.field);
};

/** The row of a record whose System fields are read and whose data `field` renders by name when a mapper asks. */
export function normalizeRenderedWhenAsked(event: Omit<WinEvent, 'data'>, field: (name: string) => string | undefined): NormalizedEvent {
  return normalizeWinEventData(event, new RenderedWhenAsked(field), true);
}

const NO_FIELDS: Readonly<Record<string, string>> = Object.freeze(Object.create(null) as Record<string, string>);

/** A lazily read record's data: each field rendered when a mapper asks for it. */
class RenderedWhenAsked extends EventData {
  constructor(private readonly lookup: (name: string) => string | undefined) {
    super(NO_FIELDS);
  }

  protected override field(name: string): string | undefined {
    return this.lookup(name);
  }
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
