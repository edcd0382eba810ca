// Time strings of Windows logs → epoch milliseconds UTC. Parsed by hand (no regex, no
// Date.parse) because it runs once per event on the load's hot path and Date.parse is lax
// about formats it should reject. Precision below a millisecond is truncated.

const DATE_PREFIX = '/Date(';

/**
 * Times outside years 1601-9999 (the FILETIME epoch to the last four-digit year) are not
 * event times but damage or an attack: kept as ts_raw, never as ts, because every date
 * formatter downstream (reports, timelines) assumes a four-digit year and a valid Date.
 */
const EARLIEST_MS = Date.UTC(1601, 0, 1);
const LATEST_MS = Date.UTC(9999, 11, 31, 23, 59, 59, 999);

export function plausibleTime(ms: number): number | null {
  return ms >= EARLIEST_MS && ms <= LATEST_MS ? ms : null;
}

/**
 * Accepts `YYYY-MM-DD HH:MM:SS[.f…]` (taken as UTC), ISO 8601 with `T` and an optional `Z` or
 * `±HH:MM` offset (no offset = UTC), `/Date(ms)/` (PowerShell ConvertTo-Json), and numbers
 * (epoch seconds below 1e11, milliseconds above). Returns null for anything else, and for
 * times outside years 1601-9999.
 */
export function parseTime(value: string | number | null | undefined): number | null {
  if (value === null || value === undefined) return null;
  if (typeof value === 'number') return Number.isFinite(value) ? plausibleTime(Math.trunc(value < 1e11 ? value * 1000 : value)) : null;
  const ms = value.startsWith(DATE_PREFIX) ? parseDotNetDate(value) : parseIsoLike(value);
  return ms === null ? null : plausibleTime(ms);
}

function parseDotNetDate(s: string): number | null {
  const end = s.indexOf(')', DATE_PREFIX.length);
  if (end < 0) return null;
  // `/Date(ms+hhmm)/` carries the writer's zone for display only; ms is already UTC.
  let body = s.slice(DATE_PREFIX.length, end);
  const zone = Math.max(body.lastIndexOf('+'), body.lastIndexOf('-'));
  if (zone > 0) body = body.slice(0, zone);
  const ms = Number(body);
  return body !== '' && Number.isFinite(ms) ? ms : null;
}

function digits(s: string, from: number, count: number): number {
  let n = 0;
  for (let i = from; i < from + count; i++) {
    const d = s.charCodeAt(i) - 48;
    if (d < 0 || d > 9) return -1;
    n = n * 10 + d;
  }
  return n;
}

function parseIsoLike(s: string): number | null {
  if (s.length < 19 || s[4] !== '-' || s[7] !== '-' || s[13] !== ':' || s[16] !== ':') return null;
  if (s[10] !== ' ' && s[10] !== 'T') return null;
  const year = digits(s, 0, 4), month = digits(s, 5, 2), day = digits(s, 8, 2);
  const hour = digits(s, 11, 2), minute = digits(s, 14, 2), second = digits(s, 17, 2);
  if (year < 0 || month < 1 || month > 12 || day < 1 || day > 31 || hour < 0 || hour > 23 || minute < 0 || minute > 59 || second < 0 || second > 60) return null;
  // Date.UTC reads years 0-99 as 1900-1999: `0020-09-20` became a plausible 1920. Such years
  // are outside 1601-9999 whatever the offset.
  if (year < 100) return null;
  let i = 19;
  let millis = 0;
  if (s[i] === '.') {
    i++;
    let scale = 100;
    while (i < s.length) {
      const d = s.charCodeAt(i) - 48;
      if (d < 0 || d > 9) break;
      millis += d * scale;
      scale /= 10;
      i++;
    }
    millis = Math.floor(millis);
  }
  let offsetMinutes = 0;
  if (i < s.length) {
    const sign = s[i];
    if (sign === 'Z' && i === s.length - 1) {
      // UTC
    } else if ((sign === '+' || sign === '-') && (s.length - i === 6 || s.length - i === 5)) {
      const hh = digits(s, i + 1, 2);
      const mm = digits(s, s[i + 3] === ':' ? i + 4 : i + 3, 2);
      // An offset is at most 23:59 (RFC 3339); `+99:99` moved the event by 100 hours.
      if (hh < 0 || hh > 23 || mm < 0 || mm > 59) return null;
      offsetMinutes = (sign === '+' ? 1 : -1) * (hh * 60 + mm);
    } else {
      return null;
    }
  }
  return Date.UTC(year, month - 1, day, hour, minute, second, millis) - offsetMinutes * 60_000;
}
