// Finds `<Event>` elements in a byte stream without parsing the document around them:
// Event Viewer's "Save as XML" wraps them in `<Events>`, `wevtutil qe /f:xml` writes them
// with no root at all, and either may be cut off or damaged mid-way. Scanning for the
// element's start and end in the source's own encoding gives exact byte offsets and lets
// one malformed element be rejected while its neighbours are still read. Tags are matched by
// local name (`<e:Event xmlns:e=…>` too); comments, CDATA and processing instructions are
// passed over whole, so a `</Event>` inside one does not end an event.

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
  const markup = new Markup(tag, encoding);
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
      const found = markup.next(buffer, 0, 'open');
      if (found.kind !== 'open') {
        if (ended) {
          see(buffer.length);
          break;
        }
        // Keep what may start an element or hold one in a comment: an unfinished construct, or a last code unit.
        const drop = found.kind === 'more' ? found.at : Math.max(0, buffer.length - unit);
        see(drop);
        lines.advance(buffer.subarray(0, drop));
        bufferStart += drop;
        buffer = buffer.subarray(drop);
        ended = await append();
        continue;
      }
      const start = found.at;
      see(start);
      const after = markup.next(buffer, Math.max(found.end, searched), 'any');
      const line = lines.lineAt(buffer, start);
      if (after.kind === 'open') {
        context.reject({ line, offset: bufferStart + start, reason: `<${tag}> element is not closed before the next <${tag}>; skipped` });
        consume(after.at);
        continue;
      }
      if (after.kind !== 'close') {
        if (buffer.length - start > maxElementBytes) {
          context.reject({ line, offset: bufferStart + start, reason: `<${tag}> element is longer than ${maxElementBytes} bytes without a closing tag; skipped` });
          consume(buffer.length - ((buffer.length - start) % unit));
          continue;
        }
        if (ended) {
          context.reject({ line, offset: bufferStart + start, reason: `<${tag}> element is cut off at the end of the source` });
          break;
        }
        // Resume the search where it stopped: at an unfinished construct, or near the end.
        searched = after.kind === 'more' ? after.at : Math.max(found.end, buffer.length - unit);
        ended = await append();
        continue;
      }
      yield { bytes: buffer.subarray(start, after.end), offset: bufferStart + start, line };
      consume(after.end);
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

type Found =
  /** `<tag` or `<prefix:tag` (at its `<`; `end` after the name), or `</tag>` (`end` after its `>`). */
  | { readonly kind: 'open' | 'close'; readonly at: number; readonly end: number }
  /** A construct starts at `at` that the buffer does not hold whole yet. */
  | { readonly kind: 'more'; readonly at: number }
  | { readonly kind: 'none' };

/** Longest element name looked at; longer names are not the tag. */
const MAX_NAME_UNITS = 256;

/**
 * The markup that matters for finding elements named `tag` (with any namespace prefix) in
 * the source's encoding: their start and end tags. Comments, CDATA sections and processing
 * instructions are passed over whole, so `</Event>` written inside one does not end an event.
 */
class Markup {
  private readonly lt: Uint8Array;
  private readonly tagBytes: Uint8Array;
  private readonly constructs: ReadonlyArray<readonly [Uint8Array, Uint8Array]>;
  private readonly longestOpener: number;

  constructor(tag: string, private readonly encoding: TextEncoding) {
    this.lt = encodeAscii('<', encoding);
    this.tagBytes = encodeAscii(tag, encoding);
    this.constructs = [['<!--', '-->'], ['<![CDATA[', ']]>'], ['<?', '?>']].map(([a, b]) => [encodeAscii(a!, encoding), encodeAscii(b!, encoding)] as const);
    this.longestOpener = Math.max(...this.constructs.map(([a]) => a.length));
  }

  /** The first open tag (`want` 'open'), or open or close tag ('any'), at or after `from`. */
  next(buffer: Buffer, from: number, want: 'open' | 'any'): Found {
    const unit = this.encoding.unit;
    for (let at = this.find(buffer, this.lt, from); at >= 0; at = this.find(buffer, this.lt, at + unit)) {
      const construct = this.constructs.find(([opener]) => startsAt(buffer, at, opener));
      if (construct) {
        const close = this.find(buffer, construct[1], at + construct[0].length);
        if (close < 0) return { kind: 'more', at };
        at = close + construct[1].length - unit;
        continue;
      }
      if (buffer.length - at < this.longestOpener && this.char(buffer, at + unit) === 0x21) return { kind: 'more', at };
      const closing = this.char(buffer, at + unit) === 0x2f;
      const nameStart = at + (closing ? 2 : 1) * unit;
      let nameEnd = nameStart;
      let c = this.char(buffer, nameEnd);
      while (c !== undefined && !isDelimiter(c) && nameEnd - nameStart < MAX_NAME_UNITS * unit) {
        nameEnd += unit;
        c = this.char(buffer, nameEnd);
      }
      if (c === undefined) return { kind: 'more', at };
      if (!isDelimiter(c) || c === 0x3c || c === 0x3d || !this.isTag(buffer, nameStart, nameEnd)) continue;
      if (!closing) return { kind: 'open', at, end: nameEnd };
      if (want === 'open' || c === 0x2f) continue;
      const gt = this.find(buffer, encodeAscii('>', this.encoding), nameEnd);
      if (gt < 0) return { kind: 'more', at };
      return { kind: 'close', at, end: gt + unit };
    }
    return { kind: 'none' };
  }

  /** Whether the name is the tag, alone or after a prefix and `:`. */
  private isTag(buffer: Buffer, start: number, end: number): boolean {
    const local = end - this.tagBytes.length;
    if (local < start || !startsAt(buffer, local, this.tagBytes)) return false;
    return local === start || this.char(buffer, local - this.encoding.unit) === 0x3a;
  }

  private char(buffer: Buffer, at: number): number | undefined {
    if (at + this.encoding.unit > buffer.length) return undefined;
    return this.encoding.unit === 1 ? buffer[at]! : this.encoding.name === 'utf-16le' ? buffer.readUInt16LE(at) : buffer.readUInt16BE(at);
  }

  /** `pattern` at or after `from`, on a code-unit boundary. */
  private find(buffer: Buffer, pattern: Uint8Array, from: number): number {
    const unit = this.encoding.unit;
    for (let at = buffer.indexOf(pattern, from); at >= 0; at = buffer.indexOf(pattern, at + 1)) if (at % unit === 0) return at;
    return -1;
  }
}

/** Ends an element name: whitespace, `>`, `/`, `<`, `=`. */
function isDelimiter(c: number): boolean {
  return c === 0x20 || c === 0x09 || c === 0x0a || c === 0x0d || c === 0x3e || c === 0x2f || c === 0x3c || c === 0x3d;
}

function startsAt(buffer: Buffer, at: number, pattern: Uint8Array): boolean {
  if (at + pattern.length > buffer.length) return false;
  for (let i = 0; i < pattern.length; i++) if (buffer[at + i] !== pattern[i]) return false;
  return true;
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
