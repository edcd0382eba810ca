// CSV exports of Windows events, in two dialects picked from the header:
//   - Event Viewer "Save as CSV" (eventViewerCsv.ts): fixed columns plus the message,
//     recognised by its English header or, in other languages, by its shape.
//   - Splunk exports and other CSVs with named columns (`_time`, `host`, `EventCode`,
//     `LogName`, `SourceName`, then EventData-named columns such as `Image`,
//     `CommandLine`): known columns fill the WinEvent's system fields, the rest become
//     its data by column name; Splunk's own bookkeeping columns (`_raw`, `punct`,
//     `index`, ...) are left out.
// Files may be UTF-8 or UTF-16 (Excel and PowerShell write UTF-16LE with a BOM); each
// row's pointer is its first line and its byte offset/length in the file as stored.

import type { FormatReader, LoadedRecord, ReaderContext, WinEvent } from '../types';
import { normalizeWinEvent } from '../normalize/windows';
import { csvRecords, type CsvRecord } from './csvRecords';
import { eventViewerEvent, hasEventViewerShape, isEventViewerHeader } from './eventViewerCsv';
import { textLines } from './lines';

/** Column names (lower case) that fill each system field, in order of preference. */
const SYSTEM_COLUMNS = {
  time: ['_time', 'timecreated', 'timegenerated', 'systemtime', '@timestamp'],
  eventId: ['eventcode', 'eventid', 'event_id', 'id'],
  recordId: ['recordnumber', 'eventrecordid', 'record_number', 'recordid'],
  computer: ['computername', 'computer', 'machinename', 'hostname', 'host'],
  provider: ['sourcename', 'providername', 'provider_name', 'provider'],
  channel: ['logname', 'channel', 'log_name'],
} as const;

/** Splunk's own fields: about the indexing, not the event. */
const SPLUNK_META = new Set(['_raw', 'host', 'source', 'sourcetype', 'index', 'splunk_server', 'linecount', 'punct', 'eventtype', 'tag', 'timestartpos', 'timeendpos', 'splunk_server_group']);

type RowMapper = (fields: readonly string[], record: CsvRecord) => WinEvent | undefined;

export const readCsv: FormatReader = async function* (bytes, context) {
  const { lines } = await textLines(bytes, context);
  let header: string[] | undefined;
  let mapRow: RowMapper | undefined;
  for await (const record of csvRecords(lines, context)) {
    if (!header) {
      header = record.fields;
      if (isEventViewerHeader(header)) mapRow = eventViewerRows(context);
      continue;
    }
    // A header in another language is told apart by its first row.
    mapRow ??= hasEventViewerShape(header, record.fields) ? eventViewerRows(context) : namedColumnRows(header, context);
    const event = mapRow(record.fields, record);
    if (event) yield toLoaded(event, record);
  }
};

function toLoaded(event: WinEvent, record: CsvRecord): LoadedRecord {
  return { pointer: { line: record.line, offset: record.offset, length: record.length }, event: normalizeWinEvent(event) };
}

function eventViewerRows(context: ReaderContext): RowMapper {
  context.dialect?.('event-viewer');
  let warned = false;
  return (fields, record) => {
    const row = eventViewerEvent(fields);
    if (!row.timeRead) {
      context.reject({ line: record.line, offset: record.offset, reason: `unreadable date and time "${row.timeRaw}"` });
      return undefined;
    }
    if (!warned) {
      warned = true;
      context.warn(`Event Viewer CSV times are the exporting machine's local time without a zone (e.g. "${row.timeRaw}"); they are read as UTC. The export has no computer name, channel or record id.`);
    }
    return row.event;
  };
}

function namedColumnRows(header: readonly string[], context: ReaderContext): RowMapper {
  const lower = header.map((h) => h.trim().toLowerCase());
  const splunk = lower.includes('_time') || lower.includes('_raw') || lower.includes('sourcetype');
  context.dialect?.(splunk ? 'splunk' : 'columns');
  const pick = (names: readonly string[]): number => {
    for (const name of names) {
      const i = lower.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };
  const at = {
    time: pick(SYSTEM_COLUMNS.time),
    eventId: pick(SYSTEM_COLUMNS.eventId),
    recordId: pick(SYSTEM_COLUMNS.recordId),
    computer: pick(SYSTEM_COLUMNS.computer),
    provider: pick(SYSTEM_COLUMNS.provider),
    channel: pick(SYSTEM_COLUMNS.channel),
  };
  // Splunk's `source` is `WinEventLog:Security` or `XmlWinEventLog:Microsoft-Windows-Sysmon/Operational`.
  const sourceColumn = splunk ? lower.indexOf('source') : -1;
  const system = new Set(Object.values(at).filter((i) => i >= 0));
  const dataColumns = header
    .map((name, i) => ({ name: name.trim(), i }))
    .filter(({ name, i }) => !system.has(i) && name !== '' && !(splunk && (SPLUNK_META.has(name.toLowerCase()) || name.startsWith('_') || name.startsWith('date_'))));
  if (at.eventId < 0 && at.time < 0) {
    context.warn(`CSV header (${header.slice(0, 6).join(',')}${header.length > 6 ? ',...' : ''}) has neither an event id column (EventCode, EventID) nor a time column (_time, TimeCreated): not a Windows event export; rows skipped`);
    return () => undefined;
  }
  return (fields, record) => {
    if (fields.length !== header.length && !(fields.length === 1 && fields[0] === '')) {
      context.reject({ line: record.line, offset: record.offset, reason: `row has ${fields.length} fields, the header has ${header.length}` });
      return undefined;
    }
    const value = (i: number): string | null => (i >= 0 ? nonEmpty(fields[i]) : null);
    const data: Record<string, string> = {};
    for (const { name, i } of dataColumns) {
      const v = fields[i];
      if (v !== undefined && v !== '') data[name] = v;
    }
    return {
      provider: value(at.provider),
      channel: value(at.channel) ?? channelFromSplunkSource(value(sourceColumn)),
      eventId: integer(value(at.eventId)),
      recordId: integer(value(at.recordId)),
      computer: value(at.computer),
      timeCreated: value(at.time),
      data,
    };
  };
}

function channelFromSplunkSource(source: string | null): string | null {
  if (source === null) return null;
  const colon = source.indexOf(':');
  return colon > 0 && /WinEventLog$/i.test(source.slice(0, colon)) ? source.slice(colon + 1) : null;
}

function nonEmpty(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

function integer(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}
