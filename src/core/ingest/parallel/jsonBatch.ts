// One batch of NDJSON lines -> normalized results, the unit of work of the parse pool.
// Pure: the same function runs on a worker thread (jsonParseWorker.ts) or inline, so the
// parallel and single-core paths give identical events.

import { isUtf8 } from 'node:buffer';
import { isNulPadding, parseJsonRecord, type JsonRecordResult } from '../normalize/json';

export interface LineBatch {
  readonly seq: number;
  /** Whole UTF-8 lines, each ended by "\n", "\r\n" or a lone "\r" except possibly the last of the source. */
  readonly bytes: Uint8Array;
  readonly firstLine: number;
  /** Byte offset of `bytes` in the (decompressed) source. */
  readonly firstOffset: number;
}

export interface ParsedLine {
  readonly line: number;
  readonly offset: number;
  /** Bytes of the line without its terminator. */
  readonly length: number;
  readonly result: JsonRecordResult;
}

export interface ParsedBatch {
  readonly seq: number;
  readonly lines: ParsedLine[];
  /** Lines of NUL padding (what a log left at a preallocated size holds), skipped. */
  readonly padding: number;
  /** Lines that are not valid UTF-8 (read with U+FFFD), and where the first one is. */
  readonly invalidUtf8: { readonly count: number; readonly firstLine: number; readonly firstOffset: number };
}

/**
 * The line breaks of UTF-8 bytes, in order: "\n" (a "\r" before it belongs to the break), or a
 * lone "\r" (old Mac line ends), as formats/lines.ts splits them for the sequential reader.
 * The next "\r" is remembered, so bytes without one are searched for it once.
 */
export function utf8LineBreaks(bytes: Buffer): (from: number) => number {
  let cr = -2;
  return (from) => {
    const n = bytes.indexOf(10, from);
    if (cr !== -1 && cr < from) cr = bytes.indexOf(13, from);
    return cr >= 0 && (n < 0 || cr + 1 < n) ? cr : n;
  };
}

function isBomAt(bytes: Uint8Array, at: number): boolean {
  return bytes[at] === 0xef && bytes[at + 1] === 0xbb && bytes[at + 2] === 0xbf;
}

export function parseBatch(batch: LineBatch): ParsedBatch {
  const bytes = Buffer.from(batch.bytes.buffer, batch.bytes.byteOffset, batch.bytes.byteLength);
  const lines: ParsedLine[] = [];
  let padding = 0;
  const invalidUtf8 = { count: 0, firstLine: 0, firstOffset: 0 };
  let line = batch.firstLine;
  const breaks = utf8LineBreaks(bytes);
  // Line breaks are never inside a UTF-8 sequence, so valid bytes are valid line by line.
  const valid = isUtf8(bytes);
  for (let next = 0; next < bytes.length; line++) {
    const newline = breaks(next);
    const end = newline < 0 ? bytes.length : newline;
    // A byte-order mark opening a line (two exports concatenated) is skipped like the first.
    const start = isBomAt(bytes, next) ? next + 3 : next;
    const length = end > start && bytes[end - 1] === 13 ? end - start - 1 : Math.max(0, end - start);
    if (!valid && !isUtf8(bytes.subarray(start, start + length))) {
      if (invalidUtf8.count++ === 0) Object.assign(invalidUtf8, { firstLine: line, firstOffset: batch.firstOffset + start });
    }
    const text = bytes.toString('utf8', start, start + length);
    if (isNulPadding(text)) padding++;
    else if (text.trim() !== '') lines.push({ line, offset: batch.firstOffset + start, length, result: parseJsonRecord(text) });
    next = end + 1;
  }
  return { seq: batch.seq, lines, padding, invalidUtf8 };
}
