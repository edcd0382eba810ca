// CSV exports of Windows events. The header picks the dialect:
//   - Event Viewer "Save as CSV" (eventViewerCsv.ts): fixed columns plus the rendered
//     message; recognised by its English header or, in other languages, by its shape.
//   - EvtxECmd (evtxECmdCsv.ts): System fields as columns, the event data in Payload.
//   - named columns (namedColumnsCsv.ts): Splunk exports, PowerShell Export-Csv, others.
// PowerShell 5's Export-Csv writes a `#TYPE ...` line before the header; it is skipped.
// Local times (Event Viewer, Export-Csv) name no zone. Sysmon rows carry both that clock
// and the exact UtcTime, so the offset is learned from them (normalize/localClock.ts, as
// for the JSON dialects) and the other rows are moved to UTC; without Sysmon rows they are
// taken as UTC, and the load says which happened.
// Files may be UTF-8 or UTF-16 (Excel and PowerShell write UTF-16LE with a BOM); each
// row's pointer is its first line and its byte offset/length in the file as stored.

import type { FormatReader, LoadedRecord, ReaderContext } from '../../types/records';
import { DataProblems } from '../normalize/dataProblems';
import { LocalClock, type ClockInfo } from '../normalize/localClock';
import { parseTime } from '../normalize/time';
import { normalizeWinEvent } from '../normalize/windows';
import { csvRecords, type CsvEvent, type CsvRecord, type RowMapper } from './csvRecords';
import { eventViewerRows, hasEventViewerShape, isEventViewerHeader } from './eventViewerCsv';
import { evtxECmdRows, isEvtxECmdHeader } from './evtxECmdCsv';
import { namedColumnRows } from './namedColumnsCsv';
import { eachLine, textLines } from './lines';
import { isTypeLine } from '../../raw/field';

export const readCsv: FormatReader = async function* (bytes, context) {
  const { batches } = await textLines(bytes, context);
  let header: string[] | undefined;
  let mapRow: RowMapper | undefined;
  const clock = new LocalClock((message) => context.warn(message), () => 'the export\'s time column');
  const problems = new DataProblems();
  for await (const record of csvRecords(eachLine(batches), context)) {
    if (!header) {
      if (record.line === 1 && isTypeLine(record.fields[0]!)) continue;
      header = record.fields;
      continue;
    }
    mapRow ??= csvRowMapper(header, record.fields, context);
    const row = mapRow(record.fields, record);
    if (!row) continue;
    if (row.dataProblem) problems.note(record, row.dataProblem);
    const loaded = toLoaded(row, record);
    const released = clock.push(loaded, clockInfo(row, loaded));
    if (released.length > 0) yield released;
  }
  const rest = clock.finish();
  if (rest.length > 0) yield rest;
  problems.report((message) => context.warn(message));
};

/** A CSV export's dialect, by its header; an Event Viewer export in another language is told by a row's shape. */
export function csvRowMapper(header: readonly string[], row: readonly string[], context: ReaderContext): RowMapper {
  if (isEventViewerHeader(header)) return eventViewerRows(context);
  if (isEvtxECmdHeader(header)) return evtxECmdRows(header, context);
  return hasEventViewerShape(header, row) ? eventViewerRows(context) : namedColumnRows(header, context);
}

function toLoaded(row: CsvEvent, record: CsvRecord): LoadedRecord {
  const event = normalizeWinEvent(row.event, row.recordTime);
  // ts_raw keeps the time as exported, not its ISO rewrite; Sysmon's UtcTime stays as it is.
  if (row.localTimeRaw !== null && event.ts_raw === row.event.timeCreated) event.ts_raw = row.localTimeRaw;
  return { pointer: { line: record.line, offset: record.offset, length: record.length }, event };
}

/** A local-time row is to be corrected, unless its time came from Sysmon's UtcTime: then it is a sample of the clock. */
function clockInfo(row: CsvEvent, loaded: LoadedRecord): ClockInfo {
  if (row.localTimeRaw === null) return { localTime: false, clockSample: null };
  const fromLocal = loaded.event.ts_raw === row.localTimeRaw;
  const local = parseTime(row.event.timeCreated);
  const ts = loaded.event.ts;
  return {
    localTime: fromLocal,
    clockSample: !fromLocal && local !== null && typeof ts === 'number' ? local - ts : null,
  };
}
