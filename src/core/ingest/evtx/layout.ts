// The fixed layout of an EVTX file: file header, chunk header and record header fields, with
// their offsets, as documented in libevtx's "Windows XML Event Log (EVTX)" format notes.
// Only constants and small readers live here; parsing decisions live in chunk.ts and fileHeader.ts.

export const FILE_HEADER_SIZE = 4096;
export const CHUNK_SIZE = 65536;
export const CHUNK_HEADER_SIZE = 512;
/** "ElfFile\0" */
export const FILE_SIGNATURE = [0x45, 0x6c, 0x66, 0x46, 0x69, 0x6c, 0x65, 0x00] as const;
/** "ElfChnk\0" */
export const CHUNK_SIGNATURE = [0x45, 0x6c, 0x66, 0x43, 0x68, 0x6e, 0x6b, 0x00] as const;
/** "**\0\0" read as a little-endian uint32. */
export const RECORD_SIGNATURE = 0x00002a2a;
export const RECORD_HEADER_SIZE = 24;

export const FILE_FLAG_DIRTY = 0x1;
export const FILE_FLAG_FULL = 0x2;

/** File header fields. */
export const FH = {
  firstChunk: 8,
  lastChunk: 16,
  nextRecordId: 24,
  headerSize: 32,
  minorVersion: 36,
  majorVersion: 38,
  blockSize: 40,
  chunkCount: 42,
  flags: 120,
  checksum: 124,
  /** The header checksum covers bytes [0, 120). */
  checksummed: 120,
} as const;

/** Chunk header fields. */
export const CH = {
  firstRecordNumber: 8,
  lastRecordNumber: 16,
  firstRecordId: 24,
  lastRecordId: 32,
  headerSize: 40,
  lastRecordOffset: 44,
  freeSpaceOffset: 48,
  recordsChecksum: 52,
  flags: 120,
  headerChecksum: 124,
  /** 64 common-string offsets, then 32 template offsets: both caches of the writer, not needed to read. */
  stringTable: 128,
  templateTable: 384,
} as const;

export function hasSignature(bytes: Uint8Array, offset: number, signature: readonly number[]): boolean {
  if (offset + signature.length > bytes.length) return false;
  for (let i = 0; i < signature.length; i++) if (bytes[offset + i] !== signature[i]) return false;
  return true;
}

export function u16(b: Uint8Array, o: number): number {
  return b[o] | (b[o + 1] << 8);
}

export function u32(b: Uint8Array, o: number): number {
  return (b[o] | (b[o + 1] << 8) | (b[o + 2] << 16) | (b[o + 3] << 24)) >>> 0;
}

/** A uint64 as a JS number: exact below 2^53, which record ids and offsets always are. */
export function u64(b: Uint8Array, o: number): number {
  return u32(b, o) + u32(b, o + 4) * 0x100000000;
}
