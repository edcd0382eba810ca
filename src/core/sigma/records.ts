// Events as Sigma rules see them: the fields of each raw record as logged (EventData by
// name, plus the System fields EventID, Channel, Provider_Name, Computer, EventRecordID,
// Level, Keywords), read in bulk for a run: plain files through a sliding read window,
// archive members decompressed once, binary EVTX decoded a chunk at a time. A record's text is
// read into fields by ingest/recordFields.ts, the reading raw_field() shares. Windows records
// (EVTX, EVTX-XML, the Windows JSON dialects, and CSV exports read by their dialect as the
// loader reads them) carry the Windows field names, so a field they lack is absent. Other
// records (Zeek, pfirewall) name fields their own way: a field they lack falls back to the
// normalized column its name resolves to through the alias layer.

import { decodeChunk } from '../ingest/evtx/chunk';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from '../ingest/evtx/layout';
import { recordFieldReader, winEventFields } from '../ingest/recordFields';
import { decode, sniffEncoding, type TextEncoding } from '../raw/encoding';
import type { RecordFieldReader, RecordFields, WinEvent } from '../types/records';
import { resolveField } from '../schema/aliases';
import { readEntryBytes, readFileRangeInto } from '../raw/entryBytes';
import { looseName } from '../raw/field';
import { eventRows } from '../store/events';
import type { RecordPointer } from '../store/recordPointers';
import type { EventStore, Row, SourceInfo, SqlValue } from '../types/store';
import { MapEvent, type FieldShape, type FieldValue, type SigmaEvent } from './event';

type Fields = Readonly<Record<string, FieldValue>>;

const WINDOW = 4 * 1024 * 1024;

class SourceReader {
  private window: { offset: number; bytes: Buffer } | undefined;
  /**
   * The window's buffer, allocated once and refilled: a new 4 MiB buffer per window (hundreds
   * per run over 1M events) grew external memory fast enough to force a full garbage
   * collection every few windows.
   */
  private buffer: Buffer | undefined;
  private member: Buffer | undefined;
  private encoding: TextEncoding | undefined;
  private chunk: { number: number; byOffset: Map<number, WinEvent> } | undefined;
  private records: RecordFieldReader | undefined;

  constructor(readonly source: SourceInfo) {}

  private bytes(offset: number, length: number): Buffer {
    if (this.source.member !== null) {
      this.member ??= readEntryBytes(this.source.path, this.source.member);
      return this.member.subarray(offset, offset + length);
    }
    const w = this.window;
    if (w && offset >= w.offset && offset + length <= w.offset + w.bytes.length) return w.bytes.subarray(offset - w.offset, offset - w.offset + length);
    if (!this.buffer || this.buffer.length < length) this.buffer = Buffer.allocUnsafe(Math.max(WINDOW, length));
    const read = readFileRangeInto(this.source.path, offset, this.buffer);
    this.window = { offset, bytes: this.buffer.subarray(0, read) };
    return this.window.bytes.subarray(0, length);
  }

  private text(offset: number, length: number): string {
    this.encoding ??= sniffEncoding(this.bytes(0, 1024));
    return decode(this.bytes(offset, length), this.encoding);
  }

  /** A record's text without a trailing line break, as raw access gives it (checked at the end: no scan of a long record). */
  private line(offset: number, length: number): string {
    const text = this.text(offset, length);
    if (!text.endsWith('\n')) return text;
    return text.slice(0, text.endsWith('\r\n') ? -2 : -1);
  }

  /** The record's fields, read as raw_field() reads them (ingest/recordFields.ts); binary EVTX a chunk at a time. */
  fields(pointer: RecordPointer): RecordFields | undefined {
    if (this.source.format === 'evtx') return this.evtx(pointer);
    this.records ??= recordFieldReader(this.source, () => {
      this.encoding ??= sniffEncoding(this.bytes(0, 1024));
      return decode(this.bytes(this.encoding.bomLength, 65536), this.encoding);
    });
    return this.records(this.line(pointer.offset, pointer.length));
  }

  private evtx(pointer: RecordPointer): RecordFields | undefined {
    const number = Math.floor((pointer.offset - FILE_HEADER_SIZE) / CHUNK_SIZE);
    if (this.chunk?.number !== number) {
      const start = FILE_HEADER_SIZE + number * CHUNK_SIZE;
      const decoded = decodeChunk(this.bytes(start, CHUNK_SIZE), number, start);
      this.chunk = { number, byOffset: new Map(decoded.records.map((r) => [r.offset, r.event])) };
    }
    const event = this.chunk.byOffset.get(pointer.offset);
    return event ? winEventFields(event) : undefined;
  }
}

/** Reads records for a run; keep one per run (its caches assume records come roughly in source order). */
export class RecordReader {
  private readonly readers = new Map<number, SourceReader>();
  private readonly sources: Map<number, SourceInfo>;

  constructor(private readonly store: EventStore) {
    this.sources = new Map(store.sources().map((s) => [s.id, s]));
  }

  /** The event's fields as a SigmaEvent; a record that cannot be read has only its columns. */
  event(pointer: RecordPointer): SigmaEvent {
    let reader = this.readers.get(pointer.sourceId);
    if (!reader) {
      const source = this.sources.get(pointer.sourceId);
      if (!source) throw new Error(`no source with id ${pointer.sourceId}`);
      reader = new SourceReader(source);
      this.readers.set(pointer.sourceId, reader);
    }
    let record: RecordFields | undefined;
    try {
      record = reader.fields(pointer);
    } catch {
      record = undefined;
    }
    if (record?.windows) return windowsEvent(record.fields);
    let row: Row | undefined;
    return aliasedEvent(record?.fields ?? {}, (column) => {
      row ??= eventRows(this.store, [pointer.id]).get(pointer.id) ?? {};
      return row[column] ?? null;
    });
  }
}

/** The field names of one kind of record, and which of them each name a rule asks for is. */
class RecordShape implements FieldShape {
  readonly memo = new WeakMap<object, unknown>();
  private byLoose: Map<string, string> | undefined;
  private readonly keys = new Map<string, string | null>();

  constructor(readonly names: readonly string[]) {}

  /** The record's own name for `name`: itself, else the one with the same loose form. */
  key(name: string): string | undefined {
    let key = this.keys.get(name);
    if (key === undefined) {
      this.byLoose ??= new Map(this.names.map((k) => [looseName(k), k]));
      key = this.names.includes(name) ? name : this.byLoose.get(looseName(name)) ?? null;
      if (this.keys.size < 4096) this.keys.set(name, key);
    }
    return key ?? undefined;
  }
}

/**
 * Shapes interned by their names in order, through a trie whose edges are the names: finding
 * a record's shape costs one map step per field, no joined key. Bounded: past MAX_SHAPES
 * kinds (hostile input), the trie starts again.
 */
interface ShapeNode { readonly next: Map<string, ShapeNode>; shape?: RecordShape }
const MAX_SHAPES = 4096;
let shapeRoot: ShapeNode = { next: new Map() };
let shapeCount = 0;

function shapeOf(fields: Fields): RecordShape {
  let node = shapeRoot;
  for (const name in fields) {
    let child = node.next.get(name);
    if (!child) node.next.set(name, (child = { next: new Map() }));
    node = child;
  }
  if (node.shape) return node.shape;
  if (shapeCount >= MAX_SHAPES) {
    shapeRoot = { next: new Map() };
    shapeCount = 0;
  }
  shapeCount++;
  return (node.shape = new RecordShape(Object.keys(fields)));
}

/** A SigmaEvent over a Windows record's fields, which are all it has. */
function windowsEvent(fields: Fields): SigmaEvent {
  const shape = shapeOf(fields);
  return new MapEvent((name) => {
    const key = shape.key(name);
    return key === undefined ? undefined : fields[key];
  }, () => Object.values(fields), shape);
}

/** A SigmaEvent over other records' fields; `column` serves names the record lacks through the alias layer. */
function aliasedEvent(fields: Fields, column: (name: string) => SqlValue): SigmaEvent {
  let shape: RecordShape | undefined;
  return new MapEvent((name) => {
    const key = (shape ??= shapeOf(fields)).key(name);
    if (key !== undefined) return fields[key];
    const resolved = resolveField(name);
    if (!resolved) return undefined;
    const v = column(resolved);
    return v === null || v instanceof Uint8Array ? undefined : v;
  }, () => Object.values(fields));
}
