// The JSON format reader: NDJSON (one record per line), a JSON array (any layout, any
// size) or pretty-printed objects one after another, any dialect (normalize/json.ts). The source is never decoded or parsed whole:
// lines are split on bytes by formats/lines.ts, array elements are found by a small scanner
// over depth and strings (jsonArray.ts), and each record is parsed alone. Each record keeps
// its byte offset/length (and line) as its raw pointer. UTF-8 with or without BOM and UTF-16
// (Windows PowerShell's Out-File default) are read; offsets are those of the stored bytes.
// A bad record is rejected with its line or offset and the reason; the rest loads.

import { isUtf8 } from 'node:buffer';
import type { FormatReader, LoadedRecord, ReaderContext, Rejection } from '../../types/records';
import { isJsonRecordError, isNulPadding, LOCAL_CLOCK_NAMES, parseJsonRecord, type JsonDialect } from '../normalize/json';
import { DataProblems } from '../normalize/dataProblems';
import { LocalClock } from '../normalize/localClock';
import { peek } from '../../raw/sources/byteStream';
import { decode, sniffEncoding, type TextEncoding } from '../../raw/encoding';
import { ArrayScanner, type JsonLayout, type Span } from './jsonArray';
import { textLines } from './lines';

/** Records longer than this are rejected unread (a runaway line is not an event). */
export const MAX_RECORD_BYTES = 32 * 1024 * 1024;

/** The dialects a source has shown so far, named to `context.dialect` (`nxlog+ecs`) each time a new one appears. */
export class DialectsSeen {
  private readonly seen = new Set<JsonDialect>();

  constructor(private readonly context: ReaderContext) {}

  add(dialect: JsonDialect): void {
    if (this.seen.has(dialect)) return;
    this.seen.add(dialect);
    this.context.dialect?.([...this.seen].join('+'));
  }

  list(): JsonDialect[] {
    return [...this.seen];
  }
}

/** Turns one record's text into normalized records (more than one when the clock releases held ones). */
class RecordSink {
  private readonly clock: LocalClock;
  private clockDialect: JsonDialect = 'nxlog';
  private readonly dialects: DialectsSeen;
  private readonly problems = new DataProblems();
  private padding = 0;
  private first = true;
  /** The source turned out to be one that is not loaded (see JsonRecordError.unsupportedSource); stop reading. */
  skipped = false;

  constructor(private readonly context: ReaderContext) {
    this.dialects = new DialectsSeen(context);
    this.clock = new LocalClock((m) => context.warn(m), () => LOCAL_CLOCK_NAMES[this.clockDialect] ?? 'the local clock');
  }

  take(text: string, span: Span): LoadedRecord[] {
    if (isNulPadding(text)) {
      this.padding++;
      return [];
    }
    const result = parseJsonRecord(text);
    const first = this.first;
    this.first = false;
    if (isJsonRecordError(result)) {
      if (first && result.unsupportedSource) {
        this.context.warn(result.unsupportedSource);
        this.skipped = true;
      } else {
        this.context.reject(rejection(span, result.error));
      }
      return [];
    }
    this.dialects.add(result.dialect);
    if (result.dataProblem) this.problems.note(span, result.dataProblem);
    if (result.localTime) this.clockDialect = result.dialect;
    const pointer = span.line === undefined ? { offset: span.offset, length: span.length } : { line: span.line, offset: span.offset, length: span.length };
    return this.clock.push({ pointer, event: result.event }, result);
  }

  finish(): LoadedRecord[] {
    const rest = this.clock.finish();
    if (this.padding > 0) this.context.warn(`${this.padding} line(s) of NUL padding skipped`);
    this.problems.report((m) => this.context.warn(m));
    return rest;
  }
}

/** One record's text and where it lies in the source (a TextLine or an array element). */
interface RecordText extends Span {
  readonly text: string;
}

function rejection(span: Span, reason: string): Rejection {
  return span.line === undefined ? { offset: span.offset, reason } : { line: span.line, offset: span.offset, reason };
}

function isBlank(text: string): boolean {
  return text.trim() === '';
}

/** The text of each top-level array element (or object of a sequence), with its place in the source: those of each chunk read, in order. */
async function* scannedElements(bytes: AsyncIterable<Uint8Array>, encoding: TextEncoding, layout: JsonLayout, context: ReaderContext): AsyncGenerator<readonly RecordText[]> {
  const scanner = new ArrayScanner(encoding, MAX_RECORD_BYTES, (problem) => context.reject(problem), (message) => context.warn(message), layout);
  let invalidUtf8 = 0;
  let skip = encoding.bomLength;
  const texts = (elements: Iterable<{ bytes: Buffer; span: Span }>): RecordText[] => {
    const batch: RecordText[] = [];
    for (const { bytes: element, span } of elements) {
      if (encoding.name === 'utf-8' && !isUtf8(element)) invalidUtf8++;
      batch.push({ text: decode(element, encoding), ...span });
    }
    return batch;
  };
  for await (const incoming of bytes) {
    let chunk = Buffer.from(incoming.buffer, incoming.byteOffset, incoming.byteLength);
    if (skip > 0) {
      // The BOM is not JSON; blank it out so offsets stay those of the source.
      chunk = Buffer.from(chunk);
      const n = Math.min(skip, chunk.length);
      chunk.fill(0x20, 0, n);
      skip -= n;
    }
    yield texts(scanner.push(chunk));
  }
  yield texts(scanner.end());
  if (invalidUtf8 > 0) context.warn(`${invalidUtf8} array element(s) are not valid UTF-8; invalid bytes read as U+FFFD`);
}

/**
 * How records are laid out, from the source's first bytes: an array; pretty-printed objects
 * one after another (the first line is a lone `{`, as `jq .` and ConvertTo-Json write them);
 * or one record per line. Exported so that a parallel NDJSON reader can leave the other
 * layouts to this one.
 */
export function jsonLayout(head: Uint8Array, encoding: TextEncoding): JsonLayout | 'lines' {
  const text = decode(head.subarray(encoding.bomLength, head.length - (head.length - encoding.bomLength) % encoding.unit), encoding).trimStart();
  if (text.startsWith('[')) return 'array';
  const newline = text.indexOf('\n');
  return newline >= 0 && text.slice(0, newline).trim() === '{' ? 'sequence' : 'lines';
}

export const readJson: FormatReader = async function* readJson(bytes, context) {
  const { head, stream } = await peek(bytes, 4096);
  const encoding = sniffEncoding(head);
  const layout = jsonLayout(head, encoding);
  const texts = layout === 'lines'
    ? (await textLines(stream, context, { maxLineBytes: MAX_RECORD_BYTES })).batches
    : scannedElements(stream, encoding, layout, context);
  const sink = new RecordSink(context);
  for await (const batch of texts) {
    const loaded: LoadedRecord[] = [];
    for (const record of batch) {
      if (isBlank(record.text)) continue;
      // Not push(...): the clock may release 20,000 held records at once.
      for (const released of sink.take(record.text, record)) loaded.push(released);
      if (sink.skipped) return;
    }
    if (loaded.length > 0) yield loaded;
  }
  const rest = sink.finish();
  if (rest.length > 0) yield rest;
};
