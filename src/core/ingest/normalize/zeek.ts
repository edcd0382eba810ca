// Zeek conn.log records → the normalized row, for both the TSV reader (formats/zeek.ts)
// and Zeek JSON lines (the JSON reader). Field names come dotted in TSV and default JSON
// (`id.orig_h`) and underscored in some JSON pipelines (`id_orig_h`); both are accepted.
// A Zeek sensor is not the host that logged a Windows event, so `host` stays empty.
//
// conn_state -> action: REJ is a refused connection; states where the responder never
// answered the originator's SYN (S0, SH, SHR, RSTOS0, RSTRH, OTH) are attempts; the rest
// (S1, S2, S3, SF, RSTO, RSTR) established a connection.

import type { NormalizedEvent } from '../../schema/columns';
import { address, bool, int, text, type FieldValue } from './fields';
import { parseTime, plausibleTime } from './time';

const ATTEMPT_STATES = new Set(['S0', 'SH', 'SHR', 'RSTOS0', 'RSTRH', 'OTH']);

export function normalizeZeekConn(record: Record<string, unknown>): NormalizedEvent {
  const field = (name: string): FieldValue => scalar(record[name] ?? record[name.replace('.', '_')]);
  const tsValue = field('ts');
  const state = text(field('conn_state'));
  return {
    ts: typeof tsValue === 'number' ? epochMillis(tsValue) : zeekTime(text(tsValue)),
    ts_raw: text(tsValue),
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
  };
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
