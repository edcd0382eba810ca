// Events as Sigma rules see them: the fields of each raw record as logged (EventData by
// name, plus the System fields EventID, Channel, Provider_Name, Computer, EventRecordID,
// Level, Keywords), read in bulk for a run: plain files through a sliding read window,
// archive members decompressed once, binary EVTX decoded a chunk at a time. Windows records
// (EVTX, EVTX-XML, the Windows JSON dialects, and CSV exports read by their dialect as the
// loader reads them) carry the Windows field names, so a field they lack is absent. Other
// records (Zeek, pfirewall) name fields their own way: a field they lack falls back to the
// normalized column its name resolves to through the alias layer.

import { decodeChunk } from '../ingest/evtx/chunk';
import { CHUNK_SIZE, FILE_HEADER_SIZE } from '../ingest/evtx/layout';
import { parseEventXml } from '../ingest/formats/evtxXml';
import { csvRowMapper } from '../ingest/formats/csv';
import type { RowMapper } from '../ingest/formats/csvRecords';
import { decode, sniffEncoding, type TextEncoding } from '../raw/encoding';
import { isObject } from '../ingest/normalize/dialects/shared';
import { fieldsByName } from '../ingest/normalize/eventFields';
import { jsonWinEvent } from '../ingest/normalize/json';
import type { WinEvent } from '../types/records';
import { resolveField } from '../schema/aliases';
import { readEntryBytes, readFileRangeInto } from '../raw/entryBytes';
import { delimitedLayout, type DelimitedLayout } from '../raw/field';
import { eventRows } from '../store/events';
import type { RecordPointer } from '../store/recordPointers';
import type { EventStore, Row, SourceInfo, SqlValue } from '../types/store';
import { MapEvent, textOf, type FieldShape, type FieldValue, type SigmaEvent } from './event';

type Fields = Readonly<Record<string, FieldValue>>;

/** A record's fields, and whether they are a Windows event's (no alias fallback then). */
interface RecordFields { readonly fields: Fields; readonly windows: boolean }

const WINDOW = 4 * 1024 * 1024;

/**
 * A WinEvent's fields: EventData by name plus the System fields. The data object is fresh
 * from this read's decoding and owned here, so the System fields are added to it in place
 * rather than copying every field per event.
 */
function winEventFields(event: WinEvent): Record<string, FieldValue> {
  const fields = event.data as Record<string, FieldValue>;
  if (fields.Data1 !== undefined && !Object.hasOwn(fields, 'Data')) fields.Data = unnamedData(fields);
  if (event.eventId !== null) fields.EventID = event.eventId;
  if (event.channel !== null) fields.Channel = event.channel;
  if (event.provider !== null) fields.Provider_Name = event.provider;
  if (event.computer !== null) fields.Computer = event.computer;
  if (event.recordId !== null) fields.EventRecordID = event.recordId;
  // Level and Keywords are System elements too; an EventData field of the same name, which
  // rules of that provider mean, keeps its value.
  if (event.level != null && !Object.hasOwn(fields, 'Level')) fields.Level = event.level;
  if (event.keywords != null && !Object.hasOwn(fields, 'Keywords')) fields.Keywords = event.keywords;
  return fields;
}

/**
 * SigmaHQ rules read the unnamed <Data> values of an event (PowerShell's classic 400/600/800,
 * Application Error 1000; the readers name them Data1..N) as one field `Data` that matches when
 * one of them does. Joined by line breaks, a `contains`, `all` or `re` test sees each value.
 */
function unnamedData(fields: Fields): string {
  const values: string[] = [];
  for (let i = 1; fields[`Data${i}`] !== undefined; i++) values.push(textOf(fields[`Data${i}`]) ?? '');
  return values.join('\n');
}

/**
 * Levels of a JSON record flattened to dotted keys; an object deeper down is one field holding its
 * JSON text. Real records nest two or three levels. The nesting is the log writer's: flattened
 * whole, 100,000 levels overflowed the stack, the record was read as having no fields and a rule
 * on any of them missed it without a word (and a leaf on each level made keys of quadratic total length).
 */
const MAX_FLAT_DEPTH = 32;

/** Flattens a non-Windows JSON record (Zeek) to dotted keys. */
function flatJson(value: Record<string, unknown>, prefix = '', out = fieldsByName<FieldValue>(), depth = 1): Record<string, FieldValue> {
  for (const [k, v] of Object.entries(value)) {
    if (isObject(v) && depth < MAX_FLAT_DEPTH) flatJson(v, `${prefix}${k}.`, out, depth + 1);
    else out[`${prefix}${k}`] = v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? v : jsonText(v);
  }
  return out;
}

/** A nested value as JSON text; null when it is nested too deep to write (JSON.stringify overflows the stack). */
function jsonText(value: unknown): string | null {
  try {
    return JSON.stringify(value);
  } catch {
    return null;
  }
}

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
  private layout: DelimitedLayout | undefined | null = null;
  private chunk: { number: number; byOffset: Map<number, WinEvent> } | undefined;
  private csvRows: RowMapper | undefined;

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

  /** A record's text without a trailing line break (JSON.parse skips it as white space; other readers get this). */
  private line(offset: number, length: number): string {
    return this.text(offset, length).replace(/\r?\n$/, '');
  }

  fields(pointer: RecordPointer): RecordFields | undefined {
    switch (this.source.format) {
      case 'evtx': return this.evtx(pointer);
      case 'evtx-xml': {
        const event = parseEventXml(this.line(pointer.offset, pointer.length));
        return typeof event === 'string' ? undefined : { fields: winEventFields(event), windows: true };
      }
      case 'json': {
        let value: unknown;
        try {
          value = JSON.parse(this.text(pointer.offset, pointer.length));
        } catch {
          return undefined;
        }
        if (!isObject(value)) return undefined;
        const event = jsonWinEvent(value);
        return event ? { fields: winEventFields(event), windows: true } : { fields: flatJson(value), windows: false };
      }
      case 'csv': return this.csv(pointer);
      default: {
        const layout = this.delimited();
        if (!layout) return undefined;
        const values = layout.split(this.line(pointer.offset, pointer.length));
        const fields = fieldsByName<FieldValue>();
        layout.columns.forEach((c, i) => { const v = values[i]; if (v !== undefined && v !== '-') fields[c] = v; });
        return { fields, windows: false };
      }
    }
  }

  private delimited(): DelimitedLayout | undefined {
    if (this.layout === null) {
      this.encoding ??= sniffEncoding(this.bytes(0, 1024));
      this.layout = delimitedLayout(this.source.format, decode(this.bytes(this.encoding.bomLength, 65536), this.encoding));
    }
    return this.layout;
  }

  /**
   * A CSV row read by its export's dialect, as the loader read it (Event Viewer's message
   * labels, EvtxECmd's Payload, Sentinel's EventData, named columns): the Windows event's fields.
   */
  private csv(pointer: RecordPointer): RecordFields | undefined {
    const layout = this.delimited();
    if (!layout) return undefined;
    const values = layout.split(this.line(pointer.offset, pointer.length));
    this.csvRows ??= csvRowMapper(layout.columns, values, { sourceName: this.source.path, reject: () => undefined, warn: () => undefined });
    const row = this.csvRows(values, { fields: values, line: 0, offset: pointer.offset, length: pointer.length });
    return row ? { fields: winEventFields(row.event), windows: true } : undefined;
  }

  private evtx(pointer: RecordPointer): RecordFields | undefined {
    const number = Math.floor((pointer.offset - FILE_HEADER_SIZE) / CHUNK_SIZE);
    if (this.chunk?.number !== number) {
      const start = FILE_HEADER_SIZE + number * CHUNK_SIZE;
      const decoded = decodeChunk(this.bytes(start, CHUNK_SIZE), number, start);
      this.chunk = { number, byOffset: new Map(decoded.records.map((r) => [r.offset, r.event])) };
    }
    const event = this.chunk.byOffset.get(pointer.offset);
    return event ? { fields: winEventFields(event), windows: true } : undefined;
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

/**
 * Field names compare without case and blanks: some providers name EventData with spaces
 * (Defender's `Source Name`), which the Sigma taxonomy writes as `SourceName`. Rules ask for
 * the same few hundred names over and over: their loose forms are kept.
 */
const LOOSE = new Map<string, string>();
export function looseName(name: string): string {
  let loose = LOOSE.get(name);
  if (loose === undefined) {
    loose = name.toLowerCase().replace(/\s+/g, '');
    if (LOOSE.size < 65536) LOOSE.set(name, loose);
  }
  return loose;
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
