// Random access to a source's decompressed bytes, synchronously, for raw-event lookup:
// a plain file, a zip member, a .gz (whole or truncated) or a .tar/.tar.gz entry.
// Synchronous on purpose: raw_field() is a SQL function and SQL functions cannot await.
// Loading streams sources through the ingest readers instead; this is only for look-ups.

import { closeSync, fstatSync, openSync, readSync } from 'node:fs';
import { constants, gunzipSync, inflateRawSync } from 'node:zlib';

function readAt(fd: number, position: number, length: number): Buffer {
  const buffer = Buffer.alloc(length);
  let done = 0;
  while (done < length) {
    const n = readSync(fd, buffer, done, length - done, position + done);
    if (n === 0) break;
    done += n;
  }
  return buffer.subarray(0, done);
}

/** Bytes [offset, offset+length) of a plain file, without reading the rest. */
export function readFileRange(path: string, offset: number, length: number): Buffer {
  const fd = openSync(path, 'r');
  try {
    return readAt(fd, offset, length);
  } finally {
    closeSync(fd);
  }
}

function readZipMember(fd: number, path: string, member: string): Buffer {
  const size = fstatSync(fd).size;
  const tailLength = Math.min(size, 65557);
  const tail = readAt(fd, size - tailLength, tailLength);
  const eocd = tail.lastIndexOf(Buffer.from([0x50, 0x4b, 0x05, 0x06]));
  if (eocd < 0) throw new Error(`${path}: not a zip file (no end of central directory)`);
  const entries = tail.readUInt16LE(eocd + 10);
  const directorySize = tail.readUInt32LE(eocd + 12);
  const directoryOffset = tail.readUInt32LE(eocd + 16);
  if (directoryOffset === 0xffffffff) throw new Error(`${path}: zip64 archives are not supported for raw lookup`);
  const directory = readAt(fd, directoryOffset, directorySize);
  for (let at = 0, i = 0; i < entries && at + 46 <= directory.length; i++) {
    const method = directory.readUInt16LE(at + 10);
    const compressedSize = directory.readUInt32LE(at + 20);
    const nameLength = directory.readUInt16LE(at + 28);
    const extraLength = directory.readUInt16LE(at + 30);
    const commentLength = directory.readUInt16LE(at + 32);
    const localOffset = directory.readUInt32LE(at + 42);
    const name = directory.toString('utf8', at + 46, at + 46 + nameLength);
    at += 46 + nameLength + extraLength + commentLength;
    if (name !== member) continue;
    const local = readAt(fd, localOffset, 30);
    const dataOffset = localOffset + 30 + local.readUInt16LE(26) + local.readUInt16LE(28);
    const data = readAt(fd, dataOffset, compressedSize);
    if (method === 0) return data;
    if (method === 8) return inflateRawSync(data, { finishFlush: constants.Z_SYNC_FLUSH });
    throw new Error(`${path}!${member}: zip compression method ${method} is not supported`);
  }
  throw new Error(`${path}: no member named ${member}`);
}

function tarString(block: Buffer, start: number, length: number): string {
  const end = block.indexOf(0, start);
  return block.toString('utf8', start, end < 0 || end > start + length ? start + length : end);
}

function isTar(bytes: Buffer): boolean {
  return bytes.length >= 512 && bytes.toString('latin1', 257, 262) === 'ustar';
}

/** Finds an entry in a tar image; a truncated last entry yields what is there. */
function tarEntry(tar: Buffer, path: string, member: string): Buffer {
  let longName: string | undefined;
  for (let at = 0; at + 512 <= tar.length; ) {
    const header = tar.subarray(at, at + 512);
    if (header.every((b) => b === 0)) break;
    const size = parseInt(tarString(header, 124, 12).trim() || '0', 8);
    const type = String.fromCharCode(header[156]!);
    const body = tar.subarray(at + 512, Math.min(tar.length, at + 512 + size));
    at += 512 + Math.ceil(size / 512) * 512;
    if (type === 'L') { longName = tarString(body, 0, body.length); continue; }
    if (type === 'x') { longName = /(?:^|\n)\d+ path=([^\n]*)\n/.exec(body.toString('utf8'))?.[1]; continue; }
    const prefix = tarString(header, 345, 155);
    const name = longName ?? (prefix ? `${prefix}/${tarString(header, 0, 100)}` : tarString(header, 0, 100));
    longName = undefined;
    if (name === member) return body;
  }
  throw new Error(`${path}: no tar entry named ${member}`);
}

/**
 * The decompressed bytes of a source: the whole file when `member` is null, else the
 * member of the zip, tar or gzip archive at `path`. Truncated gzip streams give what is there.
 */
export function readEntryBytes(path: string, member: string | null): Buffer {
  const fd = openSync(path, 'r');
  try {
    const size = fstatSync(fd).size;
    if (member === null) return readAt(fd, 0, size);
    const magic = readAt(fd, 0, 4);
    if (magic[0] === 0x50 && magic[1] === 0x4b) return readZipMember(fd, path, member);
    const whole = readAt(fd, 0, size);
    if (magic[0] === 0x1f && magic[1] === 0x8b) {
      const inflated = gunzipSync(whole, { finishFlush: constants.Z_SYNC_FLUSH });
      return isTar(inflated) ? tarEntry(inflated, path, member) : inflated;
    }
    if (isTar(whole)) return tarEntry(whole, path, member);
    throw new Error(`${path}: not an archive this reader knows (zip, gzip, tar), cannot find member ${member}`);
  } finally {
    closeSync(fd);
  }
}
