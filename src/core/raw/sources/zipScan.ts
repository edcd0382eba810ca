// Reading a zip that has lost its end: a truncated download has no central directory,
// so yauzl cannot open it. The members are still there, each behind a local file header;
// this walks those headers front to back and inflates what each member holds, the last
// one as far as its bytes go. The archive is read into memory, so only archives up to
// SCAN_MAX_BYTES are scanned this way; a member is inflated in one piece, so never past
// what the caller allows (the bomb budget's room).

import { kMaxLength } from 'node:buffer';
import { constants, inflateRawSync } from 'node:zlib';

export const SCAN_MAX_BYTES = 1024 * 1024 * 1024;

const LOCAL_HEADER = 0x04034b50;
const DATA_DESCRIPTOR = 0x08074b50;
const HAS_DATA_DESCRIPTOR = 0x8;

export interface ScannedMember {
  readonly name: string;
  readonly data: Uint8Array;
  /** Why the member is incomplete, when it is. */
  readonly short?: string;
  /** It inflates to more than the caller allowed: none of it is given, and the scan ends. */
  readonly pastLimit?: boolean;
}

const utf8 = new TextDecoder('utf-8');
const latin1 = new TextDecoder('latin1');

/** A member name as stored in a zip header with general-purpose `flags`. */
export function decodeZipName(raw: Uint8Array, flags: number): string {
  // Bit 11: the name is UTF-8; otherwise CP437, whose printable ASCII part latin1 matches.
  return (flags & 0x800 ? utf8 : latin1).decode(raw);
}

/** `maxOutputBytes` is asked before each member is inflated. */
export function* scanLocalMembers(bytes: Buffer, maxOutputBytes: () => number): Generator<ScannedMember> {
  let at = 0;
  while (at + 30 <= bytes.length && bytes.readUInt32LE(at) === LOCAL_HEADER) {
    const flags = bytes.readUInt16LE(at + 6);
    const method = bytes.readUInt16LE(at + 8);
    const compressedSize = bytes.readUInt32LE(at + 18);
    const size = bytes.readUInt32LE(at + 22);
    const nameEnd = at + 30 + bytes.readUInt16LE(at + 26);
    const dataStart = nameEnd + bytes.readUInt16LE(at + 28);
    const name = decodeZipName(bytes.subarray(at + 30, Math.min(nameEnd, bytes.length)), flags);
    if (dataStart > bytes.length) {
      yield { name, data: new Uint8Array(0), short: 'the archive ends inside its header' };
      return;
    }
    const sizesKnown = !(flags & HAS_DATA_DESCRIPTOR) || compressedSize !== 0;
    const available = bytes.subarray(dataStart, sizesKnown ? Math.min(bytes.length, dataStart + compressedSize) : bytes.length);
    let data: Uint8Array;
    let consumed: number;
    if (method === 0) {
      if (!sizesKnown) return; // a stored member of unknown length cannot be delimited
      data = available;
      consumed = available.length;
    } else if (method === 8) {
      let inflated: { buffer: Buffer; engine: { bytesWritten: number } };
      try {
        const maxOutputLength = Math.min(Math.max(1, maxOutputBytes()), kMaxLength); // zlib takes no 0
        inflated = inflateRawSync(available, { info: true, finishFlush: constants.Z_SYNC_FLUSH, maxOutputLength }) as unknown as typeof inflated;
      } catch (error) {
        if ((error as { code?: string }).code === 'ERR_BUFFER_TOO_LARGE') yield { name, data: new Uint8Array(0), pastLimit: true };
        else yield { name, data: new Uint8Array(0), short: `cannot inflate this member (${(error as Error).message})` };
        return;
      }
      data = inflated.buffer;
      consumed = inflated.engine.bytesWritten;
    } else {
      yield { name, data: new Uint8Array(0), short: `compression method ${method} is not supported` };
      return;
    }
    const end = dataStart + consumed;
    const cut = sizesKnown ? data.length < size : end >= bytes.length;
    if (cut) {
      yield { name, data, short: `the archive ends inside this member (${data.length} bytes recovered)` };
      return;
    }
    yield { name, data };
    at = end;
    if (flags & HAS_DATA_DESCRIPTOR) at += bytes.length >= at + 4 && bytes.readUInt32LE(at) === DATA_DESCRIPTOR ? 16 : 12;
  }
}
