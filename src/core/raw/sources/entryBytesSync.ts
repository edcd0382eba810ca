// One entry's decompressed bytes, synchronously, found by the name loading gave it: the
// raw-record lookup behind raw_field(), which runs inside a SQL function and cannot await.
// `member` is the name openSources() gave the entry; members of a nested archive are
// joined with `!` (`inner.tgz!b.json`). Zip members are read through the central directory
// (or the local headers of a cut-off zip); gzip is inflated with Z_SYNC_FLUSH so a
// truncated stream gives what is there; tar is walked in memory; a .7z (and a Deflate64 zip
// member) is read by 7-Zip, which decompresses the members before it on the way.

import { kMaxLength } from 'node:buffer';
import { closeSync } from 'node:fs';
import { openRegularSync, readFullySync } from '../../fs/regularFile';
import { basename } from 'node:path';
import { constants, gunzipSync } from 'node:zlib';
import { DEFAULT_LIMITS } from './limits';
import { archiveKind, MAGIC_HEAD_BYTES } from './magic';
import { NESTED_SEPARATOR } from './memberName';
import { tarEntriesOf } from './tarBuffer';
import { sevenZipMemberSync, type SevenZipSource } from './sevenZip';
import { zipMemberBytes } from './zipDirectory';
import { bufferAccess, fileAccess, type RandomAccess } from './zipRepair';

/** Bytes [offset, offset + length) of a plain file (fewer at its end), without reading the rest. */
export function readFileRangeSync(path: string, offset: number, length: number): Buffer {
  const fd = openRegularSync(path);
  try {
    return fileAccess(fd).read(offset, length);
  } finally {
    closeSync(fd);
  }
}

/**
 * Reads bytes of a plain file from `offset` into `target` (a caller's reused buffer: a run
 * reading gigabytes in windows allocates none); returns how many (fewer at the file's end).
 */
export function readFileRangeIntoSync(path: string, offset: number, target: Uint8Array): number {
  const fd = openRegularSync(path);
  try {
    return readFullySync(fd, target, offset);
  } finally {
    closeSync(fd);
  }
}

/**
 * The whole decompressed entry: the file itself when `member` is undefined. `occurrence`
 * says which member of that name, per nesting level (loading gave it; the first when absent).
 */
export function readEntryBytesSync(path: string, member?: string, occurrence: readonly number[] = []): Buffer {
  const fd = openRegularSync(path);
  try {
    const file = fileAccess(fd);
    if (member === undefined) return file.read(0, file.size);
    return memberOf(file, { path }, basename(path), member, occurrence, path);
  } finally {
    closeSync(fd);
  }
}

const MAX_OUTPUT = Math.min(DEFAULT_LIMITS.maxBytes, kMaxLength);

/**
 * `member` of the archive `archive` (named `archiveName`; `label` locates it in messages),
 * the `occurrence[0]`-th of that name. The whole name is tried first when no deeper level is
 * given, so a member whose own name holds `!` is still found; then each `!` from the left,
 * descending into the nested archive it ends.
 */
function memberOf(archive: RandomAccess, source: SevenZipSource, archiveName: string, member: string, occurrence: readonly number[], label: string): Buffer {
  const find = memberFinder(archive, source, archiveName, label);
  const [here = 0, ...deeper] = occurrence;
  const whole = occurrence.length <= 1 ? find(member, here) : undefined;
  if (whole) return whole;
  for (let cut = member.indexOf(NESTED_SEPARATOR); cut >= 0; cut = member.indexOf(NESTED_SEPARATOR, cut + 1)) {
    const outer = member.slice(0, cut);
    const nested = find(outer, here);
    if (nested) return memberOf(bufferAccess(nested), { bytes: nested }, basename(outer), member.slice(cut + 1), deeper, `${label}${NESTED_SEPARATOR}${outer}`);
  }
  throw new Error(`${label}: no member named "${member}"${here > 0 ? ` (occurrence ${here + 1} of that name)` : ''}`);
}

/**
 * Looks the n-th member of a name up in one archive (not nested ones); undefined when absent.
 * `source` is the same archive as 7-Zip is given it: its path, or its bytes when nested.
 */
function memberFinder(archive: RandomAccess, source: SevenZipSource, archiveName: string, label: string): (name: string, occurrence: number) => Buffer | undefined {
  const kind = archiveKind(archive.read(0, MAGIC_HEAD_BYTES));
  const failing = (error: unknown): never => {
    throw new Error(`${label}: ${(error as Error).message}`);
  };
  const catching = (find: (name: string, occurrence: number) => Buffer | undefined) => (name: string, occurrence: number): Buffer | undefined => {
    try {
      return find(name, occurrence);
    } catch (error) {
      return failing(error);
    }
  };
  if (kind === 'zip') return catching((name, occurrence) => zipMemberBytes(archive, name, occurrence, MAX_OUTPUT, () => sevenZipMemberSync(source, name, occurrence, MAX_OUTPUT)));
  if (kind === '7z') return catching((name, occurrence) => sevenZipMemberSync(source, name, occurrence, MAX_OUTPUT));
  if (kind === 'tar') return tarFinder(archive.read(0, archive.size));
  if (kind === 'gzip') {
    let inflated: Buffer;
    try {
      inflated = gunzipSync(archive.read(0, archive.size), { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: MAX_OUTPUT });
    } catch (error) {
      return failing(error);
    }
    // As in loading: a .tar.gz holds the tar's entries, any other .gz the one file its name ends in `.gz`.
    if (archiveKind(inflated.subarray(0, MAGIC_HEAD_BYTES)) === 'tar') return tarFinder(inflated);
    const single = archiveName.replace(/\.gz$/i, '');
    return (name, occurrence) => (name === single && occurrence === 0 ? inflated : undefined);
  }
  throw new Error(`${label}: not an archive (zip, 7z, gzip or tar), so it has no members`);
}

function tarFinder(tar: Buffer): (name: string, occurrence: number) => Buffer | undefined {
  return (name, occurrence) => {
    let seen = 0;
    for (const entry of tarEntriesOf(tar)) if (entry.isFile && entry.name === name && seen++ === occurrence) return entry.data;
    return undefined;
  };
}
