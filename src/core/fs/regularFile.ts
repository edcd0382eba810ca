// Opening files named by users, by folders or by `.hunt` files: only regular files. Opening a
// FIFO blocks until a writer comes (forever), a character device such as /dev/zero never ends
// and a socket cannot be read, so those are refused with a message. The kind is checked with
// stat before opening and again with fstat on the opened descriptor, which is opened with
// O_NONBLOCK so that a path swapped for a FIFO in between cannot block the open either.

import { closeSync, constants, createReadStream, fstatSync, openSync, readFileSync, readSync, statSync, type ReadStream, type Stats } from 'node:fs';
import { open, stat, type FileHandle } from 'node:fs/promises';

const FLAGS = constants.O_RDONLY | (constants.O_NONBLOCK ?? 0);

/** What a non-regular file is ("a FIFO"), or undefined for a regular file. */
export function irregularKind(stats: Stats): string | undefined {
  if (stats.isFile()) return undefined;
  if (stats.isDirectory()) return 'a folder';
  if (stats.isFIFO()) return 'a FIFO';
  if (stats.isSocket()) return 'a socket';
  if (stats.isCharacterDevice()) return 'a character device';
  if (stats.isBlockDevice()) return 'a block device';
  return 'not a regular file';
}

export function notRegularMessage(kind: string): string {
  return `not a regular file (${kind}): refused, only regular files are read`;
}

function refuse(path: string, stats: Stats): void {
  const kind = irregularKind(stats);
  if (kind !== undefined) throw new Error(`${path} is ${notRegularMessage(kind)}`);
}

/** A descriptor of the regular file at `path`; throws with a message for anything else. */
export function openRegularSync(path: string): number {
  refuse(path, statSync(path));
  const fd = openSync(path, FLAGS);
  try {
    refuse(path, fstatSync(fd));
    return fd;
  } catch (error) {
    closeSync(fd);
    throw error;
  }
}

/**
 * Bytes per read: each read is a round trip through libuv's thread pool, and a loader on one
 * thread waits for each. In 64 KiB reads a 200k-event NDJSON load sat idle 650–740 ms, in 1 MiB
 * reads 250–280 ms, most of it start-up (docs/benchmarks.md).
 */
const READ_BYTES = 1024 * 1024;

/** A stream of the regular file at `path` (or of bytes [start, end] of it). */
export function regularReadStream(path: string, range?: { start: number; end: number }): ReadStream {
  return createReadStream(path, { ...range, fd: openRegularSync(path), highWaterMark: READ_BYTES });
}

/** The same as openRegularSync, asynchronously. */
export async function openRegular(path: string): Promise<FileHandle> {
  refuse(path, await stat(path));
  const handle = await open(path, FLAGS);
  try {
    refuse(path, await handle.stat());
    return handle;
  } catch (error) {
    await handle.close();
    throw error;
  }
}

/** The text of a regular file (a `.hunt` file, a list file, an events file). */
export function readRegularTextSync(path: string): string {
  const fd = openRegularSync(path);
  try {
    return readFileSync(fd, 'utf8');
  } finally {
    closeSync(fd);
  }
}

/** Reads into `target` from `position` of `fd` until it is full or the file ends; returns how many bytes. */
export function readFullySync(fd: number, target: Uint8Array, position: number): number {
  let done = 0;
  while (done < target.length) {
    const n = readSync(fd, target, done, target.length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return done;
}
