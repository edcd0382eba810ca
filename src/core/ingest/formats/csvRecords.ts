// CSV records from text lines, where a quoted field may span lines (Event Viewer writes
// multi-line messages). A record is complete when its quotes balance; papaparse then
// splits it into fields. A quote that never closes would swallow the rest of the file,
// so a record is capped in bytes: past the cap (or at the end of the source) its first
// line is rejected and reading resumes on the line after it.
// Streaming here is line by line over the byte stream (lines.ts), which is what gives
// every record an exact line number and byte offset; papaparse parses one record at a time.

import Papa from 'papaparse';
import type { ReaderContext, WinEvent } from '../../types/records';
import type { TextLine } from './lines';

export interface CsvRecord {
  readonly fields: string[];
  /** First line of the record. */
  readonly line: number;
  readonly offset: number;
  readonly length: number;
}

/** A row as a WinEvent, and whether its time is the exporting machine's local time. */
export interface CsvEvent {
  readonly event: WinEvent;
  /** The time text as exported, when it was local and converted for `event.timeCreated`. */
  readonly localTimeRaw: string | null;
  /** TimeCreated is the SystemTime the log wrote (EvtxECmd), trusted over a Sysmon UtcTime hours away, as in EVTX. */
  readonly recordTime?: boolean;
  /** Why the row loaded without its event data (an EvtxECmd Payload, a Sentinel EventData that cannot be read). */
  readonly dataProblem?: string | null;
}

/** A CSV dialect's row → event, or undefined after rejecting the row. */
export type RowMapper = (fields: readonly string[], record: CsvRecord) => CsvEvent | undefined;

/** A row of as many fields as the header (or a blank line), else rejected by line. */
export function hasHeaderWidth(fields: readonly string[], header: readonly string[], record: CsvRecord, context: ReaderContext): boolean {
  if (fields.length === header.length || (fields.length === 1 && fields[0] === '')) return true;
  context.reject({ line: record.line, offset: record.offset, reason: `row has ${fields.length} fields, the header has ${header.length}` });
  return false;
}

export const DEFAULT_MAX_RECORD_BYTES = 4 * 1024 * 1024;

export async function* csvRecords(lines: AsyncIterable<TextLine>, context: ReaderContext, maxRecordBytes = DEFAULT_MAX_RECORD_BYTES): AsyncIterable<CsvRecord> {
  const iterator = lines[Symbol.asyncIterator]();
  // Lines to read again after a record was abandoned at its first line.
  let replay: TextLine[] = [];
  let replayAt = 0;
  let open: TextLine[] = [];
  let openBytes = 0;
  let inQuotes = false;

  const abandon = (reason: string): void => {
    const first = open[0]!;
    context.reject({ line: first.line, offset: first.offset, reason });
    replay = [...open.slice(1), ...replay.slice(replayAt)];
    replayAt = 0;
    open = [];
    openBytes = 0;
    inQuotes = false;
  };

  for (;;) {
    let line = replay[replayAt++];
    if (!line) {
      const next = await iterator.next();
      if (next.done) {
        if (open.length === 0) return;
        abandon('unterminated quoted field starting on this line (end of source reached); line skipped');
        continue;
      }
      line = next.value;
    }
    if (open.length === 0 && line.text === '') continue;
    open.push(line);
    openBytes += line.length;
    inQuotes = quoteStateAfter(line.text, inQuotes);
    if (inQuotes) {
      if (openBytes > maxRecordBytes) abandon(`unterminated quoted field starting on this line (record exceeds ${maxRecordBytes} bytes); line skipped`);
      continue;
    }
    const text = open.length === 1 ? line.text : open.map((l) => l.text).join('\n');
    const fields = splitRecord(text);
    if (typeof fields === 'string') {
      // Across lines, the quote that opened the record was probably the stray one.
      abandon(`malformed CSV record: ${fields}; line skipped`);
      continue;
    }
    const first = open[0]!;
    open = [];
    openBytes = 0;
    yield { fields, line: first.line, offset: first.offset, length: line.offset + line.length - first.offset };
  }
}

/** The fields of one complete record, or what is wrong with its quoting. */
function splitRecord(text: string): string[] | string {
  // Without quotes, CSV is a plain split; papaparse handles everything else.
  if (!text.includes('"')) return text.split(',');
  const parsed = Papa.parse<string[]>(text, { header: false, delimiter: ',', newline: '\n', skipEmptyLines: false });
  const problem = parsed.errors.find((e) => e.type === 'Quotes');
  if (problem || parsed.data.length !== 1) return problem?.message ?? 'quotes do not delimit fields';
  return parsed.data[0]!;
}

/**
 * Whether a record is inside a quoted field at the end of `text`. A quote opens a field
 * only at its start; inside, `""` is a literal quote. A stray quote in the middle of an
 * unquoted field is literal too (as papaparse reads it).
 */
export function quoteStateAfter(text: string, inQuotes: boolean): boolean {
  if (!inQuotes && !text.includes('"')) return false;
  let quoted = inQuotes;
  let fieldStart = !inQuotes;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"') {
        if (text[i + 1] === '"') i++;
        else quoted = false;
      }
    } else if (c === '"' && fieldStart) {
      quoted = true;
    }
    fieldStart = !quoted && c === ',';
  }
  return quoted;
}
