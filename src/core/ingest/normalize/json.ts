// One parsed JSON record → a normalized event, whatever dialect wrote it. The dialect is
// decided per record from its keys (files mix them rarely, but Splunk wraps any of them),
// the Windows ones become a WinEvent for normalizeWinEvent, Zeek conn, dns and dhcp records go
// to normalizeZeek (zeek.ts, shared with the Zeek TSV reader). Pure and stateless, so a parse
// worker pool can run it; the per-source time correction of local-clock dialects is the
// caller's next stage (localClock.ts), fed by `localTime` and `clockSample`.

import type { NormalizedEvent } from '../../schema/columns';
import { parseEventXml } from '../formats/evtxXml';
import type { WinEvent } from '../../types/records';
import { defenderTables, fromDefender } from './dialects/defender';
import { fillFromEcs, fromEcs, isEcs } from './dialects/ecs';
import { eventJsonDialect, fromEvtxDump } from './dialects/evtxDump';
import { fromEvtxECmd, isEvtxECmd } from './dialects/evtxECmd';
import { fromNxlog, isNxlog } from './dialects/nxlog';
import { fromPowerShellExport, isPowerShellExport } from './dialects/powershell';
import { fromSentinel, sentinelTable, type SentinelDialect } from './dialects/sentinel';
import { isObject, scalar, scalars, type JsonObject } from './dialects/shared';
import { fromSplunkWindows, isSplunkWindows, onlyRaw, splunkResult } from './dialects/splunk';
import { fromWinlogbeat6, isWinlogbeat6 } from './dialects/winlogbeat';
import { parseTime } from './time';
import { normalizeWinEvent } from './windows';
import { normalizeZeek, zeekLogOf } from './zeek';

export type JsonDialect = 'nxlog' | 'winlogbeat6' | 'ecs' | 'splunk' | 'powershell' | 'evtxdump' | 'velociraptor' | 'evtxecmd' | 'zeek' | 'defender-xdr' | SentinelDialect;

/** Dialects whose event time is a local time of an unrecorded zone, and the field it comes from (for warnings). */
export const LOCAL_CLOCK_NAMES: Readonly<Partial<Record<JsonDialect, string>>> = {
  nxlog: 'NXLog EventTime',
  powershell: 'PowerShell export TimeCreated',
};

export interface JsonNormalized {
  readonly event: NormalizedEvent;
  readonly dialect: JsonDialect;
  /** True when `ts` was read from a local clock of unknown zone and still needs its offset. */
  readonly localTime: boolean;
  /** Local clock minus Sysmon UtcTime (ms) shown by this record, when it carries both. */
  readonly clockSample: number | null;
  /** Why the event loaded without its event data (an EvtxECmd Payload, a Sentinel EventData that cannot be read); the reader reports it by line. */
  readonly dataProblem?: string;
}

export interface JsonRecordError {
  readonly error: string;
  /**
   * Set when the record shows that its whole source is a log not loaded yet (a Zeek http.log):
   * the one warning to give. Readers decide this from a source's first record and skip the
   * source; the same record further into a source is only rejected.
   */
  readonly unsupportedSource?: string;
}

export type JsonRecordResult = JsonNormalized | JsonRecordError;

export function isJsonRecordError(result: JsonRecordResult): result is JsonRecordError {
  return 'error' in result;
}

function fromLocalClock(dialect: JsonDialect, converted: { event: WinEvent; localTime: string | null }): JsonNormalized {
  const event = normalizeWinEvent(converted.event);
  const { localTime } = converted;
  if (localTime === null) return { event, dialect, localTime: false, clockSample: null };
  if (event.ts_raw === localTime) return { event, dialect, localTime: true, clockSample: null };
  // ts came from Sysmon's UtcTime: the pair shows this source's clock offset.
  const local = parseTime(localTime);
  const sample = local === null || typeof event.ts !== 'number' ? null : local - event.ts;
  return { event, dialect, localTime: false, clockSample: sample };
}

function keysOf(record: JsonObject): string {
  const keys = Object.keys(record);
  return keys.slice(0, 6).join(', ') + (keys.length > 6 ? ', …' : '');
}

/** A Windows event record of one of the JSON dialects, as its dialect reader converts it. */
interface WindowsRecord {
  readonly dialect: JsonDialect;
  readonly event: WinEvent;
  /** For local-clock dialects: the local time string (null when the record had none). */
  readonly localTime?: string | null;
  /** TimeCreated is the SystemTime the log wrote, as in EVTX (see normalizeWinEvent). */
  readonly recordTime?: boolean;
  readonly dataProblem?: string | null;
}

function windowsRecord(record: JsonObject): WindowsRecord | undefined {
  // An <Event> element as JSON is told by its System object, which no other dialect has; some
  // writers add their own columns beside it (Velociraptor's TimeCreated, EventID), which the
  // dialects below would take for theirs.
  const element = eventJsonDialect(record);
  if (element !== undefined) return { dialect: element, event: fromEvtxDump(record), recordTime: true };
  if (isEvtxECmd(record)) {
    const { event, dataProblem } = fromEvtxECmd(record);
    return { dialect: 'evtxecmd', event, recordTime: true, dataProblem };
  }
  // SecurityEvent and WindowsEvent rows have the keys NXLog and PowerShell exports are told by.
  const sentinel = sentinelTable((name) => name in record);
  if (sentinel) return { dialect: sentinel, ...fromSentinel(sentinel, record, scalar(record.TimeCreated) ?? scalar(record.TimeGenerated)) };
  const defender = defenderTables((name) => name in record);
  if (defender.length > 0) return { dialect: 'defender-xdr', event: fromDefender(defender, record, scalars(record)) };
  if (isEcs(record)) return { dialect: 'ecs', event: fromEcs(record) };
  if (isWinlogbeat6(record)) return { dialect: 'winlogbeat6', event: fromWinlogbeat6(record) };
  if (isPowerShellExport(record)) return { dialect: 'powershell', ...fromPowerShellExport(record) };
  if (isNxlog(record)) return { dialect: 'nxlog', ...fromNxlog(record) };
  if (isSplunkWindows(record)) return { dialect: 'splunk', event: fromSplunkWindows(record) };
  return undefined;
}

function fromRecord(record: JsonObject, depth: number): JsonRecordResult {
  const result = splunkResult(record);
  if (result !== undefined) return fromSplunk(result, depth);
  const windows = windowsRecord(record);
  if (windows?.dialect === 'ecs') {
    const event = normalizeWinEvent(windows.event);
    fillFromEcs(event, record);
    return { event, dialect: 'ecs', localTime: false, clockSample: null };
  }
  if (windows?.localTime !== undefined) return fromLocalClock(windows.dialect, { event: windows.event, localTime: windows.localTime });
  if (windows) {
    const normalized = { event: normalizeWinEvent(windows.event, windows.recordTime), dialect: windows.dialect, localTime: false, clockSample: null };
    return windows.dataProblem ? { ...normalized, dataProblem: windows.dataProblem } : normalized;
  }
  if ('id.orig_h' in record || 'id_orig_h' in record || zeekStream(record) !== undefined || isZeekDhcp(record)) return fromZeek(record);
  return { error: `not a known JSON event dialect (NXLog, Winlogbeat, ECS, Splunk, PowerShell export, evtx_dump, Velociraptor, EvtxECmd, Sentinel, Defender XDR); keys: ${keysOf(record)}` };
}

/**
 * The Windows event a JSON record holds, with its fields as logged (Sigma rules read them so),
 * unwrapping Splunk results; undefined for records of no Windows dialect (Zeek, unknown).
 */
export function jsonWinEvent(record: JsonObject, depth = 0): WinEvent | undefined {
  const result = splunkResult(record);
  if (result === undefined) return windowsRecord(record)?.event;
  if (isSplunkWindows(result)) return fromSplunkWindows(result);
  const raw = onlyRaw(result);
  if (raw === undefined || depth > 0) return undefined;
  if (raw.trimStart()[0] === '<') {
    const event = parseEventXml(raw);
    return typeof event === 'string' ? undefined : event;
  }
  if (raw.trimStart()[0] !== '{') return undefined;
  try {
    const inner: unknown = JSON.parse(raw);
    return isObject(inner) ? jsonWinEvent(inner, depth + 1) : undefined;
  } catch {
    return undefined;
  }
}

/** The log a Zeek JSON record says it belongs to: `_path` as Zeek writes it, `@stream` as some shippers do. */
function zeekStream(record: JsonObject): string | undefined {
  if (!('ts' in record)) return undefined;
  const stream = record._path ?? record['@stream'];
  return typeof stream === 'string' && /^[\w.-]+$/.test(stream) ? stream : undefined;
}

/** dhcp.log records carry no connection id (`uids`, `client_addr`, ...): told by their own fields, as zeekLogOf knows them. */
function isZeekDhcp(record: JsonObject): boolean {
  return 'ts' in record && zeekLogOf(undefined, (field) => field in record) === 'dhcp';
}

/** Zeek JSON: conn, dns and dhcp records become rows; records of other Zeek logs are not loaded. */
function fromZeek(record: JsonObject): JsonRecordResult {
  const stream = zeekStream(record);
  const log = zeekLogOf(stream, (field) => field in record || field.replace('.', '_') in record);
  if (log === 'conn' && !('conn_state' in record)) return { error: 'Zeek conn record without conn_state' };
  if (log !== undefined) {
    const result = normalizeZeek(log, record);
    return 'error' in result ? { error: `Zeek ${log} record: ${result.error}` } : { event: result.event, dialect: 'zeek', localTime: false, clockSample: null };
  }
  const what = stream === undefined ? 'this zeek log (records of no conn, dns or dhcp shape)' : `zeek ${stream}.log`;
  return { error: `Zeek record ${stream === undefined ? 'of no conn, dns or dhcp shape' : `from ${stream}.log`}: only conn, dns and dhcp logs are loaded`, unsupportedSource: `${what} is not supported yet; only conn, dns and dhcp logs are loaded` };
}

function fromSplunk(result: JsonObject, depth: number): JsonRecordResult {
  if (isSplunkWindows(result)) return { event: normalizeWinEvent(fromSplunkWindows(result)), dialect: 'splunk', localTime: false, clockSample: null };
  const raw = onlyRaw(result);
  if (raw === undefined) return { error: `Splunk result without EventCode or a lone _raw; keys: ${keysOf(result)}` };
  const start = raw.trimStart()[0];
  if (start === '<') {
    // XmlWinEventLog: the event's own XML, read as the EVTX-XML reader reads an <Event>.
    const event = parseEventXml(raw);
    if (typeof event === 'string') return { error: `Splunk _raw is not a well-formed <Event> element: ${event}` };
    return { event: normalizeWinEvent(event), dialect: 'splunk', localTime: false, clockSample: null };
  }
  if (start !== '{' || depth > 0) return { error: 'Splunk _raw is neither JSON nor XML (classic key=value text is not read)' };
  let inner: unknown;
  try {
    inner = JSON.parse(raw);
  } catch (error) {
    return { error: `Splunk _raw is not valid JSON: ${(error as Error).message}` };
  }
  if (!isObject(inner)) return { error: 'Splunk _raw JSON is not an object' };
  return fromRecord(inner, depth + 1);
}

/** A line of nothing but NUL bytes (and blanks): what a log left at a preallocated size holds, skipped rather than rejected. */
export function isNulPadding(text: string): boolean {
  // Padding's first character after white space is a NUL; a record's is not, and that test
  // spares every record a search of its whole text (~0.2 µs for 2.6 KB).
  return text.trimStart().charCodeAt(0) === 0 && text.replace(/[\0\s]/g, '') === '';
}

/** Parses and normalizes one record's text (see isNulPadding for what to skip first); never throws. */
export function parseJsonRecord(text: string): JsonRecordResult {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    const nul = text.indexOf('\0');
    return { error: nul >= 0 ? `NUL character at column ${nul + 1}` : `invalid JSON: ${(error as Error).message}` };
  }
  return normalizeJsonRecord(value);
}

/** Normalizes one parsed JSON value; never throws. */
export function normalizeJsonRecord(value: unknown): JsonRecordResult {
  if (!isObject(value)) return { error: `expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}` };
  try {
    return fromRecord(value, 0);
  } catch (error) {
    // The record's shape is the log writer's: one the mappers cannot take (arrays nested
    // 100,000 deep overflow the stack when joined as text) costs that record alone. Thrown
    // on, it ended the reading of the file, or on the parse pool lost its whole batch.
    return { error: `record cannot be read: ${(error as Error).message}` };
  }
}
