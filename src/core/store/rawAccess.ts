// Event id -> raw record: finds the event's source and pointer in the store, reads the
// text through RawReader, and serves raw_field(id, 'Name') to SQL so original (unmapped)
// fields stay queryable without storing raw text in the database. A record's fields are read
// as Sigma reads them, by the reader the session hands in (ingest/recordFields.ts: the store
// does not import ingest), so an analytic and a Sigma rule see the same fields; names the
// record's fields lack are looked up in the text the format's own way (raw/field.ts).

import type { RawEvent } from '../types/session';
import type { SqlStore } from './sqlStore';
import type { SourceInfo, SqlValue } from '../types/store';
import type { RecordFieldReader, RecordFields } from '../types/records';
import { displayName, type RawReader, type RawPointerRow } from '../raw/reader';
import { delimitedField, delimitedLayout, jsonField, ownKey, xmlField, type DelimitedLayout } from '../raw/field';

const TEXT_CACHE_SIZE = 512;

/** The field reader of a source's records; `head` gives its first lines (the header of CSV, Zeek, pfirewall). */
export type RecordFieldReaders = (source: SourceInfo, head: () => string) => RecordFieldReader;

/** A record's text, and its fields once a raw_field() call has read them (null: unreadable as fields). */
interface CachedRecord {
  readonly text: string;
  fields?: RecordFields | null;
}

export class RawAccess {
  private readonly sourcesById = new Map<number, SourceInfo>();
  private readonly layouts = new Map<number, DelimitedLayout | undefined>();
  private readonly fieldReaders = new Map<number, RecordFieldReader>();
  /** By event id: SQL calls raw_field() once per field per row, so a row's fields are read once. */
  private readonly records = new Map<number, CachedRecord>();

  constructor(private readonly store: SqlStore, private readonly reader: RawReader, private readonly fieldReader: RecordFieldReaders) {
    store.registerFunction('raw_field', (id, name) => (typeof id === 'number' && typeof name === 'string' ? this.field(id, name) : null));
  }

  private source(id: number): SourceInfo {
    let source = this.sourcesById.get(id);
    if (!source) {
      source = this.store.sources().find((s) => s.id === id);
      if (!source) throw new Error(`no source with id ${id}`);
      this.sourcesById.set(id, source);
    }
    return source;
  }

  private pointer(eventId: number): { source: SourceInfo; pointer: RawPointerRow } {
    const row = this.store.recordPointer(eventId);
    if (!row) throw new Error(`no event with id ${eventId}`);
    return { source: this.source(row.sourceId), pointer: { line: row.line, offset: row.offset, length: row.length } };
  }

  private record(eventId: number): { source: SourceInfo; pointer: RawPointerRow; record: CachedRecord } {
    const { source, pointer } = this.pointer(eventId);
    let record = this.records.get(eventId);
    if (record === undefined) {
      record = { text: this.reader.text(source, pointer) };
      if (this.records.size >= TEXT_CACHE_SIZE) this.records.delete(this.records.keys().next().value!);
      this.records.set(eventId, record);
    }
    return { source, pointer, record };
  }

  /** The raw record of an event, or an error saying why it cannot be recovered. */
  event(eventId: number): RawEvent {
    let located: { source: SourceInfo; pointer: RawPointerRow } | undefined;
    try {
      located = this.pointer(eventId);
      const { text } = this.record(eventId).record;
      return { id: eventId, source: eventSource(located.source, located.pointer), text, plainFile: located.source.member === null };
    } catch (error) {
      const source = located ? eventSource(located.source, located.pointer) : { file: '' };
      return { id: eventId, source, text: null, plainFile: located?.source.member === null, error: (error as Error).message };
    }
  }

  /**
   * An original field of an event's raw record, names compared without case and blanks (as
   * Sigma compares them): the record's fields as Sigma reads them, else the format's own reading
   * of the text (a dotted JSON path, an XML element, a CSV column); null when absent or unreadable.
   */
  field(eventId: number, name: string): SqlValue {
    let located;
    try {
      located = this.record(eventId);
    } catch {
      return null;
    }
    const { source, record } = located;
    if (record.fields === undefined) record.fields = this.fieldsOf(source, record.text);
    const fields = record.fields?.fields;
    if (fields) {
      const key = ownKey(fields, name);
      if (key !== undefined) return sqlValue(fields[key] ?? null);
    }
    return this.formatField(source, record.text, name);
  }

  /** The record's fields; null when they cannot be read (the format's own reading may still find a name). */
  private fieldsOf(source: SourceInfo, text: string): RecordFields | null {
    try {
      let read = this.fieldReaders.get(source.id);
      if (!read) {
        read = this.fieldReader(source, () => this.reader.head(source));
        this.fieldReaders.set(source.id, read);
      }
      return read(text) ?? null;
    } catch {
      return null;
    }
  }

  /** A field by the format's own reading of the record's text. */
  private formatField(source: SourceInfo, text: string, name: string): SqlValue {
    if (source.format === 'json') return jsonField(text, name);
    if (source.format === 'evtx-xml' || source.format === 'evtx') return xmlField(text, name);
    if (!this.layouts.has(source.id)) this.layouts.set(source.id, delimitedLayout(source.format, this.reader.head(source)));
    const layout = this.layouts.get(source.id);
    return layout ? delimitedField(layout, text, name) : null;
  }
}

/** A field's value in SQL: booleans as text, as JSON records' are. */
function sqlValue(value: string | number | boolean | null): SqlValue {
  return typeof value === 'boolean' ? (value ? 'true' : 'false') : value;
}

function eventSource(source: SourceInfo, pointer: RawPointerRow): RawEvent['source'] {
  return { file: displayName(source), ...(pointer.line !== null ? { line: pointer.line } : {}), offset: pointer.offset };
}
