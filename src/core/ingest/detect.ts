// Which reader a source needs, decided from its first bytes (content first), and only
// when the content says nothing decisive, from its name. `describeUnknown` says what was
// seen when nothing matched, so the user learns why a file was skipped.
//
//   ElfFile\0 (or an ElfChnk\0 chunk) -> evtx        (binary EVTX)
//   { or [                            -> json        (NDJSON, JSON array, Zeek JSON)
//   XML holding <Events> or <Event>   -> evtx-xml    (other XML: unknown)
//   #separator / #fields              -> zeek-tsv
//   W3C #Version/#Software/#Fields:   -> pfirewall   (Windows Firewall log)
//   a comma-separated header line     -> csv
// Text may be UTF-8 (BOM or not) or UTF-16LE/BE (BOM or not).

import { decode, sniffEncoding } from '../raw/encoding';
import type { FormatName } from '../types/records';

const EVTX_MAGIC = 'ElfFile\0';
/** A chunk header: an EVTX whose file header is damaged still has these (the EVTX reader recovers chunks). */
const EVTX_CHUNK_MAGIC = 'ElfChnk\0';

const BY_EXTENSION: ReadonlyArray<readonly [RegExp, FormatName]> = [
  [/\.(json|jsonl|ndjson)$/i, 'json'],
  [/\.evtx$/i, 'evtx'],
  [/\.xml$/i, 'evtx-xml'],
  [/\.csv$/i, 'csv'],
  [/(^|[\\/])pfirewall[^\\/]*\.log(\.old)?$/i, 'pfirewall'],
];

export function detectFormat(head: Uint8Array, name: string): FormatName | undefined {
  if (startsWithAscii(head, EVTX_MAGIC) || Buffer.from(head.buffer, head.byteOffset, head.byteLength).includes(EVTX_CHUNK_MAGIC, 0, 'latin1')) return 'evtx';
  const text = headText(head);
  if (text === undefined) return undefined;
  const decided = byContent(text);
  if (decided !== undefined) return decided ?? undefined;
  return text.trim() === '' ? undefined : byName(name);
}

/** Why `detectFormat` found nothing, naming what the head holds. */
export function describeUnknown(head: Uint8Array, name: string): string {
  if (head.length === 0) return `${name}: the source is empty`;
  const text = headText(head);
  if (text === undefined) {
    const hex = Array.from(head.subarray(0, 16), (b) => b.toString(16).padStart(2, '0')).join(' ');
    return `${name}: unknown format: binary data that is not EVTX (first bytes ${hex})`;
  }
  if (text.trim() === '') return `${name}: the source holds only whitespace`;
  const firstLine = text.trimStart().split(/\r?\n/, 1)[0]!.slice(0, 80);
  if (/^#(Version|Software|Fields|Date):/.test(firstLine)) {
    return `${name}: unknown format: a W3C log that is not a Windows Firewall log (first line "${firstLine}")`;
  }
  if (firstLine.startsWith('<')) return `${name}: unknown format: XML that is not Windows event XML (starts "${firstLine}")`;
  return `${name}: unknown format: text starting "${firstLine}" is not JSON, EVTX XML, Zeek TSV, a Windows Firewall log or CSV with a header`;
}

/** A format; null when the content is recognisably something else (the name must not override it); undefined when it says nothing. */
function byContent(text: string): FormatName | null | undefined {
  const start = text.trimStart();
  const first = start[0];
  if (first === '{' || first === '[') return 'json';
  if (first === '<') return /<Events?[\s>/]/.test(start) ? 'evtx-xml' : null;
  if (isZeekHeader(start)) return 'zeek-tsv';
  if (/^#(Version|Software|Time Format|Fields|Date):/.test(start)) return isFirewallW3c(start) ? 'pfirewall' : null;
  // PowerShell 5's Export-Csv writes `#TYPE <.NET type>` above the header.
  const [firstLine = '', secondLine = ''] = start.split(/\r?\n/, 2);
  if (looksLikeCsvHeader(firstLine.startsWith('#TYPE ') ? secondLine : firstLine)) return 'csv';
  return undefined;
}

function byName(name: string): FormatName | undefined {
  return BY_EXTENSION.find(([pattern]) => pattern.test(name))?.[1];
}

/** Zeek's TSV header: `#name value` lines, one of them #separator, #fields or #path (a log cut or edited by hand may lack #separator). */
function isZeekHeader(start: string): boolean {
  for (const line of start.split(/\r?\n/, 16)) {
    if (!line.startsWith('#')) return false;
    if (line.startsWith('#separator') || line.startsWith('#fields\t') || /^#path\s/.test(line)) return true;
  }
  return false;
}

function isFirewallW3c(text: string): boolean {
  if (/^#Software:\s*Microsoft Windows Firewall/m.test(text)) return true;
  const fields = /^#Fields:(.*)$/m.exec(text)?.[1] ?? '';
  return /\bsrc-ip\b/.test(fields) && /\bdst-port\b/.test(fields);
}

/**
 * At least three comma-separated names that read like column names, not like data. The Azure
 * portal's export appends the display zone to time columns in brackets (`TimeGenerated [UTC]`).
 */
function looksLikeCsvHeader(line: string): boolean {
  const fields = line.split(',').map((f) => f.trim().replace(/^"(.*)"$/, '$1'));
  if (fields.length < 3) return false;
  return fields.every((f) => f === '' || /^[\p{L}_@][\p{L}\p{N}_ .\-@:()/#'’[\]+]{0,63}$/u.test(f)) && fields.filter((f) => f !== '').length >= 3;
}

/**
 * The head as text, or undefined when it is binary (control bytes that text logs never hold).
 * A run of NULs counts once: logs cut short at a preallocated size hold NUL padding, and the
 * readers skip it, so it must not make a whole text log look binary.
 */
function headText(head: Uint8Array): string | undefined {
  const encoding = sniffEncoding(head);
  const text = decode(head.subarray(encoding.bomLength), encoding);
  let control = 0;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 0 && text.charCodeAt(i - 1) === 0) continue;
    if ((c < 32 && c !== 9 && c !== 10 && c !== 13) || c === 0xfffd) control++;
  }
  return control > Math.max(2, text.length * 0.02) ? undefined : text;
}

function startsWithAscii(bytes: Uint8Array, text: string): boolean {
  if (bytes.length < text.length) return false;
  for (let i = 0; i < text.length; i++) if (bytes[i] !== text.charCodeAt(i)) return false;
  return true;
}
