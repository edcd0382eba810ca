// Small helpers over byte streams (AsyncIterable<Uint8Array>): peeking at the head of a
// stream without losing it, and collecting a byte range. Archive detection peeks at
// decompressed heads, and raw lookups collect one record's bytes.

/** The first `count` bytes (fewer if the stream is shorter) and the whole stream, replayed. */
export interface Peeked {
  readonly head: Uint8Array;
  readonly stream: AsyncIterable<Uint8Array>;
}

export async function peek(source: AsyncIterable<Uint8Array>, count: number): Promise<Peeked> {
  const iterator = source[Symbol.asyncIterator]();
  const buffered: Uint8Array[] = [];
  let size = 0;
  let done = false;
  while (size < count) {
    const next = await iterator.next();
    if (next.done) {
      done = true;
      break;
    }
    buffered.push(next.value);
    size += next.value.length;
  }
  const head = concat(buffered).subarray(0, count);
  async function* replay(): AsyncIterable<Uint8Array> {
    try {
      yield* buffered;
      if (done) return;
      for (let next = await iterator.next(); !next.done; next = await iterator.next()) yield next.value;
    } finally {
      await iterator.return?.();
    }
  }
  return { head, stream: replay() };
}

export function concat(chunks: readonly Uint8Array[]): Uint8Array {
  if (chunks.length === 1) return chunks[0]!;
  return Buffer.concat(chunks);
}

/** Bytes [offset, offset + length) of a stream, or all of it; stops reading once the range is complete. */
export async function collect(source: AsyncIterable<Uint8Array>, range?: { offset: number; length: number }): Promise<Uint8Array> {
  const start = range?.offset ?? 0;
  const end = range ? range.offset + range.length : Infinity;
  const parts: Uint8Array[] = [];
  let position = 0;
  for await (const chunk of source) {
    const chunkEnd = position + chunk.length;
    if (chunkEnd > start) parts.push(chunk.subarray(Math.max(0, start - position), Math.min(chunk.length, end - position)));
    position = chunkEnd;
    if (position >= end) break;
  }
  return concat(parts);
}
