// Zip members through yauzl, read lazily one at a time. Names are decoded here rather
// than by yauzl, because yauzl refuses a whole archive over one `..` or absolute name,
// and such names are harmless to us (nothing is extracted; see memberName.ts).

import { closeSync } from 'node:fs';
import { pipeline, Readable } from 'node:stream';
import { openRegularSync, regularReadStream } from '../../fs/regularFile';
import { crc32, createInflateRaw } from 'node:zlib';
import yauzl, { type Entry, type ZipFile } from 'yauzl';
import { INFLATE_CHUNK_BYTES } from './inflate';
import { decodeZipName } from './zipScan';
import { bufferAccess, checkedDirectory, fileAccess, type CheckedDirectory, type DirectoryNote, type RandomAccess } from './zipRepair';

export interface ZipMember {
  readonly name: string;
  readonly isDirectory: boolean;
  /** What the directory check found wrong with this member (zipRepair.ts), if anything. */
  readonly note?: DirectoryNote;
  readonly compressedSize: number;
  readonly uncompressedSize: number;
  /** The compression method (0 stored, 8 deflate, 9 Deflate64, ...). */
  readonly method: number;
  open(): Promise<AsyncIterable<Uint8Array>>;
}

const OPTIONS = { lazyEntries: true, autoClose: false, decodeStrings: false, validateEntrySizes: true } as const;

/** An opened zip, and what the check of its central directory found (zipRepair.ts). */
export interface OpenedZip {
  readonly zip: ZipFile;
  readonly notes: readonly DirectoryNote[];
}

/** The directory of the archive `access`, checked; where its end-of-directory record ends. */
function directoryOf(access: RandomAccess): { end: number | undefined; directory: CheckedDirectory | undefined } {
  const tailStart = Math.max(0, access.size - MAX_EOCD_BYTES);
  const eocd = endOfCentralDirectory(access.read(tailStart, access.size - tailStart), tailStart);
  return { end: eocd?.end, directory: eocd && checkedDirectory(access, access.read(eocd.record, EOCD_BYTES)) };
}

/**
 * Opens a zip file. Bytes after the end-of-central-directory record (published archives
 * sometimes carry a stray newline) make yauzl refuse the file, so the archive is read
 * up to the record's true end and `onStrayBytes` hears how much was ignored. yauzl reads
 * the repaired directory when the check changed it.
 */
export async function openZipFile(path: string, onStrayBytes: (count: number) => void): Promise<OpenedZip> {
  const fd = openRegularSync(path);
  let size: number;
  let found: ReturnType<typeof directoryOf>;
  try {
    const access = fileAccess(fd);
    size = access.size;
    found = directoryOf(access);
  } finally {
    closeSync(fd);
  }
  const { end, directory } = found;
  if (end !== undefined && end < size) onStrayBytes(size - end);
  const repaired = directory && directory.notes.length > 0 ? { offset: directory.offset, bytes: directory.bytes } : undefined;
  if ((end === undefined || end === size) && !repaired) return { zip: await yauzl.openPromise(path, OPTIONS), notes: [] };
  return { zip: await yauzl.fromRandomAccessReaderPromise(new FileRangeReader(path, repaired), end ?? size, OPTIONS), notes: directory?.notes ?? [] };
}

export async function openZipBuffer(bytes: Uint8Array, onStrayBytes: (count: number) => void): Promise<OpenedZip> {
  let image = Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const { end = image.length, directory } = directoryOf(bufferAccess(image));
  if (end < image.length) onStrayBytes(image.length - end);
  if (directory && directory.notes.length > 0) {
    image = Buffer.from(image);
    directory.bytes.copy(image, directory.offset);
  }
  return { zip: await yauzl.fromBufferPromise(image.subarray(0, end), OPTIONS), notes: directory?.notes ?? [] };
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
  /** `repaired`: directory bytes to read instead of the file's at `offset`. */
  constructor(private readonly path: string, private readonly repaired?: { readonly offset: number; readonly bytes: Buffer }) {
    super();
  }

  override _readStreamForRange(start: number, end: number): Readable {
    const r = this.repaired;
    if (!r || end <= r.offset || start >= r.offset + r.bytes.length) return regularReadStream(this.path, { start, end: end - 1 });
    // A read that touches the directory is small: take it from the file, then lay the repair over it.
    const fd = openRegularSync(this.path);
    let bytes: Buffer;
    try {
      bytes = fileAccess(fd).read(start, end - start);
    } finally {
      closeSync(fd);
    }
    const from = Math.max(start, r.offset);
    r.bytes.copy(bytes, from - start, from - r.offset, Math.min(end, r.offset + r.bytes.length) - r.offset);
    return Readable.from([bytes]);
  }
}

/** Members in central-directory order, each with its note; closes the zip when iteration ends. */
export async function* zipMembers({ zip, notes }: OpenedZip): AsyncIterable<ZipMember> {
  try {
    let index = 0;
    for (let entry = await nextEntry(zip); entry; entry = await nextEntry(zip)) {
      const found = entry;
      const name = decodeName(found);
      const note = notes.find((n) => n.index === index);
      index++;
      yield {
        name,
        isDirectory: name.endsWith('/'),
        ...(note ? { note } : {}),
        compressedSize: found.compressedSize,
        uncompressedSize: found.uncompressedSize,
        method: found.compressionMethod,
        open: () => memberBytes(zip, found),
      };
    }
  } finally {
    zip.close();
  }
}

/**
 * A member's bytes. Deflate is inflated here rather than by yauzl, whose inflater gives
 * 16 KiB pieces (inflate.ts); yauzl still reads the member's stored bytes, and refuses
 * encrypted members and methods zlib lacks.
 */
async function memberBytes(zip: ZipFile, entry: Entry): Promise<AsyncIterable<Uint8Array>> {
  if (entry.compressionMethod !== 8 || entry.isEncrypted()) return checked(await zip.openReadStreamPromise(entry), entry);
  const inflater = createInflateRaw({ chunkSize: INFLATE_CHUNK_BYTES });
  // pipeline() passes a read error on to the inflater, which the reader iterates.
  pipeline(await zip.openReadStreamPromise(entry, { decodeFileData: false }), inflater, () => {});
  return checked(inflater, entry);
}

/**
 * yauzl does not verify CRC-32, so a member whose stored bytes were altered would load as if
 * intact: the check fails the stream at its end, and the caller reports the member as damaged.
 * The size is checked as it grows (as yauzl's `validateEntrySizes` does for its own inflater):
 * a member that inflates to more than its directory entry says is kept up to that size.
 */
async function* checked(stream: AsyncIterable<Uint8Array>, entry: Entry): AsyncIterable<Uint8Array> {
  let crc = 0;
  let size = 0;
  for await (const chunk of stream) {
    size += chunk.length;
    if (size > entry.uncompressedSize) {
      yield chunk.subarray(0, chunk.length - (size - entry.uncompressedSize));
      throw new Error(`the member inflates to more than the ${entry.uncompressedSize} bytes its directory entry gives: it is damaged`);
    }
    crc = crc32(chunk, crc);
    yield chunk;
  }
  if (size < entry.uncompressedSize) {
    throw new Error(`the member ends after ${size} of the ${entry.uncompressedSize} bytes its directory entry gives: it is damaged and records read from it may be wrong`);
  }
  if (crc >>> 0 !== entry.crc32 >>> 0) {
    throw new Error(`the member's data fails its CRC-32 check (expected ${hex(entry.crc32)}, got ${hex(crc)}): it is damaged and records read from it may be wrong`);
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
