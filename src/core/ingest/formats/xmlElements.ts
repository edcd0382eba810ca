// Finds `<Event>` elements in a byte stream without parsing the document around them:
// Event Viewer's "Save as XML" wraps them in `<Events>`, `wevtutil qe /f:xml` writes them
// with no root at all, and either may be cut off or damaged mid-way. Scanning for the
// element's start and end in the source's own encoding gives exact byte offsets and lets
// one malformed element be rejected while its neighbours are still read.

import type { ReaderContext } from '../../types/records';
import { peek } from '../../raw/sources/byteStream';
import { encodeAscii, sniffEncoding, type TextEncoding } from '../../raw/encoding';

export interface ElementSlice {
  readonly bytes: Uint8Array;
  /** Byte offset of `<Event` in the source. */
  readonly offset: number;
  /** 1-based line of `<Event`. */
  readonly line: number;
}

export const DEFAULT_MAX_ELEMENT_BYTES = 16 * 1024 * 1024;

export interface ScannedElements {
  readonly encoding: TextEncoding;
  readonly elements: AsyncIterable<ElementSlice>;
}

export async function scanElements(bytes: AsyncIterable<Uint8Array>, tag: string, context: ReaderContext, maxElementBytes = DEFAULT_MAX_ELEMENT_BYTES): Promise<ScannedElements> {
  const { head, stream } = await peek(bytes, 1024);
  const encoding = sniffEncoding(head);
  return { encoding, elements: scan(stream, tag, encoding, context, maxElementBytes) };
}

async function* scan(bytes: AsyncIterable<Uint8Array>, tag: string, encoding: TextEncoding, context: ReaderContext, maxElementBytes: number): AsyncIterable<ElementSlice> {
  const open = encodeAscii(`<${tag}`, encoding);
  const close = encodeAscii(`</${tag}>`, encoding);
  const lines = new LineCounter(encodeAscii('\n', encoding));
  const unit = encoding.unit;
  let buffer: Buffer = Buffer.alloc(0);
  let bufferStart = 0; // source offset of buffer[0]; kept a multiple of `unit`
  let searched = 0; // bytes of buffer already searched for the current element's end
  let ended = false;

  const between = new BetweenElements(encoding);
  const see = (end: number): void => between.see(buffer, bufferStart, end, (position) => lines.lineAt(buffer, position));
  const iterator = bytes[Symbol.asyncIterator]();
  try {
    while (!ended || buffer.length > 0) {
      const start = findOpen(buffer, open, 0, encoding);
      if (start < 0) {
        if (ended) {
          see(buffer.length);
          break;
        }
        // Keep a tail that could hold the start of a split `<Event`.
        const keep = Math.min(buffer.length, open.length + unit);
        const drop = buffer.length - keep - ((buffer.length - keep) % unit);
        see(drop);
        lines.advance(buffer.subarray(0, drop));
        bufferStart += drop;
        buffer = buffer.subarray(drop);
        ended = await append();
        continue;
      }
      see(start);
      const from = Math.max(start + open.length, searched);
      const end = buffer.indexOf(close, from);
      const next = findOpen(buffer, open, from, encoding);
      const line = lines.lineAt(buffer, start);
      if (next >= 0 && (end < 0 || next < end)) {
        context.reject({ line, offset: bufferStart + start, reason: `<${tag}> element is not closed before the next <${tag}>; skipped` });
        consume(next);
        continue;
      }
      if (end < 0) {
        if (buffer.length - start > maxElementBytes) {
          context.reject({ line, offset: bufferStart + start, reason: `<${tag}> element is longer than ${maxElementBytes} bytes without a closing tag; skipped` });
          consume(buffer.length - ((buffer.length - start) % unit));
          continue;
        }
        if (ended) {
          context.reject({ line, offset: bufferStart + start, reason: `<${tag}> element is cut off at the end of the source` });
          break;
        }
        // Resume the search where it stopped, less what a pattern split by the chunk edge needs.
        searched = Math.max(0, buffer.length - close.length - unit);
        ended = await append();
        continue;
      }
      const stop = end + close.length;
      yield { bytes: buffer.subarray(start, stop), offset: bufferStart + start, line };
      consume(stop);
    }
    if (between.stray > 0) {
      const { line, offset } = between.first!;
      context.warn(`${between.stray} byte(s) of text outside <${tag}> elements ignored (first at line ${line}, byte offset ${offset}): not an event, or an event whose <${tag}> tag is damaged`);
    }
  } finally {
    await iterator.return?.();
  }

  /** Passes over an element's bytes (or a rejected element's). */
  function consume(upTo: number): void {
    searched = 0;
    lines.advance(buffer.subarray(0, upTo));
    bufferStart += upTo;
    buffer = buffer.subarray(upTo);
    between.passed(bufferStart);
  }

  /** Reads at least as many bytes as are buffered, so a long element costs amortised linear copying. */
  async function append(): Promise<boolean> {
    const parts: Uint8Array[] = [buffer];
    let added = 0;
    let done = false;
    while (added === 0 || added < buffer.length) {
      const next = await iterator.next();
      if (next.done) {
        done = true;
        break;
      }
      parts.push(next.value);
      added += next.value.length;
    }
    buffer = Buffer.concat(parts);
    return done;
  }
}

/**
 * The bytes between elements: markup (`<?xml ?>`, `<Events>`, comments, a DOCTYPE) and
 * whitespace belong there; anything else is text no event holds (junk, or an event whose
 * opening tag was damaged) and is counted, so the load says so instead of dropping it quietly.
 */
class BetweenElements {
  stray = 0;
  first: { readonly line: number; readonly offset: number } | undefined;
  private inTag = false;
  /** Source offset up to which bytes were looked at or passed over. */
  private seenUpTo: number;

  constructor(private readonly encoding: TextEncoding) {
    this.seenUpTo = encoding.bomLength;
  }

  /** Looks at the bytes of `buffer` (at source offset `base`) before `end` not seen yet. */
  see(buffer: Buffer, base: number, end: number, lineAt: (position: number) => number): void {
    const unit = this.encoding.unit;
    for (let i = Math.max(0, this.seenUpTo - base); i + unit <= end; i += unit) {
      const c = unit === 1 ? buffer[i]! : this.encoding.name === 'utf-16le' ? buffer.readUInt16LE(i) : buffer.readUInt16BE(i);
      if (this.inTag) {
        if (c === 0x3e) this.inTag = false;
      } else if (c === 0x3c) {
        this.inTag = true;
      } else if (!(c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x5d || c === 0x3e)) {
        // (`]>` closes a DOCTYPE's internal subset.)
        if (this.stray++ === 0) this.first = { line: lineAt(i), offset: base + i };
      }
    }
    this.seenUpTo = Math.max(this.seenUpTo, base + end);
  }

  /** Bytes before source offset `offset` were an element's: not text between elements. */
  passed(offset: number): void {
    this.seenUpTo = Math.max(this.seenUpTo, offset);
  }
}

/** `<Event` followed by whitespace, `>` or `/` (so not `<Events` or `<EventData`), on a code-unit boundary. */
function findOpen(buffer: Buffer, open: Uint8Array, from: number, encoding: TextEncoding): number {
  const unit = encoding.unit;
  for (let at = buffer.indexOf(open, from); at >= 0; at = buffer.indexOf(open, at + 1)) {
    if (at % unit !== 0) continue;
    const after = at + open.length;
    if (after + unit > buffer.length) return -1; // cannot tell yet: wait for more bytes
    const c = unit === 1 ? buffer[after]! : encoding.name === 'utf-16le' ? buffer.readUInt16LE(after) : buffer.readUInt16BE(after);
    if (c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3e || c === 0x2f) return at;
  }
  return -1;
}

/** Counts newlines of consumed bytes, so each element's line costs only the bytes before it. */
class LineCounter {
  private line = 1;

  constructor(private readonly newline: Uint8Array) {}

  advance(consumed: Uint8Array): void {
    this.line += this.count(Buffer.from(consumed.buffer, consumed.byteOffset, consumed.byteLength), consumed.length);
  }

  lineAt(buffer: Buffer, position: number): number {
    return this.line + this.count(buffer, position);
  }

  private count(buffer: Buffer, end: number): number {
    let n = 0;
    for (let at = buffer.indexOf(this.newline, 0); at >= 0 && at < end; at = buffer.indexOf(this.newline, at + 1)) {
      if (at % this.newline.length === 0) n++;
    }
    return n;
  }
}
