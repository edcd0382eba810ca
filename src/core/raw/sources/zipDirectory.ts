// One zip member's bytes, synchronously, through the central directory: what a raw lookup
// needs (it runs inside a SQL function and cannot await). Only the directory and the one
// member are read, so a large archive on disk is not read whole. A zip that has lost its
// directory (cut off) is read from its local headers instead, as loading does (zipScan.ts).
// A Deflate64 member, and any member of a zip64 archive too large to scan, is read by 7-Zip
// (`bySevenZip`), as loading reads it.

import { kMaxLength } from 'node:buffer';
import { constants, inflateRawSync } from 'node:zlib';
import { endOfCentralDirectory, EOCD_BYTES, MAX_EOCD_BYTES } from './zip';
import { decodeZipName, scanLocalMembers, SCAN_MAX_BYTES } from './zipScan';
import { checkedDirectory, type RandomAccess } from './zipRepair';

const CENTRAL_HEADER = 0x02014b50;
const DEFLATE64 = 9;
const LOCAL_HEADER = 0x04034b50;

/**
 * The decompressed bytes of the `occurrence`-th member named `name` (in directory order, as
 * loading reads them), or undefined when the archive has no such member.
 */
export function zipMemberBytes(zip: RandomAccess, name: string, occurrence: number, maxBytes: number, bySevenZip: () => Buffer | undefined): Buffer | undefined {
  const tailStart = Math.max(0, zip.size - MAX_EOCD_BYTES);
  const eocd = endOfCentralDirectory(zip.read(tailStart, zip.size - tailStart), tailStart);
  // Checked as loading checks it, so a lookup reads a member as loading read it (zipRepair.ts).
  const directory = eocd && checkedDirectory(zip, zip.read(eocd.record, EOCD_BYTES));
  if (!directory) return zip.size > SCAN_MAX_BYTES ? bySevenZip() : scannedMemberBytes(zip, name, occurrence, maxBytes);
  let seen = 0;
  for (let at = 0, i = 0; i < directory.entries && at + 46 <= directory.bytes.length; i++) {
    if (directory.bytes.readUInt32LE(at) !== CENTRAL_HEADER) break;
    const flags = directory.bytes.readUInt16LE(at + 8);
    const method = directory.bytes.readUInt16LE(at + 10);
    const compressedSize = directory.bytes.readUInt32LE(at + 20);
    const nameLength = directory.bytes.readUInt16LE(at + 28);
    const localOffset = directory.bytes.readUInt32LE(at + 42);
    const found = decodeZipName(directory.bytes.subarray(at + 46, at + 46 + nameLength), flags);
    at += 46 + nameLength + directory.bytes.readUInt16LE(at + 30) + directory.bytes.readUInt16LE(at + 32);
    if (found !== name || seen++ !== occurrence) continue;
    const refused = directory.notes.find((n) => n.index === i && n.skip);
    if (refused) throw new Error(`member "${name}" ${refused.note}`);
    if (method === DEFLATE64) return bySevenZip();
    const local = zip.read(localOffset, 30);
    if (local.length < 30 || local.readUInt32LE(0) !== LOCAL_HEADER) throw new Error(`member "${name}" has no local header at offset ${localOffset}`);
    const data = zip.read(localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28), compressedSize);
    return inflateMember(name, method, data, maxBytes);
  }
  return undefined;
}

function scannedMemberBytes(zip: RandomAccess, name: string, occurrence: number, maxBytes: number): Buffer | undefined {
  let seen = 0;
  for (const member of scanLocalMembers(zip.read(0, zip.size), () => maxBytes)) {
    if (member.name === name && seen++ === occurrence) return Buffer.from(member.data.buffer, member.data.byteOffset, member.data.byteLength);
  }
  return undefined;
}

function inflateMember(name: string, method: number, data: Buffer, maxBytes: number): Buffer {
  if (method === 0) return data;
  if (method === 8) return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength: Math.min(maxBytes, kMaxLength) });
  throw new Error(`member "${name}": zip compression method ${method} is not supported`);
}
