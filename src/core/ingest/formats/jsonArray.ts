// Finds the top-level elements of a JSON array — or of a sequence of JSON objects, as
// `jq .` or ConvertTo-Json of a single event write them, pretty-printed over many lines — in
// a byte stream without parsing it: a scanner over nesting depth and string state that works
// on code units, so UTF-8 and UTF-16 (PowerShell's ConvertTo-Json | Out-File default) both
// keep exact byte offsets. Elements are handed out as byte slices with their offset, length
// and starting line; the caller parses each one. Structural damage (a truncated array) is
// reported, never thrown, and never costs the elements around it: a line break inside a
// string (never valid JSON) ends the damaged element there, a closing bracket that closes
// nothing is dropped, and an element still open at the end of the source (a lost closing
// brace) is read again from its second line, so the elements it swallowed are recovered.

import type { Rejection } from '../../types/records';
import type { TextEncoding } from '../../raw/encoding';

export interface Span {
  readonly line?: number;
  readonly offset: number;
  readonly length: number;
}

export interface Element {
  readonly bytes: Buffer;
  readonly span: Span;
}

const QUOTE = 0x22, BACKSLASH = 0x5c, OPEN_BRACE = 0x7b, CLOSE_BRACE = 0x7d, OPEN_BRACKET = 0x5b, CLOSE_BRACKET = 0x5d, COMMA = 0x2c, NEWLINE = 0x0a;

function isSpace(unit: number): boolean {
  return unit === 0x20 || unit === 0x0a || unit === 0x0d || unit === 0x09;
}

/** `array`: one top-level `[…]`; `sequence`: top-level objects or arrays one after another. */
export type JsonLayout = 'array' | 'sequence';

/** Most bytes read again, over a whole source, to recover elements swallowed by an unclosed one. */
const REREAD_BUDGET_BYTES = 256 * 1024 * 1024;

/** Where a scanner starts when it reads again part of a source (inside an array, between elements). */
interface Resume {
  readonly offset: number;
  readonly line: number;
  readonly budget: { bytes: number };
}

export class ArrayScanner {
  private readonly unit: number;
  private readonly bigEndian: boolean;
  private readonly sequence: boolean;
  /** 0 before the opening bracket; 1 between elements; deeper inside one. A sequence starts between elements. */
  private depth: number;
  private inString = false;
  private escaped = false;
  private closed = false;
  private trailingWarned = false;
  private line = 1;
  /** Absolute offset where the current chunk starts. */
  private chunkBase = 0;
  private elementStart = -1;
  private elementLine = 0;
  /** Absolute offset just past the element's last significant code unit. */
  private elementEnd = -1;
  private parts: Buffer[] = [];
  private partBytes = 0;
  private tooLong = false;
  private odd: Buffer | undefined;
  private readonly budget: { bytes: number };

  constructor(
    private readonly encoding: TextEncoding,
    private readonly maxElementBytes: number,
    private readonly reject: (rejection: Rejection) => void,
    private readonly warn: (message: string) => void,
    private readonly layout: JsonLayout = 'array',
    resume?: Resume,
  ) {
    this.unit = encoding.unit;
    this.bigEndian = encoding.name === 'utf-16be';
    this.sequence = layout === 'sequence';
    this.depth = this.sequence || resume ? 1 : 0;
    this.chunkBase = resume?.offset ?? 0;
    this.line = resume?.line ?? 1;
    this.budget = resume?.budget ?? { bytes: REREAD_BUDGET_BYTES };
  }

  push(incoming: Buffer): Element[] {
    let chunk = incoming;
    if (this.odd !== undefined) {
      chunk = Buffer.concat([this.odd, chunk]);
      this.odd = undefined;
    }
    if (this.unit === 2 && chunk.length % 2 === 1) {
      this.odd = chunk.subarray(chunk.length - 1);
      chunk = chunk.subarray(0, chunk.length - 1);
    }
    const out: Element[] = [];
    const step = this.unit;
    let sliceFrom = this.elementStart >= 0 ? 0 : -1;
    for (let i = 0; i < chunk.length; i += step) {
      const unit = step === 1 ? chunk[i]! : this.bigEndian ? (chunk[i]! << 8) | chunk[i + 1]! : chunk[i]! | (chunk[i + 1]! << 8);
      if (this.inString) {
        if (unit === NEWLINE) {
          // JSON strings hold no raw line break: this element is damaged; read on from the next line.
          this.reject({ line: this.elementLine, offset: this.elementStart, reason: `unterminated string (line break inside a string at line ${this.line}); element skipped` });
          this.line++;
          this.resetElement();
          this.depth = 1;
          sliceFrom = -1;
          continue;
        }
        if (this.escaped) this.escaped = false;
        else if (unit === BACKSLASH) this.escaped = true;
        else if (unit === QUOTE) this.inString = false;
        this.elementEnd = this.chunkBase + i + step;
        continue;
      }
      if (unit === NEWLINE) this.line++;
      if (isSpace(unit)) continue;
      if (this.closed) {
        if (!this.trailingWarned) this.warn(`content after the array's closing bracket at offset ${this.chunkBase + i} ignored`);
        this.trailingWarned = true;
        continue;
      }
      if (this.depth === 0) {
        if (unit === OPEN_BRACKET) this.depth = 1;
        continue;
      }
      if (this.depth === 1 && (unit === COMMA || (unit === CLOSE_BRACKET && !this.sequence))) {
        if (this.elementStart >= 0) {
          const element = this.finishElement(chunk, sliceFrom);
          if (element) out.push(element);
        } else if (unit === COMMA) {
          this.reject({ line: this.line, offset: this.chunkBase + i, reason: 'empty array element' });
        }
        sliceFrom = -1;
        if (unit === CLOSE_BRACKET) {
          this.depth = 0;
          this.closed = true;
        }
        continue;
      }
      if (this.depth === 1 && (unit === CLOSE_BRACE || unit === CLOSE_BRACKET)) {
        // Nothing is open at this depth, so this closes nothing: drop what was being read with it.
        this.reject({ line: this.line, offset: this.elementStart >= 0 ? this.elementStart : this.chunkBase + i, reason: 'unbalanced closing bracket' });
        this.resetElement();
        sliceFrom = -1;
        continue;
      }
      if (this.elementStart < 0) {
        this.elementStart = this.chunkBase + i;
        this.elementLine = this.line;
        sliceFrom = i;
      }
      if (unit === QUOTE) this.inString = true;
      else if (unit === OPEN_BRACE || unit === OPEN_BRACKET) this.depth++;
      else if (unit === CLOSE_BRACE || unit === CLOSE_BRACKET) this.depth--;
      this.elementEnd = this.chunkBase + i + step;
      if (this.sequence && this.depth === 1 && (unit === CLOSE_BRACE || unit === CLOSE_BRACKET)) {
        const element = this.finishElement(chunk, sliceFrom);
        if (element) out.push(element);
        sliceFrom = -1;
      }
    }
    if (this.elementStart >= 0 && sliceFrom >= 0) this.keep(chunk.subarray(sliceFrom));
    this.chunkBase += chunk.length;
    return out;
  }

  /**
   * Reports an array that ended before its closing bracket, or a sequence cut inside an
   * element; returns the elements found by reading that element again from its second line.
   */
  end(): Element[] {
    if (this.closed || (this.sequence && this.depth === 1 && this.elementStart < 0)) return [];
    if (this.depth === 0) {
      this.reject({ offset: this.chunkBase, reason: 'no JSON array found' });
      return [];
    }
    if (this.elementStart < 0) {
      this.warn(`array truncated at offset ${this.chunkBase}: no closing bracket`);
      return [];
    }
    this.reject({ line: this.elementLine, offset: this.elementStart, reason: `${this.sequence ? 'JSON' : 'array'} truncated: the last element is incomplete` });
    return this.reread();
  }

  /**
   * An element that never closed (a lost closing brace) runs to the end of the source and
   * may hold good elements: scan it again from its second line. What that finds is kept only
   * when it holds elements; a plain cut-off last element stays one rejection.
   */
  private reread(): Element[] {
    if (this.tooLong || this.parts.length === 0) return [];
    const held = Buffer.concat(this.parts);
    const from = this.afterFirstNewline(held);
    if (from < 0) return [];
    if (this.budget.bytes < held.length - from) {
      this.warn(`elements after offset ${this.elementStart} were not read again: the re-read budget of ${REREAD_BUDGET_BYTES} bytes is spent`);
      return [];
    }
    this.budget.bytes -= held.length - from;
    const rejections: Rejection[] = [];
    const warnings: string[] = [];
    const again = new ArrayScanner(this.encoding, this.maxElementBytes, (r) => rejections.push(r), (w) => warnings.push(w), this.layout,
      { offset: this.elementStart + from, line: this.elementLine + 1, budget: this.budget });
    const found = [...again.push(held.subarray(from)), ...again.end()];
    if (found.length === 0) return [];
    rejections.forEach(this.reject);
    warnings.forEach(this.warn);
    return found;
  }

  /** Index just past the first line break of `bytes`, in code units of the source's encoding, or -1. */
  private afterFirstNewline(bytes: Buffer): number {
    for (let i = 0; i + this.unit <= bytes.length; i += this.unit) {
      const unit = this.unit === 1 ? bytes[i]! : this.bigEndian ? (bytes[i]! << 8) | bytes[i + 1]! : bytes[i]! | (bytes[i + 1]! << 8);
      if (unit === NEWLINE) return i + this.unit;
    }
    return -1;
  }

  private resetElement(): void {
    this.inString = false;
    this.escaped = false;
    this.elementStart = -1;
    this.parts = [];
    this.partBytes = 0;
    this.tooLong = false;
  }

  private keep(piece: Buffer): void {
    if (this.tooLong) return;
    this.partBytes += piece.length;
    if (this.partBytes > this.maxElementBytes) {
      this.tooLong = true;
      this.parts = [];
    } else {
      this.parts.push(piece);
    }
  }

  private finishElement(chunk: Buffer, sliceFrom: number): Element | undefined {
    const start = this.elementStart;
    const length = this.elementEnd - start;
    const line = this.elementLine;
    if (sliceFrom >= 0) this.keep(chunk.subarray(sliceFrom, this.elementEnd - this.chunkBase));
    else this.keep(chunk.subarray(0, Math.max(0, this.elementEnd - this.chunkBase)));
    const tooLong = this.tooLong;
    const bytes = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts);
    this.resetElement();
    if (tooLong) {
      this.reject({ line, offset: start, reason: `array element longer than ${this.maxElementBytes} bytes; skipped` });
      return undefined;
    }
    return { bytes: bytes.subarray(0, length), span: { line, offset: start, length } };
  }
}
