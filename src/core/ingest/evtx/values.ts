// BinXML value types (MS-EVEN6 2.2.13 / libevtx "Value types") and how a substitution value is
// rendered as text. Rendering follows what Windows writes when it exports a log as XML
// (Event Viewer, wevtutil), so a binary .evtx and its XML export give the same strings:
// GUIDs upper case in braces, HexInt as 0x<lower hex> without padding, booleans true/false,
// binary as upper-case hex, FILETIME as ISO 8601 UTC with nine fractional digits (the 100 ns
// precision padded with two zeros, as Windows 7/10 exports and libevtx write it).

import { u16, u32 } from './layout';

export const VT = {
  null: 0x00,
  string: 0x01,
  ansi: 0x02,
  int8: 0x03,
  uint8: 0x04,
  int16: 0x05,
  uint16: 0x06,
  int32: 0x07,
  uint32: 0x08,
  int64: 0x09,
  uint64: 0x0a,
  real32: 0x0b,
  real64: 0x0c,
  bool: 0x0d,
  binary: 0x0e,
  guid: 0x0f,
  sizeT: 0x10,
  filetime: 0x11,
  systemtime: 0x12,
  sid: 0x13,
  hexInt32: 0x14,
  hexInt64: 0x15,
  binXml: 0x21,
  arrayFlag: 0x80,
} as const;

/** Separator between the elements of an array value rendered as one string. */
export const ARRAY_SEPARATOR = ', ';

const latin1Decoder = new TextDecoder('latin1');
/**
 * Buffer's UTF-16LE decoding, which takes any Uint8Array at any offset: ~120 ns for a 30-char
 * string against ~240 for TextDecoder, whose calls were 8% of an EVTX chunk worker's time.
 */
const ucs2Slice = (Buffer.prototype as unknown as { ucs2Slice(this: Uint8Array, start: number, end: number): string }).ucs2Slice;

/**
 * `chars` UTF-16LE code units at `offset`, each as it is (a lone surrogate stays one, as a JS
 * string holds it). Strings of up to 8 are built directly: cheaper than a native call.
 */
export function readUtf16(b: Uint8Array, offset: number, chars: number): string {
  if (chars <= 8) {
    let s = '';
    for (let i = 0, o = offset; i < chars; i++, o += 2) s += String.fromCharCode(b[o] | (b[o + 1] << 8));
    return s;
  }
  return ucs2Slice.call(b, offset, offset + chars * 2);
}

/** Writers pad strings with NULs; Windows drops them when rendering. UTF-16: they are left out before decoding. */
function stripNuls(s: string): string {
  let end = s.length;
  while (end > 0 && s.charCodeAt(end - 1) === 0) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** The UTF-16LE string of `size` bytes at `o`, without the NULs padding its end. */
function utf16Value(b: Uint8Array, o: number, size: number): string {
  let chars = size >>> 1;
  while (chars > 0 && b[o + chars * 2 - 2] === 0 && b[o + chars * 2 - 1] === 0) chars--;
  return readUtf16(b, o, chars);
}

/** Seconds from 1601-01-01 to 1970-01-01 (the FILETIME epoch to the Unix epoch). */
const FILETIME_UNIX_EPOCH_SECONDS = 11644473600;
const TICKS_PER_SECOND = 1e7;
/** 2^32 mod 10^7: how the high word of a tick count contributes to its sub-second part. */
const HIGH_WORD_MOD = 4294967296 % TICKS_PER_SECOND;

/**
 * FILETIME (100 ns ticks since 1601) as ISO 8601 UTC, e.g. 2019-03-18T14:23:22.134722400Z.
 * Exact without BigInt (one BigInt conversion cost more than the rest of a record's values):
 * the sub-second ticks come from the two 32-bit words by modular arithmetic, and the whole
 * seconds, about 1.3e10, are exact after rounding the double quotient, whose error is far
 * below one second.
 */
export function filetimeToIso(b: Uint8Array, offset: number): string {
  const low = u32(b, offset);
  const high = u32(b, offset + 4);
  const fraction = (((high % TICKS_PER_SECOND) * HIGH_WORD_MOD) % TICKS_PER_SECOND + (low % TICKS_PER_SECOND)) % TICKS_PER_SECOND;
  const seconds = Math.round((high * 4294967296 + (low - fraction)) / TICKS_PER_SECOND) - FILETIME_UNIX_EPOCH_SECONDS;
  const minute = Math.floor(seconds / 60);
  if (minute !== cachedMinute) {
    const date = new Date(minute * 60000);
    cachedMinute = minute;
    cachedMinutePrefix = Number.isNaN(date.getTime()) ? undefined : date.toISOString().slice(0, -7); // up to "SS.sssZ", which the record fills in
  }
  if (cachedMinutePrefix === undefined) return '';
  const second = seconds - minute * 60;
  return `${cachedMinutePrefix}${second < 10 ? '0' : ''}${second}.${String(fraction).padStart(7, '0')}00Z`;
}

/** Records come in time order: "YYYY-MM-DDTHH:MM:" of the last minute seen is reused (Date formatting is the costly part). */
let cachedMinute = Number.NaN;
let cachedMinutePrefix: string | undefined;

function systemtimeToIso(b: Uint8Array, o: number): string {
  // SYSTEMTIME: year, month, day-of-week, day, hour, minute, second, milliseconds (uint16 each).
  const pad = (n: number, w = 2) => String(n).padStart(w, '0');
  return `${pad(u16(b, o), 4)}-${pad(u16(b, o + 2))}-${pad(u16(b, o + 6))}T${pad(u16(b, o + 8))}:${pad(u16(b, o + 10))}:${pad(u16(b, o + 12))}.${pad(u16(b, o + 14), 3)}Z`;
}

const HEX_BYTES = Array.from({ length: 256 }, (_, n) => n.toString(16).toUpperCase().padStart(2, '0'));

function hex2(n: number): string {
  return HEX_BYTES[n];
}

function guidToString(b: Uint8Array, o: number): string {
  const h = (i: number) => hex2(b[o + i]);
  return `{${h(3)}${h(2)}${h(1)}${h(0)}-${h(5)}${h(4)}-${h(7)}${h(6)}-${h(8)}${h(9)}-${h(10)}${h(11)}${h(12)}${h(13)}${h(14)}${h(15)}}`;
}

/** SID: revision, sub-authority count, 48-bit big-endian authority, then uint32 sub-authorities. */
function sidToString(b: Uint8Array, o: number, size: number): string {
  const count = b[o + 1];
  if (8 + count * 4 > size) throw new Error(`SID of ${count} sub-authorities does not fit in ${size} bytes`);
  let authority = 0;
  for (let i = 2; i < 8; i++) authority = authority * 256 + b[o + i];
  let s = `S-${b[o]}-${authority}`;
  for (let i = 0; i < count; i++) s += `-${u32(b, o + 8 + i * 4)}`;
  return s;
}

/** uint64 as decimal text; through a double when exact (ids, counters), else BigInt. */
function uint64Text(b: Uint8Array, o: number): string {
  const high = u32(b, o + 4);
  return high < 0x200000 ? String(high * 0x100000000 + u32(b, o)) : int64(b, o, false).toString();
}

function int64(b: Uint8Array, o: number, signed: boolean): bigint {
  const v = BigInt(u32(b, o)) | (BigInt(u32(b, o + 4)) << 32n);
  return signed ? BigInt.asIntN(64, v) : v;
}

const dataView = (b: Uint8Array) => new DataView(b.buffer, b.byteOffset, b.byteLength);

function binaryToHex(b: Uint8Array, o: number, size: number): string {
  let s = '';
  for (let i = 0; i < size; i++) s += hex2(b[o + i]);
  return s;
}

/** Size in bytes of one element of a fixed-size type, or 0 when the type is variable-sized. */
function fixedSize(type: number, size: number): number {
  switch (type) {
    case VT.int8: case VT.uint8: return 1;
    case VT.int16: case VT.uint16: return 2;
    case VT.int32: case VT.uint32: case VT.real32: case VT.bool: case VT.hexInt32: return 4;
    case VT.int64: case VT.uint64: case VT.real64: case VT.filetime: case VT.hexInt64: return 8;
    case VT.guid: case VT.systemtime: return 16;
    case VT.sizeT: return size === 4 ? 4 : 8;
    default: return 0;
  }
}

/** Renders one scalar value of `type` occupying `size` bytes at `o`. BinXML (0x21) is not a scalar. */
function renderScalar(b: Uint8Array, type: number, o: number, size: number): string {
  const need = fixedSize(type, size);
  if (need > size) throw new Error(`value of type 0x${type.toString(16)} needs ${need} bytes, has ${size}`);
  switch (type) {
    case VT.null: return '';
    case VT.string: return utf16Value(b, o, size);
    case VT.ansi: return stripNuls(latin1Decoder.decode(b.subarray(o, o + size)));
    case VT.int8: return String((b[o] << 24) >> 24);
    case VT.uint8: return String(b[o]);
    case VT.int16: return String((u16(b, o) << 16) >> 16);
    case VT.uint16: return String(u16(b, o));
    case VT.int32: return String(u32(b, o) | 0);
    case VT.uint32: return String(u32(b, o));
    case VT.int64: return int64(b, o, true).toString();
    case VT.uint64: return uint64Text(b, o);
    case VT.real32: return String(dataView(b).getFloat32(o, true));
    case VT.real64: return String(dataView(b).getFloat64(o, true));
    case VT.bool: return u32(b, o) !== 0 ? 'true' : 'false';
    case VT.binary: return binaryToHex(b, o, size);
    case VT.guid: return guidToString(b, o);
    case VT.sizeT: case VT.hexInt32: case VT.hexInt64:
      return `0x${(need === 4 ? BigInt(u32(b, o)) : int64(b, o, false)).toString(16)}`;
    case VT.filetime: return filetimeToIso(b, o);
    case VT.systemtime: return systemtimeToIso(b, o);
    case VT.sid: return sidToString(b, o, size);
    default: throw new Error(`unknown value type 0x${type.toString(16)}`);
  }
}

/** Renders an array value (type with the 0x80 flag): elements joined with ARRAY_SEPARATOR. */
function renderArray(b: Uint8Array, type: number, o: number, size: number): string {
  const element = type & ~VT.arrayFlag;
  const end = o + size;
  const parts: string[] = [];
  if (element === VT.string || element === VT.ansi) {
    // NUL-terminated strings back to back.
    const unit = element === VT.string ? 2 : 1;
    let start = o;
    for (let p = o; p + unit <= end; p += unit) {
      if (b[p] === 0 && (unit === 1 || b[p + 1] === 0)) {
        parts.push(renderScalar(b, element, start, p - start));
        start = p + unit;
      }
    }
    if (start < end) parts.push(renderScalar(b, element, start, end - start));
    return parts.join(ARRAY_SEPARATOR);
  }
  for (let p = o; p < end; ) {
    const length = element === VT.sid ? 8 + b[p + 1] * 4 : fixedSize(element, 8);
    if (length === 0) throw new Error(`array of value type 0x${element.toString(16)} is not supported`);
    if (p + length > end) break;
    parts.push(renderScalar(b, element, p, length));
    p += length;
  }
  return parts.join(ARRAY_SEPARATOR);
}

/**
 * Whether renderValue cannot fail for a value of `type` and `size` lying within the chunk:
 * strings and binary always render, fixed-size types when the value holds one; SIDs, arrays,
 * unknown types and BinXML are not judged without rendering them.
 */
export function alwaysRenders(type: number, size: number): boolean {
  if (type === VT.null || type === VT.string || type === VT.ansi || type === VT.binary) return true;
  const need = type & VT.arrayFlag ? 0 : fixedSize(type, size);
  return need > 0 && need <= size;
}

export function renderValue(b: Uint8Array, type: number, o: number, size: number): string {
  if (o + size > b.length) throw new Error(`value at offset ${o} (${size} bytes) runs past the chunk end`);
  return type & VT.arrayFlag ? renderArray(b, type, o, size) : renderScalar(b, type, o, size);
}
