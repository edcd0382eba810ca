// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320): the checksum EVTX uses for its file
// header, chunk headers and chunk record data. Node's native zlib.crc32 (Node >= 20.15) when
// present, else a table; a range form so the chunk header's two disjoint ranges can be folded
// without copying.

import * as zlib from 'node:zlib';

const native = (zlib as { crc32?: (data: Uint8Array, value?: number) => number }).crc32;

const TABLE = (() => {
  const table = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    table[n] = c >>> 0;
  }
  return table;
})();

/** Continues a CRC over `bytes[start, end)`; start a new CRC with `crc = 0`. */
export function crc32(bytes: Uint8Array, start = 0, end = bytes.length, crc = 0): number {
  if (native !== undefined) return native(bytes.subarray(start, end), crc);
  return tableCrc32(bytes, start, end, crc);
}

export function tableCrc32(bytes: Uint8Array, start: number, end: number, crc: number): number {
  let c = ~crc >>> 0;
  for (let i = start; i < end; i++) c = TABLE[(c ^ bytes[i]) & 0xff] ^ (c >>> 8);
  return ~c >>> 0;
}
