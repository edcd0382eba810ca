// Event id -> raw record: finds the event's source and pointer in the store, reads the
// text through RawReader, and serves raw_field(id, 'Name') to SQL so original (unmapped)
// fields stay queryable without storing raw text in the database.

import type { RawEvent } from '../types/session';
import type { SqlStore } from './sqlStore';
import type { SourceInfo, SqlValue } from '../types/store';
import { displayName, type RawReader, type RawPointerRow } from '../raw/reader';
import { delimitedField, delimitedLayout, jsonField, xmlField, type DelimitedLayout } from '../raw/field';

const TEXT_CACHE_SIZE = 512;

export class RawAccess {
  private readonly sourcesById = new Map<number, SourceInfo>();
  private readonly layouts = new Map<number, DelimitedLayout | undefined>();
  private readonly texts = new Map<number, string>();

  constructor(private readonly store: SqlStore, private readonly reader: RawReader) {
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
    const row = this.store.all('SELECT source_id, line, "offset", length FROM events WHERE id = ?', [eventId])[0];
    if (!row) throw new Error(`no event with id ${eventId}`);
    return {
      source: this.source(Number(row.source_id)),
      pointer: { line: row.line === null ? null : Number(row.line), offset: Number(row.offset), length: Number(row.length) },
    };
  }

  private text(eventId: number): { source: SourceInfo; pointer: RawPointerRow; text: string } {
    const { source, pointer } = this.pointer(eventId);
    let text = this.texts.get(eventId);
    if (text === undefined) {
      text = this.reader.text(source, pointer);
      if (this.texts.size >= TEXT_CACHE_SIZE) this.texts.delete(this.texts.keys().next().value!);
      this.texts.set(eventId, text);
    }
    return { source, pointer, text };
  }

  /** The raw record of an event, or an error saying why it cannot be recovered. */
  event(eventId: number): RawEvent {
    let located: { source: SourceInfo; pointer: RawPointerRow } | undefined;
    try {
      located = this.pointer(eventId);
      const { text } = this.text(eventId);
      return { id: eventId, source: eventSource(located.source, located.pointer), text, plainFile: located.source.member === null };
    } catch (error) {
      const source = located ? eventSource(located.source, located.pointer) : { file: '' };
      return { id: eventId, source, text: null, plainFile: located?.source.member === null, error: (error as Error).message };
    }
  }

  /** An original field of an event's raw record; null when absent or unreadable. */
  field(eventId: number, name: string): SqlValue {
    let record;
    try {
      record = this.text(eventId);
    } catch {
      return null;
    }
    const { source, text } = record;
    if (source.format === 'json') return jsonField(text, name);
    if (source.format === 'evtx-xml' || source.format === 'evtx') return xmlField(text, name);
    if (!this.layouts.has(source.id)) this.layouts.set(source.id, delimitedLayout(source.format, this.reader.head(source)));
    const layout = this.layouts.get(source.id);
    return layout ? delimitedField(layout, text, name) : null;
  }
}

function eventSource(source: SourceInfo, pointer: RawPointerRow): RawEvent['source'] {
  return { file: displayName(source), ...(pointer.line !== null ? { line: pointer.line } : {}), offset: pointer.offset };
}
