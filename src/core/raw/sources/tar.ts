// Tar entries from a byte stream (tar-stream), tolerant of a cut-off end: the last entry
// yields the bytes that are there and the shortfall is reported, not thrown.
//
// Entries are sequential, so whatever the consumer leaves of one (unread, or abandoned
// part-way) is read through here before the next header. An entry's own iterator is never
// returned: in tar-stream, destroying an entry destroys the whole parser, and an iterator
// asked for the next entry after that waits forever.

import { Readable } from 'node:stream';
import { extract, type Extract } from 'tar-stream';

type Entry = Extract extends AsyncIterable<infer E> ? E : never;

export interface TarMember {
  readonly name: string;
  readonly isFile: boolean;
  /** For an entry that is neither a regular file nor a directory, what it is in words: `a symbolic link to "x"`, `a FIFO`. */
  readonly special: string | undefined;
  /** The entry's bytes; ends early (after `onShort`) when the archive is truncated. */
  readonly stream: AsyncIterable<Uint8Array>;
}

export interface TarEvents {
  /** The archive ended inside an entry or before its end-of-archive blocks. */
  short(member: string | undefined, reason: string): void;
}

export async function* tarMembers(input: AsyncIterable<Uint8Array>, events: TarEvents): AsyncIterable<TarMember> {
  const parser = extract();
  const source = Readable.from(input, { objectMode: false });
  source.on('error', (error) => parser.destroy(error));
  source.pipe(parser);
  const iterator = parser[Symbol.asyncIterator]();
  let current: EntryState | undefined;
  try {
    for (;;) {
      let next: IteratorResult<Entry>;
      try {
        next = await iterator.next();
      } catch (error) {
        if (!current?.shortReported) events.short(current?.name, (error as Error).message);
        return;
      }
      if (next.done) return;
      const entry = next.value;
      const state = entryState(entry);
      current = state;
      const isFile = entry.header.type === 'file' || entry.header.type === 'contiguous-file';
      yield {
        name: entry.header.name,
        isFile,
        special: isFile || entry.header.type === 'directory' ? undefined : special(entry.header),
        stream: entryBytes(state, events),
      };
      while (await nextChunk(state, events)) {
        // the rest of the entry, which the consumer did not read
      }
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}

function special({ type, linkname }: Entry['header']): string {
  switch (type) {
    case 'symlink': return `a symbolic link to "${linkname ?? ''}"`;
    case 'link': return `a hard link to "${linkname ?? ''}"`;
    case 'character-device': return 'a character device';
    case 'block-device': return 'a block device';
    case 'fifo': return 'a FIFO';
    default: return 'an entry of another type (not a file, link, device, FIFO or directory)';
  }
}

interface EntryState {
  readonly name: string;
  readonly declared: number;
  readonly chunks: AsyncIterator<Uint8Array>;
  read: number;
  ended: boolean;
  shortReported: boolean;
  /** The latest read: each waits for the one before (see nextChunk). */
  reading: Promise<Uint8Array | undefined>;
}

function entryState(entry: Entry): EntryState {
  const declared = entry.header.size ?? 0;
  // tar-stream streams no data for a directory, whatever size its header declares: its stream never ends.
  const ended = declared === 0 || entry.header.type === 'directory';
  const chunks = (entry as AsyncIterable<Uint8Array>)[Symbol.asyncIterator]();
  return { name: entry.header.name, declared, chunks, read: 0, ended, shortReported: false, reading: Promise.resolve(undefined) };
}

async function* entryBytes(state: EntryState, events: TarEvents): AsyncIterable<Uint8Array> {
  for (let chunk = await nextChunk(state, events); chunk; chunk = await nextChunk(state, events)) yield chunk;
}

/**
 * The entry's next bytes, or undefined at its end. Reads go one at a time: a consumer that
 * stops may leave one in flight when the rest is read through, and a streamx iterator asked
 * twice at once answers only the second (the first would never settle).
 */
function nextChunk(state: EntryState, events: TarEvents): Promise<Uint8Array | undefined> {
  state.reading = state.reading.then(() => readChunk(state, events));
  return state.reading;
}

/** One read of the entry's iterator; an entry cut short is reported once. */
async function readChunk(state: EntryState, events: TarEvents): Promise<Uint8Array | undefined> {
  if (state.ended) return undefined;
  try {
    const next = await state.chunks.next();
    if (!next.done) {
      state.read += next.value.length;
      return next.value;
    }
  } catch {
    // tar-stream destroys the entry when the archive ends inside it.
  }
  state.ended = true;
  if (state.read < state.declared) {
    state.shortReported = true;
    events.short(state.name, `entry is truncated: ${state.read} of ${state.declared} bytes present`);
  }
  return undefined;
}
