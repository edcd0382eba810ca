// Zeek records → normalized rows, for both the TSV reader (formats/zeek.ts) and Zeek JSON
// lines (the JSON reader): conn.log (network), dns.log (dns) and dhcp.log (dhcp); which log a
// record is comes from its `#path` / `_path` / `@stream`, else from the fields it has
// (zeekLogOf). Field names come dotted in TSV and default JSON (`id.orig_h`) and underscored in
// some JSON pipelines (`id_orig_h`); both are accepted. Sets and vectors arrive as arrays (JSON,
// and the TSV reader splits them). A Zeek sensor is not the host that logged a Windows event,
// so `host` stays empty; dns and dhcp rows feed the address book (hosts/sightings.ts).
//
// conn_state -> action: REJ is a refused connection; states where the responder never
// answered the originator's SYN (S0, SH, SHR, RSTOS0, RSTRH, OTH) are attempts; the rest
// (S1, S2, S3, SF, RSTO, RSTR) established a connection.

import type { NormalizedEvent } from '../../schema/columns';
import { emptyRow } from '../../schema/eventRow';
import { address, bool, int, isAddress, shortHost, text, type FieldValue } from './fields';
import { parseTime, plausibleTime } from './time';

const ATTEMPT_STATES = new Set(['S0', 'SH', 'SHR', 'RSTOS0', 'RSTRH', 'OTH']);

export type ZeekLog = 'conn' | 'dns' | 'dhcp';

/** A record as a normalized row, or why it cannot be one (the reader rejects it with its line). */
export type ZeekResult = { readonly event: NormalizedEvent } | { readonly error: string };

type ZeekRecord = Record<string, unknown>;

/**
 * The log a record belongs to: its `#path` / `_path` / `@stream` when given (another log's is
 * undefined: not loaded), else the fields only that log writes (`has` tells whether a field is
 * there, dotted or underscored).
 */
export function zeekLogOf(path: string | undefined, has: (field: string) => boolean): ZeekLog | undefined {
  if (path !== undefined) return path === 'conn' || path === 'dns' || path === 'dhcp' ? path : undefined;
  if (has('conn_state')) return 'conn';
  if (has('id.orig_h') && has('query') && (has('qtype_name') || has('trans_id'))) return 'dns';
  if (has('msg_types') || has('assigned_addr') || has('assigned_ip')) return 'dhcp';
  return undefined;
}

/** One record of `log` normalized; dns and dhcp records with a bad time or address are refused. */
export function normalizeZeek(log: ZeekLog, record: ZeekRecord): ZeekResult {
  if (log === 'conn') return { event: normalizeZeekConn(record) };
  const event = log === 'dns' ? normalizeZeekDns(record) : normalizeZeekDhcp(record);
  if (event.ts === null) return { error: `no valid ts (found ${JSON.stringify(fieldOf(record)('ts') ?? null)})` };
  const bad = (['src_ip', 'dst_ip'] as const).find((name) => event[name] != null && !isAddress(String(event[name])));
  if (bad !== undefined) return { error: `${log}.log ${bad === 'src_ip' ? 'client' : 'server'} address ${JSON.stringify(String(event[bad]).slice(0, 60))} is not an IP address` };
  if (log === 'dhcp' && event.action === 'lease' && event.lease_end === null && fieldOf(record)('lease_time') != null) {
    return { error: `dhcp.log lease_time ${JSON.stringify(fieldOf(record)('lease_time'))} is not a number of seconds` };
  }
  return { event };
}

/** Reads a field by its dotted or underscored name. */
function fieldOf(record: ZeekRecord): (name: string) => FieldValue {
  return (name) => scalar(record[name] ?? record[name.replace('.', '_')]);
}

function zeekTs(field: (name: string) => FieldValue): Pick<NormalizedEvent, 'ts' | 'ts_raw'> {
  const tsValue = field('ts');
  return { ts: typeof tsValue === 'number' ? epochMillis(tsValue) : zeekTime(text(tsValue)), ts_raw: text(tsValue) };
}

export function normalizeZeekConn(record: ZeekRecord): NormalizedEvent {
  const field = fieldOf(record);
  const state = text(field('conn_state'));
  return Object.assign(emptyRow(), {
    ...zeekTs(field),
    provider: 'zeek',
    channel: 'conn',
    category: 'network',
    action: state === null ? 'connect' : state === 'REJ' ? 'reject' : ATTEMPT_STATES.has(state) ? 'attempt' : 'connect',
    src_ip: address(field('id.orig_h')),
    src_port: int(field('id.orig_p')),
    dst_ip: address(field('id.resp_h')),
    dst_port: int(field('id.resp_p')),
    protocol: text(field('proto'))?.toLowerCase() ?? null,
    conn_state: state,
    direction: direction(bool(field('local_orig')), bool(field('local_resp'))),
  });
}

/**
 * dns.log: one query and what answered it. The answers stay in response order (a CNAME chain,
 * then the addresses of its last name), so the address book knows which name an address is.
 */
export function normalizeZeekDns(record: ZeekRecord): NormalizedEvent {
  const field = fieldOf(record);
  return Object.assign(emptyRow(), {
    ...zeekTs(field),
    provider: 'zeek',
    channel: 'dns',
    category: 'dns',
    action: 'query',
    src_ip: address(field('id.orig_h')),
    src_port: int(field('id.orig_p')),
    dst_ip: address(field('id.resp_h')),
    dst_port: int(field('id.resp_p')),
    protocol: text(field('proto'))?.toLowerCase() ?? null,
    query_name: text(field('query')),
    query_type: text(field('qtype_name')),
    answers: listText(record.answers),
  });
}

/**
 * dhcp.log: one exchange (Zeek 3+ logs DISCOVER..ACK as one row with `msg_types`; Zeek 2 logged
 * ACKs only, with `assigned_ip` and no message types). The client is the initiator: `src_ip` is
 * its address after the exchange (the one assigned, else the one it used), `src_host` the name
 * it sent (host_name, else its FQDN), short and upper case as every host name is.
 */
export function normalizeZeekDhcp(record: ZeekRecord): NormalizedEvent {
  const field = fieldOf(record);
  const time = zeekTs(field);
  const types = listOf(record.msg_types).map((t) => t.toUpperCase());
  const assigned = address(field('assigned_addr') ?? field('assigned_ip'));
  const lease = assigned !== null && (types.length === 0 || types.includes('ACK'));
  const seconds = number(field('lease_time'));
  const name = text(field('host_name')) ?? text(field('client_fqdn'));
  return Object.assign(emptyRow(), {
    ...time,
    provider: 'zeek',
    channel: 'dhcp',
    category: 'dhcp',
    action: lease ? 'lease' : types.includes('NAK') ? 'nak' : types.includes('RELEASE') ? 'release' : types.includes('DECLINE') ? 'decline' : 'request',
    src_ip: assigned ?? address(field('client_addr') ?? field('id.orig_h')),
    dst_ip: address(field('server_addr') ?? field('id.resp_h')),
    protocol: 'udp',
    src_host: shortHost(name),
    lease_end: lease && time.ts != null && seconds !== null ? Number(time.ts) + Math.round(seconds * 1000) : null,
  });
}

/** A Zeek set or vector: an array (JSON, or split by the TSV reader); a lone string is one element. */
function listOf(value: unknown): string[] {
  const items = Array.isArray(value) ? value : value === undefined || value === null ? [] : [value];
  return items.map((v) => text(scalar(v))).filter((v): v is string => v !== null);
}

function listText(value: unknown): string | null {
  const items = listOf(value);
  return items.length === 0 ? null : items.join(',');
}

function number(value: FieldValue): number | null {
  if (value === null || value === undefined || value === '') return null;
  const n = Number(value);
  return Number.isFinite(n) && n >= 0 ? n : null;
}

/** Sub-millisecond precision is truncated, as in normalize/time.ts. Epoch seconds as text (TSV: `1588205199.824370`) or ISO 8601 (JSON with ISO timestamps). */
function zeekTime(value: string | null): number | null {
  if (value === null) return null;
  const seconds = Number(value);
  return Number.isFinite(seconds) ? epochMillis(seconds) : parseTime(value);
}

/** Rounded to microseconds first, so 1.001 s is 1001 ms despite binary floating point; implausible times are null. */
function epochMillis(seconds: number): number | null {
  return plausibleTime(Math.floor(Math.round(seconds * 1e6) / 1000));
}

function direction(localOrig: boolean | null, localResp: boolean | null): string | null {
  if (localOrig === null || localResp === null) return null;
  if (localOrig && localResp) return 'local';
  if (localOrig) return 'outbound';
  if (localResp) return 'inbound';
  return null;
}

function scalar(value: unknown): FieldValue {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}
