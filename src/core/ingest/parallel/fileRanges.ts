// An NDJSON file cut into byte ranges that each parse worker reads and cuts into lines itself,
// so the writer never reads, joins or copies the file's bytes: it sends offsets only
// (parallelJson.ts). A line belongs to the range that holds its first byte. Neighbouring
// ranges agree on where lines start because each decides it from the same bytes: a line starts
// at the file's first byte after its byte-order mark, and after every "\n", "\r\n" or lone "\r",
// the line ends formats/lines.ts and jsonBatch.ts split on.

import { readSync } from 'node:fs';

const LF = 10;
const CR = 13;
/** Read on in steps of this many bytes when a range's last line runs past its end. */
const READ_ON_BYTES = 64 * 1024;

export interface FileRange {
  readonly start: number;
  readonly end: number;
}

export interface RangeLines {
  /** The range's whole lines, a view of the reader's memory valid until its next read. */
  readonly bytes: Buffer;
  /** File offset of `bytes`. */
  readonly offset: number;
  /** Lines that begin in the range, an over-long last one included. */
  readonly lineCount: number;
  /** The range's last line when longer than the limit: counted (0 = the range's first line), not in `bytes`. */
  readonly tooLong?: { readonly line: number; readonly offset: number };
}

/** The file's ranges of `bytes` each, from 0 to `size`. */
export function fileRanges(size: number, bytes: number): FileRange[] {
  const ranges: FileRange[] = [];
  for (let start = 0; start < size; start += bytes) ranges.push({ start, end: Math.min(start + bytes, size) });
  return ranges;
}

/** Reads ranges of one open file, `size` bytes long (nothing after it is read), with memory reused from range to range. */
export class RangeReader {
  private memory = Buffer.allocUnsafeSlow(0);
  /** File offset of memory[0], and the end of the bytes held. */
  private base = 0;
  private heldEnd = 0;
  /** The bytes held, memory[0, heldEnd - base). */
  private held = this.memory;
  /** The file's end: its size, or where it ended when it shrank while being read. */
  private fileEnd: number;
  /** The first "\r" at or after `crFrom` among the bytes held (-1: none), so a file without one is searched once. */
  private cr = -1;
  private crFrom = Infinity;

  /** `skip`: bytes at the file's start that belong to no line (a byte-order mark). */
  constructor(private readonly fd: number, size: number, private readonly skip: number, private readonly maxLineBytes: number) {
    this.fileEnd = size;
  }

  /** A range no longer than the longest line allowed, so that only its last line can be longer. */
  read(range: FileRange): RangeLines {
    if (range.end - range.start > this.maxLineBytes) throw new Error(`a range of ${range.end - range.start} bytes is longer than the longest line allowed (${this.maxLineBytes})`);
    this.base = Math.max(range.start - 1, 0);
    this.heldEnd = this.base;
    this.crFrom = Infinity;
    // One byte past the end too: it tells whether a "\r" just before the end is a line end of its own.
    this.holdTo(range.end + 1);
    const end = Math.min(range.end, this.fileEnd);
    const first = range.start <= this.skip ? this.skip : this.lineStartFrom(range.start, end);
    if (first >= end) return { bytes: this.memory.subarray(0, 0), offset: end, lineCount: 0 };
    let lineCount = 1;
    let last = first;
    let next: number;
    // The line after `last`; past the end, read on no further than the longest line allowed.
    while ((next = this.lineStartFrom(last + 1, Math.max(end, last + this.maxLineBytes + 2))) < end) {
      lineCount++;
      last = next;
    }
    const bytes = (to: number): Buffer => this.memory.subarray(first - this.base, to - this.base);
    if (this.contentBytes(last, next) > this.maxLineBytes) return { bytes: bytes(last), offset: first, lineCount, tooLong: { line: lineCount - 1, offset: last } };
    return { bytes: bytes(next), offset: first, lineCount };
  }

  /** Bytes of the line from `start` up to `next` (where the next begins, or the end of what was read), without its line end. */
  private contentBytes(start: number, next: number): number {
    const byte = (at: number): number => this.memory[at - this.base]!;
    let length = next - start;
    if (length > 0 && byte(next - 1) === LF) {
      length--;
      if (length > 0 && byte(next - 2) === CR) length--;
    } else if (length > 0 && byte(next - 1) === CR) {
      length--;
    }
    return length;
  }

  /**
   * The first line start at or after `at` (> skip): just after the first line end from `at - 1`
   * on, reading on as far as `limit`; `limit` or the file's end when no line end comes before.
   */
  private lineStartFrom(at: number, limit: number): number {
    let from = at - 1;
    for (;;) {
      const lineEnd = this.lineEndFrom(from);
      if (lineEnd >= 0) return Math.min(lineEnd + 1, limit);
      const until = Math.min(limit, this.fileEnd);
      if (this.heldEnd >= until) return until;
      // Search the new bytes only, but from the last byte held: a "\r" there may be half of a "\r\n".
      from = Math.max(from, this.heldEnd - 1);
      this.holdTo(Math.min(this.heldEnd + READ_ON_BYTES, until));
    }
  }

  /** Position of the first "\n", or of a lone "\r", at or after `from` among the bytes held; -1 when none is certain yet. */
  private lineEndFrom(from: number): number {
    const held = this.held;
    const i = from - this.base;
    const lf = held.indexOf(LF, i);
    if (i < this.crFrom || (this.cr !== -1 && this.cr < i)) {
      this.cr = held.indexOf(CR, i);
      this.crFrom = i;
    }
    const cr = this.cr;
    if (cr >= 0 && (lf < 0 || cr + 1 < lf)) {
      // A "\r" as the last byte held is a line end of its own only at the end of the file.
      return cr + 1 === held.length && this.heldEnd < this.fileEnd ? -1 : cr + this.base;
    }
    return lf < 0 ? -1 : lf + this.base;
  }

  /** Reads the file on until `end` (at most its end) is held. */
  private holdTo(end: number): void {
    end = Math.min(end, this.fileEnd);
    const need = end - this.base;
    if (need > this.memory.length) {
      const grown = Buffer.allocUnsafeSlow(Math.max(need, this.memory.length * 2));
      this.memory.copy(grown, 0, 0, this.heldEnd - this.base);
      this.memory = grown;
    }
    while (this.heldEnd < end) {
      const read = readSync(this.fd, this.memory, this.heldEnd - this.base, end - this.heldEnd, this.heldEnd);
      if (read === 0) {
        this.fileEnd = this.heldEnd; // the file shrank: what was there is all there is
        break;
      }
      this.heldEnd += read;
    }
    this.held = this.memory.subarray(0, this.heldEnd - this.base);
    // New bytes may hold a "\r" where none was found before.
    if (this.cr === -1) this.crFrom = Infinity;
  }
}
