// A raw record's fields as logged, read one way for everything that reads original fields:
// Sigma rules (sigma/records.ts) and raw_field() in SQL and analytics (store/rawAccess.ts, given
// this reader by the session, since the store does not import ingest). Windows records, in any
// format, read as the loader reads them: EVTX-XML (and binary EVTX rendered as XML), the
// Windows JSON dialects, and CSV exports by their dialect (Event Viewer's message labels,
// EvtxECmd's Payload, Sentinel's EventData, named columns and Export-Csv's Message); their
// fields are the EventData by name plus the System fields. Other records (Zeek, pfirewall,
// JSON of no Windows dialect) keep their own names.

import type { RecordFieldReader, RecordFields, WinEvent } from '../types/records';
import type { SourceInfo } from '../types/store';
import { delimitedLayout, type DelimitedLayout } from '../raw/field';
import { parseEventXml } from './formats/evtxXml';
import { csvRowMapper } from './formats/csv';
import type { RowMapper } from './formats/csvRecords';
import { isObject } from './normalize/dialects/shared';
import { fieldsByName } from './normalize/eventFields';
import { jsonWinEvent } from './normalize/json';

type FieldValue = string | number | boolean | null;

/**
 * A WinEvent's fields: EventData by name plus the System fields EventID, Channel,
 * Provider_Name, Computer, EventRecordID, Level, Keywords. The data object is fresh from the
 * caller's decoding and owned here, so the System fields are added to it in place rather than
 * copying every field per event.
 */
export function winEventFields(event: WinEvent): RecordFields {
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
  return { fields, windows: true };
}

/**
 * SigmaHQ rules read the unnamed <Data> values of an event (PowerShell's classic 400/600/800,
 * Application Error 1000; the readers name them Data1..N) as one field `Data` that matches when
 * one of them does. Joined by line breaks, a `contains`, `all` or `re` test sees each value.
 */
function unnamedData(fields: Readonly<Record<string, FieldValue>>): string {
  const values: string[] = [];
  for (let i = 1; fields[`Data${i}`] !== undefined; i++) values.push(String(fields[`Data${i}`] ?? ''));
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

function xmlRecord(text: string): RecordFields | undefined {
  const event = parseEventXml(text);
  return typeof event === 'string' ? undefined : winEventFields(event);
}

function jsonRecord(text: string): RecordFields | undefined {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    return undefined;
  }
  if (!isObject(value)) return undefined;
  const event = jsonWinEvent(value);
  return event ? winEventFields(event) : { fields: flatJson(value), windows: false };
}

/** Zeek and pfirewall rows: their columns by the header's names; `-` is a column left unset. */
function delimitedRecords(layout: DelimitedLayout): RecordFieldReader {
  return (text) => {
    const values = layout.split(text);
    const fields = fieldsByName<FieldValue>();
    layout.columns.forEach((c, i) => { const v = values[i]; if (v !== undefined && v !== '-') fields[c] = v; });
    return { fields, windows: false };
  };
}

/** CSV rows by their export's dialect, picked at the first row read (as the loader does at its first). */
function csvRecords(source: SourceInfo, layout: DelimitedLayout): RecordFieldReader {
  let mapRow: RowMapper | undefined;
  return (text) => {
    const values = layout.split(text);
    mapRow ??= csvRowMapper(layout.columns, values, { sourceName: source.path, reject: () => undefined, warn: () => undefined });
    const row = mapRow(values, { fields: values, line: 0, offset: 0, length: text.length });
    return row ? winEventFields(row.event) : undefined;
  };
}

/**
 * The field reader of one source's text records, built once per source: `head` (the source's
 * first lines, asked only for CSV, Zeek and pfirewall) gives the header. Binary EVTX records read
 * here as the XML they render to; Sigma reads them a chunk at a time instead.
 */
export function recordFieldReader(source: SourceInfo, head: () => string): RecordFieldReader {
  switch (source.format) {
    case 'evtx':
    case 'evtx-xml': return xmlRecord;
    case 'json': return jsonRecord;
    default: {
      const layout = delimitedLayout(source.format, head());
      if (!layout) return () => undefined;
      return source.format === 'csv' ? csvRecords(source, layout) : delimitedRecords(layout);
    }
  }
}
