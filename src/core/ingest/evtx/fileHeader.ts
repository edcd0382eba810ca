// The 4 KiB EVTX file header: signature, version, chunk count, next record id and the
// dirty/full flags, with its CRC32 (over the first 120 bytes) checked. Problems are returned
// as warnings: a bad header does not stop the chunks from being read.

import { crc32 } from './crc32';
import { FH, FILE_FLAG_DIRTY, FILE_FLAG_FULL, FILE_HEADER_SIZE, FILE_SIGNATURE, hasSignature, u16, u32, u64 } from './layout';

export interface FileHeader {
  readonly valid: boolean;
  readonly majorVersion: number;
  readonly minorVersion: number;
  readonly chunkCount: number;
  readonly nextRecordId: number;
  readonly dirty: boolean;
  readonly full: boolean;
  readonly warnings: string[];
}

export function readFileHeader(bytes: Uint8Array): FileHeader {
  const warnings: string[] = [];
  if (bytes.length < FILE_HEADER_SIZE) warnings.push(`file header truncated: ${bytes.length} of ${FILE_HEADER_SIZE} bytes`);
  const valid = hasSignature(bytes, 0, FILE_SIGNATURE) && bytes.length >= FH.checksum + 4;
  if (!valid) {
    warnings.push('no "ElfFile" signature at offset 0: not an EVTX file header; looking for chunks anyway');
    return { valid, majorVersion: 0, minorVersion: 0, chunkCount: 0, nextRecordId: 0, dirty: false, full: false, warnings };
  }
  const stored = u32(bytes, FH.checksum);
  const computed = crc32(bytes, 0, FH.checksummed);
  if (stored !== computed) warnings.push(`file header checksum mismatch (stored 0x${stored.toString(16)}, computed 0x${computed.toString(16)}) at offset ${FH.checksum}`);
  const flags = u32(bytes, FH.flags);
  const dirty = (flags & FILE_FLAG_DIRTY) !== 0;
  if (dirty) warnings.push('file header is marked dirty (not cleanly closed, e.g. copied from a live system): reading every chunk present, not only those the header counts');
  const majorVersion = u16(bytes, FH.majorVersion);
  if (majorVersion !== 3) warnings.push(`unexpected format version ${majorVersion}.${u16(bytes, FH.minorVersion)} (expected 3.x)`);
  return {
    valid,
    majorVersion,
    minorVersion: u16(bytes, FH.minorVersion),
    chunkCount: u16(bytes, FH.chunkCount),
    nextRecordId: u64(bytes, FH.nextRecordId),
    dirty,
    full: (flags & FILE_FLAG_FULL) !== 0,
    warnings,
  };
}
