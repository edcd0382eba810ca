// Value semantics of the language, shared by the JS predicates and the tests: comparisons
// are case-insensitive for strings (ASCII letters, exactly as SQLite's NOCASE and LIKE, so
// the SQL prefilter and the JS predicate agree), numeric when both sides read as numbers,
// and false when either side is null (so `!=` against null is true: it is `not ==`). Also
// the network helpers behind cidr(), is_private() and port_in(), and wildcard patterns.

import type { SqlValue } from '../../types/store';
import { wildcardSetMatcher } from '../../text/wildcard';

export type Value = SqlValue | boolean | undefined;

/** Lower-cases ASCII letters only (SQLite NOCASE); other characters compare exactly. */
export function foldCase(text: string): string {
  return /[^\x00-\x7F]/.test(text) ? text.replace(/[A-Z]+/g, (m) => m.toLowerCase()) : text.toLowerCase();
}

function asNumber(v: Value): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v === 'boolean') return v ? 1 : 0;
  if (typeof v === 'string' && v.trim() !== '' && /^-?\d+(\.\d+)?$/.test(v.trim())) return Number(v);
  return undefined;
}

export function equals(a: Value, b: Value): boolean {
  if (a == null || b == null) return false;
  if (typeof a === 'number' || typeof b === 'number' || typeof a === 'boolean' || typeof b === 'boolean') {
    const x = asNumber(a);
    const y = asNumber(b);
    if (x !== undefined && y !== undefined) return x === y;
    if (typeof a === 'boolean' || typeof b === 'boolean') return foldCase(String(a)) === foldCase(String(b));
    return false;
  }
  return foldCase(String(a)) === foldCase(String(b));
}

/** -1, 0, 1, or undefined when the values are not comparable (null, or number against text). */
export function compare(a: Value, b: Value): number | undefined {
  if (a == null || b == null) return undefined;
  const x = asNumber(a);
  const y = asNumber(b);
  if (x !== undefined && y !== undefined) return x < y ? -1 : x > y ? 1 : 0;
  if (typeof a === 'number' || typeof b === 'number') return undefined;
  const s = foldCase(String(a));
  const t = foldCase(String(b));
  return s < t ? -1 : s > t ? 1 : 0;
}

/**
 * `*`/`?` wildcard patterns as one matcher with SQLite LIKE's semantics: anchored, `?` is one
 * character (code point), ASCII letters fold case, everything else compares exactly.
 */
export function wildcardMatcher(patterns: readonly string[]): (text: string) => boolean {
  const matches = wildcardSetMatcher(patterns.map(foldCase));
  return (text) => matches(foldCase(text));
}

/** IPv4 address as an unsigned 32-bit number, or undefined. */
export function ipv4(text: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(text.trim());
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0]! << 24) >>> 0) + (parts[1]! << 16) + (parts[2]! << 8) + parts[3]!;
}

/** Parses "a.b.c.d/n" (IPv4) into a matcher; undefined when malformed. */
export function parseCidr(text: string): ((ip: string) => boolean) | undefined {
  const [addr, bitsText] = text.split('/');
  const base = ipv4(addr ?? '');
  const bits = bitsText === undefined ? 32 : Number(bitsText);
  if (base === undefined || !Number.isInteger(bits) || bits < 0 || bits > 32) return undefined;
  const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
  return (ip) => {
    const v = ipv4(ip);
    return v !== undefined && ((v & mask) >>> 0) === ((base & mask) >>> 0);
  };
}

const PRIVATE_V4 = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16'].map((c) => parseCidr(c)!);

/** RFC 1918, loopback and link-local IPv4; IPv6 loopback, ULA (fc00::/7) and link-local (fe80::/10). */
export function isPrivateIp(ip: string): boolean {
  const text = ip.trim().toLowerCase();
  if (text.includes(':')) return text === '::1' || /^f[cd][0-9a-f]{2}:/.test(text) || /^fe[89ab][0-9a-f]:/.test(text);
  return PRIVATE_V4.some((m) => m(text));
}

/** True when `port` is in a port spec as firewalls log it: "3389", "80,443", "5000-5010", "*"/"Any". */
export function portInSpec(port: Value, spec: Value): boolean {
  const p = asNumber(port);
  if (p === undefined || spec == null) return false;
  for (const part of String(spec).split(/[,\s]+/)) {
    if (part === '') continue;
    if (part === '*' || part.toLowerCase() === 'any') return true;
    const range = /^(\d+)-(\d+)$/.exec(part);
    if (range ? p >= Number(range[1]) && p <= Number(range[2]) : asNumber(part) === p) return true;
  }
  return false;
}
