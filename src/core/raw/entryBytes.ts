// The store's view of source bytes for raw-event lookup: a range of a plain file, or a
// whole decompressed archive member. Synchronous on purpose: raw_field() is a SQL function
// and SQL functions cannot await. The archive reading itself is raw/sources' (one
// implementation for loading and lookups); this only adapts the store's `member: null`.

import { readEntryBytesSync, readFileRangeIntoSync, readFileRangeSync } from './sources';

/** Bytes [offset, offset+length) of a plain file, without reading the rest. */
export const readFileRange = readFileRangeSync;

/** Bytes of a plain file from `offset` into a reused buffer; returns how many were read. */
export const readFileRangeInto = readFileRangeIntoSync;

/**
 * The decompressed bytes of a source: the whole file when `member` is null, else the
 * member (nested members joined by `!`; `occurrence` picks among members of one name) of
 * the zip, tar or gzip archive at `path`.
 */
export function readEntryBytes(path: string, member: string | null, occurrence?: readonly number[]): Buffer {
  return readEntryBytesSync(path, member ?? undefined, occurrence);
}
