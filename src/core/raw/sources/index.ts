// Sources: a path on disk becomes the loadable entries it holds. A plain file is one
// entry; a .zip, .gz, .tar, .tar.gz/.tgz yields its members (recognised by magic bytes,
// not by name), and an archive inside an archive is opened one level deep. Everything
// streams; archive members are never written to disk. Damage (truncation, bombs, odd
// names) is reported through `context.warn` and reading keeps whatever is readable.
//
//   openSources(path) -> SourceEntry { path, member, open() }   (consumed by ingest/load.ts)
//   readEntryBytes(path, member, range)                           (raw record lookups;
//   readEntryBytesSync in entryBytesSync.ts is the same lookup for SQL functions, which cannot await)

import { basename } from 'node:path';
import type { SourceEntry } from '../../types/records';
import { openRegular, regularReadStream } from '../../fs/regularFile';
import { readEntryBytesSync, readFileRangeSync } from './entryBytesSync';
import { archiveEntries, newExpansion, type SourceContext } from './expand';
import { DEFAULT_LIMITS } from './limits';
import { archiveKind, MAGIC_HEAD_BYTES } from './magic';

export type { SourceContext } from './expand';
export type { ArchiveLimits } from './limits';
export { DEFAULT_LIMITS } from './limits';
export { readEntryBytesSync, readFileRangeIntoSync, readFileRangeSync } from './entryBytesSync';

/**
 * The entries of `path`. Archive members' `open()` may be called once, and only while
 * this iteration is at that entry (tar and gzip are read front to back). A plain file's
 * `open()` may be called any time.
 */
export async function* openSources(path: string, context: SourceContext): AsyncIterable<SourceEntry> {
  const { head, size } = await readHead(path);
  const kind = archiveKind(head);
  if (!kind) {
    yield { path, open: () => regularReadStream(path) };
    return;
  }
  const run = newExpansion(path, size, context, { ...DEFAULT_LIMITS, ...context.limits });
  yield* archiveEntries(run, kind, undefined, '', [], basename(path));
}

/**
 * The decompressed bytes of one entry (`member` undefined for a plain file), or only
 * `range` of them. A plain file is read only over the range.
 */
export async function readEntryBytes(path: string, member?: string, range?: { offset: number; length: number }): Promise<Uint8Array> {
  if (member === undefined) return range ? readFileRangeSync(path, range.offset, range.length) : readEntryBytesSync(path);
  const bytes = readEntryBytesSync(path, member);
  return range ? bytes.subarray(range.offset, range.offset + range.length) : bytes;
}

async function readHead(path: string): Promise<{ head: Uint8Array; size: number }> {
  const handle = await openRegular(path);
  try {
    const stats = await handle.stat();
    const head = new Uint8Array(MAGIC_HEAD_BYTES);
    const { bytesRead } = await handle.read(head, 0, MAGIC_HEAD_BYTES, 0);
    return { head: head.subarray(0, bytesRead), size: stats.size };
  } finally {
    await handle.close();
  }
}
