// Zip members through yauzl, read lazily one at a time. Names are decoded here rather
// than by yauzl, because yauzl refuses a whole archive over one `..` or absolute name,
// and such names are harmless to us (nothing is extracted; see memberName.ts).

import { regularReadStream } from '../../fs/regularFile';
import { open as openFile } from 'node:fs/promises';
import type { Readable } from 'node:stream';
import { crc32 } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { decodeZipName } from './zipScan';

export interface ZipMember {
  readonly name: string;
  readonly isDirectory: boolean;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  open(): Promise<AsyncIterable<Uint8Array>>;
}

const OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true } as const;

/**
 * Opens a zip file. Bytes after the end-of-central-directory record (published archives
 * sometimes carry a stray newline) make yauzl refuse the file, so the archive is read
 * up to the record's true end and `onStrayBytes` hears how much was ignored.
 */
export async function openZipFile(path: string, onStrayBytes: (count: number) => void): Promise<ZipFile> {
  const handle = await openFile(path, 'r');
  let size: number;
  let tail: Uint8Array;
  try {
    size = (await handle.stat()).size;
    const tailStart = Math.max(0, size - MAX_EOCD_BYTES);
    tail = new Uint8Array(size - tailStart);
    await handle.read(tail, 0, tail.length, tailStart);
  } finally {
    await handle.close();
  }
  const end = endOfCentralDirectory(tail, size - tail.length)?.end;
  if (end === undefined || end === size) return yauzl.openPromise(path, OPTIONS);
  onStrayBytes(size - end);
  return yauzl.fromRandomAccessReaderPromise(new FileRangeReader(path), end, OPTIONS);
}

export function openZipBuffer(bytes: Uint8Array, onStrayBytes: (count: number) => void): Promise<ZipFile> {
  const tailStart = Math.max(0, bytes.length - MAX_EOCD_BYTES);
  const end = endOfCentralDirectory(bytes.subarray(tailStart), tailStart)?.end ?? bytes.length;
  if (end < bytes.length) onStrayBytes(bytes.length - end);
  return yauzl.fromBufferPromise(Buffer.from(bytes.buffer, bytes.byteOffset, end), OPTIONS);
}

/** The record is 22 bytes plus a comment of at most 65535. */
export const EOCD_BYTES = 22;
/** How much of a zip's tail to read to be sure of finding the record. */
export const MAX_EOCD_BYTES = EOCD_BYTES + 0xffff + 1024;

/**
 * The last end-of-central-directory record in `tail` (which starts at `tailStart` in the
 * archive): where the record is, and where the archive really ends (after its comment).
 */
export function endOfCentralDirectory(tail: Uint8Array, tailStart: number): { record: number; end: number } | undefined {
  for (let i = tail.length - EOCD_BYTES; i >= 0; i--) {
    if (tail[i] === 0x50 && tail[i + 1] === 0x4b && tail[i + 2] === 5 && tail[i + 3] === 6) {
      const commentLength = tail[i + 20]! | (tail[i + 21]! << 8);
      if (i + EOCD_BYTES + commentLength <= tail.length) return { record: tailStart + i, end: tailStart + i + EOCD_BYTES + commentLength };
    }
  }
  return undefined;
}

class FileRangeReader extends yauzl.RandomAccessReader {
  constructor(private readonly path: string) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    return regularReadStream(this.path, { start, end: end - 1 });
  }
}

/** Members in central-directory order; closes the zip when iteration ends. */
export async function* zipMembers(zip: ZipFile): AsyncIterable<ZipMember> {
  try {
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const found = entry;
      const name = decodeName(found);
      yield {
        name,
        isDirectory: name.endsWith('/'),
        compressedSize: found.compressedSize,
        uncompressedSize: found.uncompressedSize,
        open: async () => checkedCrc(await zip.openReadStreamPromise(found), found.crc32),
      };
    }
  } finally {
    zip.close();
  }
}

/**
 * yauzl does not verify CRC-32, so a member whose stored bytes were altered would load as if
 * intact: the check fails the stream at its end, and the caller reports the member as damaged.
 */
async function* checkedCrc(stream: AsyncIterable<Uint8Array>, expected: number): AsyncIterable<Uint8Array> {
  let crc = 0;
  for await (const chunk of stream) {
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (crc >>> 0 !== expected >>> 0) {
    throw new Error(`the member's data fails its CRC-32 check (expected ${hex(expected)}, got ${hex(crc)}): it is damaged and records read from it may be wrong`);
  }
}

const hex = (n: number) => (n >>> 0).toString(16).padStart(8, '0');

function nextEntry(zip: ZipFile): Promise<Entry | undefined> {
  return new Promise((resolve, reject) => {
    const cleanup = () => {
      zip.off('entry', onEntry);
      zip.off('end', onEnd);
      zip.off('error', onError);
    };
    const onEntry = (entry: Entry) => { cleanup(); resolve(entry); };
    const onEnd = () => { cleanup(); resolve(undefined); };
    const onError = (error: Error) => { cleanup(); reject(error); };
    zip.on('entry', onEntry);
    zip.on('end', onEnd);
    zip.on('error', onError);
    zip.readEntry();
  });
}

function decodeName(entry: Entry): string {
  return decodeZipName(entry.fileName as unknown as Uint8Array, entry.generalPurposeBitFlag);
}
