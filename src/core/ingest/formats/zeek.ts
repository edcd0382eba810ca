// Zeek TSV logs (the ASCII writer's default): `#separator`, `#fields`, `#types` headers,
// then one record per line. conn.log, dns.log and dhcp.log are normalized (normalize/zeek.ts);
// any other Zeek log (http, files, ssl...) is skipped with one warning saying so, because no
// column holds what its rows say. Header blocks may repeat (concatenated rotations); each
// applies to the lines after it.

import type { FormatReader, LoadedRecord, ReaderContext } from '../../types/records';
import { fieldsByName } from '../normalize/eventFields';
import { normalizeZeek, zeekLogOf, type ZeekLog } from '../normalize/zeek';
import { textLines, type TextLine } from './lines';

interface Header {
  separator: string;
  setSeparator: string;
  emptyField: string;
  unsetField: string;
  path: string | undefined;
  fields: string[] | undefined;
  types: string[] | undefined;
}

// `time` stays text: the normalizer reads epoch strings, and ts_raw keeps the digits as logged.
const NUMERIC_TYPES = new Set(['interval', 'double', 'count', 'int', 'port']);

export const readZeekTsv: FormatReader = async function* (bytes, context) {
  const { batches } = await textLines(bytes, context);
  const header: Header = { separator: '\t', setSeparator: ',', emptyField: '(empty)', unsetField: '-', path: undefined, fields: undefined, types: undefined };
  let skipped: { path: string; lines: number } | undefined;
  for await (const batch of batches) {
    const records: LoadedRecord[] = [];
    for (const line of batch) {
      if (line.text === '') continue;
      if (line.text.startsWith('#')) {
        // A `#` line Zeek never writes may be a data line made invisible: say so.
        if (!readDirective(line.text, header)) context.reject({ line: line.line, offset: line.offset, reason: 'not a Zeek header line (#separator, #fields, ...); skipped' });
        else if (line.text.startsWith('#path')) context.dialect?.(header.path!);
        continue;
      }
      if (!header.fields) {
        context.reject({ line: line.line, offset: line.offset, reason: 'data line before the #fields header' });
        continue;
      }
      const log = logOf(header);
      if (log === undefined) {
        skipped ??= { path: header.path ?? 'unknown', lines: 0 };
        skipped.lines++;
        continue;
      }
      const record = parseRecord(line, header, log, context);
      if (record) records.push(record);
    }
    if (records.length > 0) yield records;
  }
  if (skipped) {
    context.warn(`Zeek "${skipped.path}" logs are not supported (only conn, dns and dhcp logs are read); ${skipped.lines} line(s) skipped`);
  }
};

/** Applies a header line to `header`; false when it is no header Zeek writes. */
function readDirective(text: string, header: Header): boolean {
  if (/^#separator\s/.test(text)) {
    // The only directive separated by a space, since the separator is not known yet.
    header.separator = unescapeZeek(text.slice('#separator'.length).trim()) || '\t';
    return true;
  }
  const [name, ...values] = text.split(header.separator);
  const value = values.join(header.separator);
  switch (name) {
    case '#empty_field': header.emptyField = value; break;
    case '#unset_field': header.unsetField = value; break;
    case '#path': header.path = value; break;
    case '#fields': header.fields = values; break;
    case '#types': header.types = values; break;
    case '#set_separator': header.setSeparator = value; break;
    case '#open': case '#close': break;
    default: return false;
  }
  return true;
}

function logOf(header: Header): ZeekLog | undefined {
  return zeekLogOf(header.path, (field) => header.fields!.includes(field));
}

function parseRecord(line: TextLine, header: Header, log: ZeekLog, context: ReaderContext): LoadedRecord | undefined {
  const values = line.text.split(header.separator);
  const fields = header.fields!;
  if (values.length !== fields.length) {
    context.reject({ line: line.line, offset: line.offset, reason: `expected ${fields.length} tab-separated fields, found ${values.length}` });
    return undefined;
  }
  const record = fieldsByName<unknown>();
  for (let i = 0; i < fields.length; i++) {
    const raw = values[i]!;
    if (raw === header.unsetField) continue;
    const type = header.types?.[i];
    if (raw === header.emptyField) record[fields[i]!] = '';
    else if (type !== undefined && NUMERIC_TYPES.has(type) && Number.isFinite(Number(raw))) record[fields[i]!] = Number(raw);
    else if (type === 'bool') record[fields[i]!] = raw === 'T';
    else if (type !== undefined && /^(set|vector)\[/.test(type)) record[fields[i]!] = raw.split(header.setSeparator);
    else record[fields[i]!] = raw;
  }
  const result = normalizeZeek(log, record);
  if ('error' in result) {
    context.reject({ line: line.line, offset: line.offset, reason: result.error });
    return undefined;
  }
  const { event } = result;
  if (event.ts === null) {
    context.reject({ line: line.line, offset: line.offset, reason: `no valid ts (found ${JSON.stringify(values[fields.indexOf('ts')] ?? null)})` });
    return undefined;
  }
  return { pointer: { line: line.line, offset: line.offset, length: line.length }, event };
}

/** `\x09` → tab, as Zeek writes the separator in its own header. */
function unescapeZeek(text: string): string {
  return text.replace(/\\x([0-9a-fA-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}
