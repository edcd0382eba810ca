// Lines of a text source with their place in the original bytes, for the line-oriented
// readers (CSV, Zeek TSV, pfirewall, NDJSON). Lines end at "\n", "\r\n" or a lone "\r" (old Mac
// exports), found as code units of the source's encoding, so `offset`/`length` are exact byte
// positions even in UTF-16 or when a line holds invalid UTF-8. `length` excludes the terminator.
// A byte-order mark at the start of any line (two exports concatenated) is skipped like the
// first one. Invalid UTF-8 is kept (as U+FFFD) and summarised in one warning; an over-long
// line is rejected by number and skipped without being held in memory.

import { isUtf8 } from 'node:buffer';
import type { ReaderContext } from '../../types/records';
import { peek } from '../../raw/sources/byteStream';
import { byteOrderMark, decode, encodeAscii, sniffEncoding, type TextEncoding } from '../../raw/encoding';

export interface TextLine {
  readonly text: string;
  /** 1-based. */
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

export interface LineOptions {
  readonly maxLineBytes: number;
}

export const DEFAULT_MAX_LINE_BYTES = 4 * 1024 * 1024;

export interface EncodedLines {
  readonly encoding: TextEncoding;
  /**
   * The lines of each chunk read, in order. A line at a time cost each line a promise and a
   * turn of the microtask queue (~0.2 µs, measured), as much as decoding a short line.
   */
  readonly batches: AsyncIterable<readonly TextLine[]>;
}

export async function textLines(bytes: AsyncIterable<Uint8Array>, context: ReaderContext, options?: Partial<LineOptions>): Promise<EncodedLines> {
  const { head, stream } = await peek(bytes, 1024);
  const encoding = sniffEncoding(head);
  return { encoding, batches: splitLines(stream, encoding, context, options?.maxLineBytes ?? DEFAULT_MAX_LINE_BYTES) };
}

/** The lines one at a time, for a reader that takes them so (CSV records may span lines). */
export async function* eachLine(batches: AsyncIterable<readonly TextLine[]>): AsyncIterable<TextLine> {
  for await (const batch of batches) yield* batch;
}

async function* splitLines(bytes: AsyncIterable<Uint8Array>, encoding: TextEncoding, context: ReaderContext, maxLineBytes: number): AsyncIterable<readonly TextLine[]> {
  const newline = encodeAscii('\n', encoding);
  const carriageReturn = encodeAscii('\r', encoding);
  const bom = byteOrderMark(encoding);
  const unit = encoding.unit;
  const invalid = { count: 0, firstLine: 0, firstOffset: 0 };
  let parts: Buffer[] = [];
  let partBytes = 0;
  let tooLong = false;
  let line = 1;
  let lineStart = 0;
  let position = 0;
  let carry: Buffer | undefined;

  const finish = (end: number, terminator: number): TextLine | undefined => {
    const current = { line, offset: lineStart, parts, partBytes, tooLong };
    line++;
    lineStart = end + terminator;
    parts = [];
    partBytes = 0;
    tooLong = false;
    if (current.tooLong) {
      context.reject({ line: current.line, offset: current.offset, reason: tooLongReason(maxLineBytes) });
      return undefined;
    }
    let body = current.parts.length === 1 ? current.parts[0]! : Buffer.concat(current.parts);
    if (startsWith(body, bom)) {
      body = body.subarray(bom.length);
      current.offset += bom.length;
    }
    if (endsWith(body, carriageReturn)) body = body.subarray(0, body.length - unit);
    if (encoding.name === 'utf-8' && !isUtf8(body)) {
      if (invalid.count === 0) Object.assign(invalid, { firstLine: current.line, firstOffset: current.offset });
      invalid.count++;
    }
    return { text: decode(body, encoding), line: current.line, offset: current.offset, length: body.length };
  };
  const append = (piece: Buffer): void => {
    if (tooLong) return;
    partBytes += piece.length;
    if (partBytes > maxLineBytes) {
      tooLong = true;
      parts = [];
    } else if (piece.length > 0) {
      parts.push(piece);
    }
  };

  for await (const incoming of bytes) {
    const batch: TextLine[] = [];
    let chunk = Buffer.from(incoming.buffer, incoming.byteOffset, incoming.byteLength);
    if (carry) {
      chunk = Buffer.concat([carry, chunk]);
      carry = undefined;
    }
    // Keep code units whole so the search stays aligned, and keep a final "\r" for the next
    // chunk, which says whether it is half of a "\r\n" or a line end of its own.
    let keep = chunk.length - (unit === 2 ? chunk.length % 2 : 0);
    if (keep >= unit && endsWith(chunk.subarray(0, keep), carriageReturn)) keep -= unit;
    if (keep < chunk.length) {
      carry = chunk.subarray(keep);
      chunk = chunk.subarray(0, keep);
    }
    const breaks = lineBreaks(chunk, newline, carriageReturn, unit);
    let from = 0;
    for (let found = breaks(0); found; found = breaks(from)) {
      append(chunk.subarray(from, found.at));
      const done = finish(position + found.at, found.length);
      if (done) batch.push(done);
      from = found.at + found.length;
    }
    append(chunk.subarray(from));
    position += chunk.length;
    if (batch.length > 0) yield batch;
  }
  if (carry) append(carry);
  // A last line without a newline; a source holding only a BOM has none.
  if (partBytes > (line === 1 ? encoding.bomLength : 0) || tooLong) {
    const done = finish(position + (carry?.length ?? 0), 0);
    if (done) yield [done];
  }
  if (invalid.count > 0) {
    context.warn(invalidUtf8Warning(invalid.count, invalid.firstLine, invalid.firstOffset));
  }
}

/** Why a line over the limit was skipped (shared with the parallel JSON reader). */
export function tooLongReason(maxLineBytes: number): string {
  return `line is longer than ${maxLineBytes} bytes; skipped`;
}

/** The one warning for a source's lines that are not valid UTF-8 (shared with the parallel JSON reader). */
export function invalidUtf8Warning(count: number, firstLine: number, firstOffset: number): string {
  return `${count} line(s) are not valid UTF-8 (first at line ${firstLine}, byte offset ${firstOffset}); invalid bytes read as U+FFFD`;
}

/**
 * The line breaks of one chunk, in order: "\n" (with a "\r" before it, which the line body
 * drops), or a lone "\r". The next "\r" is remembered, so a chunk without one is searched once.
 */
function lineBreaks(chunk: Buffer, newline: Uint8Array, carriageReturn: Uint8Array, unit: number): (from: number) => { at: number; length: number } | undefined {
  let cr = -2;
  return (from) => {
    const n = findNewline(chunk, newline, from);
    if (cr !== -1 && cr < from) cr = findNewline(chunk, carriageReturn, from);
    if (cr >= 0 && (n < 0 || cr + unit < n)) return { at: cr, length: unit };
    return n >= 0 ? { at: n, length: newline.length } : undefined;
  };
}

function findNewline(chunk: Buffer, newline: Uint8Array, from: number): number {
  if (newline.length === 1) return chunk.indexOf(newline[0]!, from);
  for (let at = chunk.indexOf(newline, from); at >= 0; at = chunk.indexOf(newline, at + 1)) {
    if (at % 2 === 0) return at;
  }
  return -1;
}

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

function endsWith(bytes: Uint8Array, suffix: Uint8Array): boolean {
  if (bytes.length < suffix.length) return false;
  for (let i = 0; i < suffix.length; i++) if (bytes[bytes.length - suffix.length + i] !== suffix[i]) return false;
  return true;
}
