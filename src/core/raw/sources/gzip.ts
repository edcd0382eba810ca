// Streaming gunzip that keeps what a truncated or damaged .gz holds. zlib runs with
// `finishFlush: Z_SYNC_FLUSH`, so a stream cut short ends quietly with every byte that
// could be inflated; whether the stream was complete is then decided from the gzip
// trailer (CRC-32 and size of the data) compared with what was actually produced.

import { Readable } from 'node:stream';
import { constants, createGunzip, crc32 } from 'node:zlib';
import { INFLATE_CHUNK_BYTES } from './inflate';

export interface GunzipEvents {
  /** Called once when the data did not end with a matching gzip trailer, or inflating failed. */
  incomplete(reason: string, producedBytes: number): void;
}

const TRAILER_BYTES = 8;

export async function* gunzip(input: AsyncIterable<Uint8Array>, events: GunzipEvents): AsyncIterable<Uint8Array> {
  let tail: Uint8Array = new Uint8Array(0);
  async function* tap(): AsyncIterable<Uint8Array> {
    for await (const chunk of input) {
      tail = lastBytes(tail, chunk, TRAILER_BYTES);
      yield chunk;
    }
  }
  const source = Readable.from(tap(), { objectMode: false });
  const inflater = createGunzip({ finishFlush: constants.Z_SYNC_FLUSH, chunkSize: INFLATE_CHUNK_BYTES });
  source.on('error', (error) => inflater.destroy(error));
  source.pipe(inflater);
  let produced = 0;
  let crc = 0;
  try {
    for await (const chunk of inflater as AsyncIterable<Buffer>) {
      produced += chunk.length;
      crc = crc32(chunk, crc);
      yield chunk;
    }
  } catch (error) {
    events.incomplete(`gzip data is damaged (${(error as Error).message})`, produced);
    return;
  } finally {
    source.destroy();
    inflater.destroy();
  }
  if (!trailerMatches(tail, crc, produced)) {
    events.incomplete('gzip data ends unexpectedly (truncated, or followed by stray bytes)', produced);
  }
}

function trailerMatches(tail: Uint8Array, crc: number, size: number): boolean {
  if (tail.length < TRAILER_BYTES) return false;
  const view = new DataView(tail.buffer, tail.byteOffset, tail.byteLength);
  // A concatenated (multi-member) .gz only carries its last member's trailer; such files
  // are rare among log exports and at worst draw a spurious warning, never lost data.
  return view.getUint32(0, true) === crc >>> 0 && view.getUint32(4, true) === size % 2 ** 32;
}

function lastBytes(previous: Uint8Array, chunk: Uint8Array, count: number): Uint8Array {
  if (chunk.length >= count) return chunk.slice(chunk.length - count);
  const joined = new Uint8Array(previous.length + chunk.length);
  joined.set(previous);
  joined.set(chunk, previous.length);
  return joined.slice(Math.max(0, joined.length - count));
}
