// CSV exports of Windows events. The header picks the dialect:
//   - Event Viewer "Save as CSV" (eventViewerCsv.ts): fixed columns plus the rendered
//     message; recognised by its English header or, in other languages, by its shape.
//   - named columns (namedColumnsCsv.ts): Splunk exports, PowerShell Export-Csv, others.
// PowerShell 5's Export-Csv writes a `#TYPE ...` line before the header; it is skipped.
// Files may be UTF-8 or UTF-16 (Excel and PowerShell write UTF-16LE with a BOM); each
// row's pointer is its first line and its byte offset/length in the file as stored.

import type { FormatReader, LoadedRecord, WinEvent } from '../types';
import { normalizeWinEvent } from '../normalize/windows';
import { csvRecords, type CsvRecord, type RowMapper } from './csvRecords';
import { eventViewerRows, hasEventViewerShape, isEventViewerHeader } from './eventViewerCsv';
import { namedColumnRows } from './namedColumnsCsv';
import { textLines } from './lines';

export const readCsv: FormatReader = async function* (bytes, context) {
  const { lines } = await textLines(bytes, context);
  let header: string[] | undefined;
  let mapRow: RowMapper | undefined;
  for await (const record of csvRecords(lines, context)) {
    if (!header) {
      if (record.line === 1 && record.fields[0]!.startsWith('#TYPE ')) continue;
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
