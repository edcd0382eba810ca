// Small value coercions shared by the Windows normalizer and the JSON dialects.
// Event logs write "no value" as `-`, empty strings or null, ids as decimal or 0x-hex,
// booleans as true/True/"true": every mapper reads values through these so the rules
// are the same for every source.

import ipaddr from 'ipaddr.js';

export type FieldValue = string | number | boolean | null | undefined;

/** Text, or null for the spellings of "nothing" (`-`, empty, whitespace). */
export function text(value: FieldValue): string | null {
  if (value === null || value === undefined) return null;
  if (typeof value !== 'string') return String(value);
  if (value === '' || value === '-') return null;
  return value.trim() === '' ? null : value;
}

/**
 * An integer from a number, a decimal string or a 0x-hex string; null otherwise, and null
 * past 2^53 too: such a value is damage or an attack, and would not compare exactly.
 */
export function int(value: FieldValue): number | null {
  if (typeof value === 'number') return safeInteger(value);
  const s = text(value);
  if (s === null) return null;
  const trimmed = s.trim();
  const n = trimmed.length > 2 && trimmed[0] === '0' && (trimmed[1] === 'x' || trimmed[1] === 'X')
    ? Number.parseInt(trimmed.slice(2), 16)
    : Number(trimmed);
  return safeInteger(n);
}

function safeInteger(n: number): number | null {
  const whole = Math.trunc(n);
  return Number.isSafeInteger(whole) ? whole : null;
}

/** true/True/"true"/1 → true, false/False/"false"/0 → false, anything else null. */
export function bool(value: FieldValue): boolean | null {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value !== 0;
  const s = text(value)?.toLowerCase();
  if (s === 'true' || s === '1') return true;
  if (s === 'false' || s === '0') return false;
  return null;
}

/**
 * An address as one spelling: IPv6 in its RFC 5952 form (Sysmon writes `fe80:0:0:0:…` and
 * `0:0:0:0:0:0:0:1` where WFP writes `fe80::…` and `::1`, so the same address would not join),
 * and IPv4-mapped IPv6 (`::ffff:10.0.0.5`, as Kerberos and logon events log it) as plain IPv4.
 */
export function address(value: FieldValue): string | null {
  const s = text(value);
  if (s === null || !s.includes(':') || !ipaddr.isValid(s)) return s;
  return ipaddr.process(s).toString();
}

/** Whether text is an IPv4 or IPv6 address. */
export function isAddress(value: string): boolean {
  return ipaddr.isValid(value);
}

/** Lower-case file name of a Windows or POSIX path. */
export function fileName(path: string | null): string | null {
  if (path === null) return null;
  const cut = Math.max(path.lastIndexOf('\\'), path.lastIndexOf('/'));
  const name = path.slice(cut + 1).toLowerCase();
  return name === '' ? null : name;
}

const DEVICE_PREFIX = '\\device\\harddiskvolume';

/**
 * `\device\harddiskvolumeN\windows\...` → `C:\windows\...`. The volume-to-letter map is not in
 * the log; the system volume is C: on the machines these logs come from, so every hard-disk
 * volume is taken as C: (documented in docs/schema.md). Other paths are returned unchanged.
 */
export function drivePath(path: string | null): string | null {
  if (path === null || path.length <= DEVICE_PREFIX.length) return path;
  if (path.slice(0, DEVICE_PREFIX.length).toLowerCase() !== DEVICE_PREFIX) return path;
  const slash = path.indexOf('\\', DEVICE_PREFIX.length);
  return slash < 0 ? path : `C:${path.slice(slash)}`;
}

/** A Map, looked up by the log's text: an object would answer `constructor` with its own. */
const IP_PROTOCOLS: ReadonlyMap<string, string> = new Map([['1', 'icmp'], ['6', 'tcp'], ['17', 'udp'], ['58', 'icmpv6'], ['2', 'igmp']]);

/** IANA protocol number or name → lower-case name (6 → tcp). */
export function protocol(value: FieldValue): string | null {
  const s = text(value);
  if (s === null) return null;
  return IP_PROTOCOLS.get(s) ?? s.toLowerCase();
}

/** DOMAIN\user from separate parts; either part may be missing. */
export function account(domain: FieldValue, name: FieldValue): string | null {
  const user = text(name);
  if (user === null) return null;
  const dom = text(domain);
  return dom === null ? user : `${dom}\\${user}`;
}

const shortNames = new Map<string, string | null>();
const SHORT_NAME_CACHE_LIMIT = 10_000;

/** Short host name, upper case: `workstation5.theshire.local` → `WORKSTATION5`. IP addresses stay whole. */
export function shortHost(name: string | null): string | null {
  if (name === null) return null;
  // A source names few hosts, once per event: remember them.
  const known = shortNames.get(name);
  if (known !== undefined) return known;
  const short = computeShortHost(name);
  if (shortNames.size < SHORT_NAME_CACHE_LIMIT) shortNames.set(name, short);
  return short;
}

function computeShortHost(name: string): string | null {
  const trimmed = name.trim();
  if (trimmed === '') return null;
  const dot = trimmed.indexOf('.');
  if (dot < 0 || isIpv4(trimmed)) return trimmed.toUpperCase();
  return trimmed.slice(0, dot).toUpperCase();
}

function isIpv4(s: string): boolean {
  const c = s.charCodeAt(0);
  return c >= 48 && c <= 57 && s.split('.').length === 4 && s.split('.').every((p) => p !== '' && Number(p) >= 0 && Number(p) <= 255);
}
