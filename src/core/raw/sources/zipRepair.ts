// A zip's central directory checked against its local headers before anyone reads it, for
// loading (yauzl) and raw lookups (zipDirectory.ts) alike. The directory is metadata an
// attacker writes: a member flagged as encrypted made yauzl stop the whole archive ("size
// mismatch 284 != 284"), and a size that disagrees with the member's local header lost its
// records or stopped the archive. Here each entry is looked at once: an encrypted member is
// marked to be skipped (its flag cleared so the next members still enumerate), sizes that
// disagree with the local header are taken from the local header (where the data is; its
// CRC-32 then says whether that was right), and each change is a note naming the member.

import { fstatSync } from 'node:fs';
import { readFullySync } from '../../fs/regularFile';
import { decodeZipName } from './zipScan';

/** Bytes addressable by position: a file descriptor or a buffer in memory. */
export interface RandomAccess {
  readonly size: number;
  /** Up to `length` bytes from `position` (fewer at the end). */
  read(position: number, length: number): Buffer;
}

export function fileAccess(fd: number): RandomAccess {
  return {
    size: fstatSync(fd).size,
    read(position, length) {
      const buffer = Buffer.alloc(Math.max(0, Math.min(length, this.size - position)));
      return buffer.subarray(0, readFullySync(fd, buffer, position));
    },
  };
}

export function bufferAccess(bytes: Buffer): RandomAccess {
  return { size: bytes.length, read: (position, length) => bytes.subarray(position, position + length) };
}

const CENTRAL_HEADER = 0x02014b50;
const LOCAL_HEADER = 0x04034b50;
/** Bit 0, encrypted; bit 6, strong encryption (yauzl stops the whole archive at it). */
const ENCRYPTED = 0x1 | 0x40;
const HAS_DATA_DESCRIPTOR = 0x8;

export interface DirectoryNote {
  /** The entry's position in the central directory. */
  readonly index: number;
  readonly name: string;
  readonly note: string;
  /** The member cannot be read (encrypted): skip it. */
  readonly skip: boolean;
}

export interface RepairedDirectory {
  /** The directory as it should have been written (the same bytes when nothing was wrong). */
  readonly bytes: Buffer;
  readonly notes: readonly DirectoryNote[];
}

export interface CheckedDirectory extends RepairedDirectory {
  /** Where the directory starts in the archive. */
  readonly offset: number;
  readonly entries: number;
}

/**
 * The central directory the end-of-central-directory `record` points at, checked and
 * repaired; undefined when it is not there (zip64 included: left to yauzl as it is).
 */
export function checkedDirectory(zip: RandomAccess, record: Buffer): CheckedDirectory | undefined {
  const entries = record.readUInt16LE(10);
  const size = record.readUInt32LE(12);
  const offset = record.readUInt32LE(16);
  if (entries === 0xffff || offset === 0xffffffff || offset + size > zip.size) return undefined;
  const bytes = zip.read(offset, size);
  if (entries > 0 && bytes.readUInt32LE(0) !== CENTRAL_HEADER) return undefined;
  return { offset, entries, ...repairDirectory(bytes, entries, (local) => zip.read(local, 30)) };
}

/**
 * `directory`: the central directory's bytes, `entries` long; `readLocal(offset)` gives the 30
 * bytes of a local header (fewer past the end of the archive).
 */
export function repairDirectory(directory: Buffer, entries: number, readLocal: (offset: number) => Buffer): RepairedDirectory {
  let bytes = directory;
  const notes: DirectoryNote[] = [];
  const writable = (): Buffer => (bytes === directory ? (bytes = Buffer.from(directory)) : bytes);
  for (let at = 0, index = 0; index < entries && at + 46 <= bytes.length; index++) {
    if (bytes.readUInt32LE(at) !== CENTRAL_HEADER) break;
    const flags = bytes.readUInt16LE(at + 8);
    const method = bytes.readUInt16LE(at + 10);
    const compressed = bytes.readUInt32LE(at + 20);
    const uncompressed = bytes.readUInt32LE(at + 24);
    const nameLength = bytes.readUInt16LE(at + 28);
    const localOffset = bytes.readUInt32LE(at + 42);
    const name = decodeZipName(bytes.subarray(at + 46, at + 46 + nameLength), flags);
    const note = (text: string, skip = false): void => void notes.push({ index, name, note: text, skip });
    if (flags & ENCRYPTED) {
      writable().writeUInt16LE(flags & ~ENCRYPTED, at + 8);
      note('is encrypted (its flag is set); Huntbench does not decrypt members: member skipped', true);
    } else if (compressed !== 0xffffffff && uncompressed !== 0xffffffff) {
      const local = readLocal(localOffset);
      const localSizes = local.length >= 30 && local.readUInt32LE(0) === LOCAL_HEADER && !(local.readUInt16LE(6) & HAS_DATA_DESCRIPTOR)
        ? { compressed: local.readUInt32LE(18), uncompressed: local.readUInt32LE(22) } : undefined;
      let c = compressed;
      let u = uncompressed;
      if (localSizes && (localSizes.compressed !== c || localSizes.uncompressed !== u)) {
        note(`the central directory says ${c} bytes (${u} uncompressed) and the local header ${localSizes.compressed} (${localSizes.uncompressed}); read by the local header's sizes`);
        ({ compressed: c, uncompressed: u } = localSizes);
      }
      if (method === 0 && c !== u) {
        note(`is stored (not compressed) yet declares ${c} bytes stored and ${u} uncompressed; read as ${c} bytes`);
        u = c;
      }
      if (c !== compressed || u !== uncompressed) {
        writable().writeUInt32LE(c, at + 20);
        bytes.writeUInt32LE(u, at + 24);
      }
    }
    at += 46 + nameLength + bytes.readUInt16LE(at + 30) + bytes.readUInt16LE(at + 32);
  }
  return { bytes, notes };
}
