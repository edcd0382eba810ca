// Original (unmapped) fields, read on demand from a record's raw text the format's own way:
// raw_field(id, 'Name') falls back to this for names the record's fields as Sigma reads them
// (ingest/recordFields.ts) lack. JSON records are searched by key, dotted path, and inside the
// nested payloads of the JSON dialects; XML by <Data Name=...> or element name; delimited
// formats (CSV, Zeek, pfirewall) by the column named in their header.

import Papa from 'papaparse';
import type { SqlValue } from '../types/store';

type Json = unknown;

const NESTED_PAYLOADS = ['event_data', 'user_data', 'EventData', 'UserData', 'winlog', 'Event'];

function scalar(value: Json): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'string' || typeof value === 'number') return value;
  if (typeof value === 'boolean') return value ? 'true' : 'false';
  return JSON.stringify(value);
}

/**
 * Field names compare without case and blanks, in raw_field() as in Sigma rules: some
 * providers name EventData with spaces (Defender's `Source Name`), which the Sigma taxonomy
 * writes as `SourceName`. The same few hundred names are asked over and over: their loose
 * forms are kept.
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

/** The record's own key for `name`, compared loosely (`in` would also find `constructor` on any object). */
export function ownKey(object: Readonly<Record<string, unknown>>, name: string): string | undefined {
  if (Object.hasOwn(object, name)) return name;
  const loose = looseName(name);
  return Object.keys(object).find((k) => looseName(k) === loose);
}

function jsonLookup(value: Json, name: string, depth = 0): Json {
  if (value === null || typeof value !== 'object' || Array.isArray(value) || depth > 3) return undefined;
  const object = value as Record<string, Json>;
  const direct = ownKey(object, name);
  if (direct !== undefined) return object[direct];
  const dot = name.indexOf('.');
  if (dot > 0) {
    const head = ownKey(object, name.slice(0, dot));
    if (head !== undefined) {
      const found = jsonLookup(object[head], name.slice(dot + 1), depth + 1);
      if (found !== undefined) return found;
    }
  }
  for (const nested of NESTED_PAYLOADS) {
    const key = ownKey(object, nested);
    if (key === undefined) continue;
    const found = jsonLookup(object[key], name, depth + 1);
    if (found !== undefined) return found;
  }
  return undefined;
}

export function jsonField(text: string, name: string): SqlValue {
  try {
    return scalar(jsonLookup(JSON.parse(text), name));
  } catch {
    return null;
  }
}

const ENTITIES: Record<string, string> = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
/**
 * Entities and character references as the characters they stand for. A reference past U+10FFFF
 * stays as written: the XML parser refuses one in markup, but in CDATA it is text, and
 * String.fromCodePoint threw on it, which failed the whole query or analytic run.
 */
function unescapeXml(text: string): string {
  return text.replace(/&(lt|gt|amp|quot|apos|#x[0-9a-f]+|#\d+);/gi, (reference, e: string) => {
    if (e[0] !== '#') return ENTITIES[e.toLowerCase()]!;
    const code = e[1] === 'x' || e[1] === 'X' ? parseInt(e.slice(2), 16) : parseInt(e.slice(1), 10);
    return code <= 0x10ffff ? String.fromCodePoint(code) : reference;
  });
}

function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** An element's attribute text and, unless it closes itself, its content. */
interface Element {
  readonly attributes: string;
  readonly content: string | undefined;
}

/**
 * The element whose opening tag `start` (a global regex, matched without case) finds first:
 * its attributes up to the next `>`, and its content up to the first `close` after that, unless
 * it closes itself with `/>`. Each search runs once, from where the last stopped. A lazy
 * `[\s\S]*?` up to the closing tag, tried again at each later opening tag when it failed,
 * scanned to the end once per opening tag: text holding the tag many times and no closing one
 * (CDATA can) made raw_field() on a 500 KB record take 11 s (a 16 MB one, hours, within a run).
 * When no `>` or no closing tag follows the first opening tag, none follows a later one either.
 */
function firstElement(text: string, start: RegExp, close: RegExp): Element | undefined {
  if (start.exec(text) === null) return undefined;
  const end = text.indexOf('>', start.lastIndex);
  if (end < 0) return undefined;
  if (text[end - 1] === '/') return { attributes: text.slice(start.lastIndex, end - 1), content: undefined };
  close.lastIndex = end + 1;
  const closing = close.exec(text);
  return closing === null ? undefined : { attributes: text.slice(start.lastIndex, end), content: text.slice(end + 1, closing.index) };
}

export function xmlField(text: string, name: string): SqlValue {
  const n = escapeRegExp(name);
  const data = firstElement(text, new RegExp(`<Data\\s+Name=["']${n}["']\\s*`, 'gi'), /<\/Data>/gi);
  if (data) return data.content === undefined ? null : unescapeXml(data.content);
  const element = firstElement(text, new RegExp(`<${n}(?=[\\s/>])`, 'gi'), new RegExp(`</${n}>`, 'gi'));
  if (!element) return null;
  if (element.content !== undefined && !element.content.includes('<')) return unescapeXml(element.content);
  // Attributes carry the value for some System elements (<TimeCreated SystemTime=...>, <Provider Name=...>).
  const attribute = /\s[\w:]+=["']([^"']*)["']/.exec(element.attributes);
  return attribute ? unescapeXml(attribute[1]!) : null;
}

/** The header and field splitter of a delimited source, taken from its first lines. */
export interface DelimitedLayout {
  readonly columns: readonly string[];
  split(line: string): string[];
}

/**
 * Column names made unique the one way loading and raw_field() agree on: the first column of a
 * name (compared trimmed, ignoring case) keeps it, later ones become `Name2`, `Name3`, ...
 */
export function uniqueColumnNames(columns: readonly string[]): string[] {
  const taken = new Set(columns.map((c) => c.trim().toLowerCase()));
  const seen = new Set<string>();
  // Per repeated name, the number its next repeat tries first: those below it are taken and stay
  // taken, so n repeats of one name cost n steps, not n²/2 (20,000 took 12 s).
  const nextNumber = new Map<string, number>();
  return columns.map((column) => {
    const name = column.trim();
    const lower = name.toLowerCase();
    if (!seen.has(lower)) {
      seen.add(lower);
      return name;
    }
    let n = nextNumber.get(lower) ?? 2;
    while (taken.has(`${name}${n}`.toLowerCase())) n++;
    nextNumber.set(lower, n + 1);
    taken.add(`${name}${n}`.toLowerCase());
    return `${name}${n}`;
  });
}

/** PowerShell 5's Export-Csv line before a CSV header (`#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord`). */
export function isTypeLine(line: string): boolean {
  return line.startsWith('#TYPE ');
}

export function delimitedLayout(format: string, head: string): DelimitedLayout | undefined {
  const lines = head.split(/\r\n|\r|\n/);
  if (format === 'zeek-tsv') {
    const fields = lines.find((l) => l.startsWith('#fields\t'));
    return fields ? { columns: uniqueColumnNames(fields.split('\t').slice(1)), split: (l) => l.split('\t') } : undefined;
  }
  if (format === 'pfirewall') {
    const fields = lines.find((l) => /^#Fields:/i.test(l));
    return fields ? { columns: uniqueColumnNames(fields.replace(/^#Fields:\s*/i, '').trim().split(/\s+/)), split: (l) => l.trim().split(/\s+/) } : undefined;
  }
  if (format === 'csv') {
    const parseRow = (l: string): string[] => (Papa.parse<string[]>(l, { header: false }).data[0] ?? []).map(String);
    return { columns: uniqueColumnNames(parseRow((isTypeLine(lines[0] ?? '') ? lines[1] : lines[0]) ?? '')), split: parseRow };
  }
  return undefined;
}

export function delimitedField(layout: DelimitedLayout, text: string, name: string): SqlValue {
  const loose = looseName(name);
  const index = layout.columns.findIndex((c) => looseName(c) === loose);
  if (index < 0) return null;
  const value = layout.split(text)[index];
  return value === undefined || value === '' || value === '-' ? null : value;
}
