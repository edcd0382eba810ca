// Tar entries from a byte stream (tar-stream), tolerant of a cut-off end: the last entry
// yields the bytes that are there and the shortfall is reported, not thrown.

import { Readable } from 'node:stream';
import { extract, type Extract } from 'tar-stream';

type Entry = Extract extends AsyncIterable<infer E> ? E : never;

export interface TarMember {
  readonly name: string;
  readonly isFile: boolean;
  readonly declaredSize: number;
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
      const state: EntryState = { name: entry.header.name, entry, shortReported: false, finished: false };
      current = state;
      yield {
        name: entry.header.name,
        isFile: entry.header.type === 'file' || entry.header.type === 'contiguous-file',
        declaredSize: entry.header.size ?? 0,
        stream: entryBytes(state, events),
      };
      // Entries are sequential: whatever the consumer left unread must be skipped.
      if (!state.finished) await drain(entry);
    }
  } finally {
    source.destroy();
    parser.destroy();
  }
}

interface EntryState {
  readonly name: string;
  readonly entry: Entry;
  shortReported: boolean;
  finished: boolean;
}

async function* entryBytes(state: EntryState, events: TarEvents): AsyncIterable<Uint8Array> {
  const declared = state.entry.header.size ?? 0;
  let read = 0;
  try {
    for await (const chunk of state.entry as AsyncIterable<Uint8Array>) {
      read += chunk.length;
      yield chunk;
    }
  } catch {
    // tar-stream destroys the entry when the archive ends inside it.
  }
  state.finished = true;
  if (read < declared) {
    state.shortReported = true;
    events.short(state.name, `entry is truncated: ${read} of ${declared} bytes present`);
  }
}

async function drain(entry: Entry): Promise<void> {
  if (entry.destroyed) return;
  try {
    for await (const _chunk of entry) {
      // discard
    }
  } catch {
    // a truncated entry: the outer iterator reports it
  }
}
