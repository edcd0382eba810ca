// CSV exports of Windows events. The header picks the dialect:
//   - Event Viewer "Save as CSV" (eventViewerCsv.ts): fixed columns plus the rendered
//     message; recognised by its English header or, in other languages, by its shape.
//   - named columns (namedColumnsCsv.ts): Splunk exports, PowerShell Export-Csv, others.
// PowerShell 5's Export-Csv writes a `#TYPE ...` line before the header; it is skipped.
// Local times (Event Viewer, Export-Csv) name no zone. Sysmon rows carry both that clock
// and the exact UtcTime, so the offset is learned from them (normalize/localClock.ts, as
// for the JSON dialects) and the other rows are moved to UTC; without Sysmon rows they are
// taken as UTC, and the load says which happened.
// Files may be UTF-8 or UTF-16 (Excel and PowerShell write UTF-16LE with a BOM); each
// row's pointer is its first line and its byte offset/length in the file as stored.

import type { FormatReader, LoadedRecord } from '../../types/records';
import { LocalClock, type ClockInfo } from '../normalize/localClock';
import { parseTime } from '../normalize/time';
import { normalizeWinEvent } from '../normalize/windows';
import { csvRecords, type CsvEvent, type CsvRecord, type RowMapper } from './csvRecords';
import { eventViewerRows, hasEventViewerShape, isEventViewerHeader } from './eventViewerCsv';
import { namedColumnRows } from './namedColumnsCsv';
import { EventDataProblems } from './eventDataProblems';
import { textLines } from './lines';

export const readCsv: FormatReader = async function* (bytes, context) {
  const { lines } = await textLines(bytes, context);
  let header: string[] | undefined;
  let mapRow: RowMapper | undefined;
  const clock = new LocalClock((message) => context.warn(message), () => 'the export\'s time column');
  const eventData = new EventDataProblems();
  for await (const record of csvRecords(lines, context)) {
    if (!header) {
      if (record.line === 1 && record.fields[0]!.startsWith('#TYPE ')) continue;
      header = record.fields;
      if (isEventViewerHeader(header)) mapRow = eventViewerRows(context);
      continue;
    }
    // A header in another language is told apart by its first row.
    mapRow ??= hasEventViewerShape(header, record.fields) ? eventViewerRows(context) : namedColumnRows(header, context);
    const row = mapRow(record.fields, record);
    if (!row) continue;
    if (row.eventDataProblem) eventData.note(`line ${record.line}`, row.eventDataProblem);
    const loaded = toLoaded(row, record);
    yield* clock.push(loaded, clockInfo(row, loaded));
  }
  yield* clock.finish();
  eventData.report((message) => context.warn(message));
};

function toLoaded(row: CsvEvent, record: CsvRecord): LoadedRecord {
  const event = normalizeWinEvent(row.event);
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
