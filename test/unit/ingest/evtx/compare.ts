// Compares our WinEvents with python-evtx's rendering of the same records, field by field.
// The two decoders render some value types differently; each normalization below names the
// difference and applies only when our value has that type's exact rendered shape, so a real
// decoding difference still fails:
//  - python-evtx drops XML-restricted control characters from values (Views.RESTRICTED_CHARS);
//  - it pads HexInt32/64 to full width (0x00000000000fc635); Windows, and we, do not (0xfc635);
//  - it renders size_t in decimal; Windows, and we, in hex;
//  - booleans as True/False; Windows, and we, true/false;
//  - GUIDs in lower case; Windows, and we, upper case;
//  - binary as base64; Windows, and we, as upper-case hex;
//  - FILETIME through a float (datetime.utcfromtimestamp(float(qword) * 1e-7 - 11644473600),
//    microseconds rounded half-even), which is off by up to a few µs; we keep the exact 100 ns
//    value. The check redoes python's arithmetic on our exact value, so it stays exact;
//  - SYSTEMTIME with the milliseconds passed as microseconds (datetime(..., parts[7]));
//  - string arrays as "<string>a</string>\n<string>b</string>\n" text; we join the elements
//    with ARRAY_SEPARATOR, so theirs is compared element-joined the same way.

import type { WinEvent } from '../../../../src/core/types/records';
import type { ReferenceEvent } from './referenceXml';
import { ARRAY_SEPARATOR } from '../../../../src/core/ingest/evtx/values';

// eslint-disable-next-line no-control-regex
const RESTRICTED_CHARS = /[\x01-\x08\x0B\x0C\x0E-\x1F\x7F-\x84\x86-\x9F]/g;
const FILETIME_ISO = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.(\d{7})00Z$/;
const SYSTEMTIME_ISO = /^(\d{4}-\d\d-\d\d)T(\d\d:\d\d:\d\d)\.(\d{3})Z$/;
const PY_DATETIME = /^(\d{4}-\d\d-\d\d) (\d\d:\d\d:\d\d)(?:\.(\d{6}))?$/;
const GUID = /^\{[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}\}$/;

const FILETIME_UNIX_EPOCH = 116444736000000000n;

function roundHalfEven(x: number): number {
  const r = Math.round(x);
  return Math.abs(x % 1) === 0.5 && r % 2 !== 0 ? r - 1 : r;
}

/** What python-evtx prints for a FILETIME, computed the way it computes it. */
function pythonFiletime(ticks: bigint): string {
  const t = Number(ticks) * 1e-7 - 11644473600;
  let seconds = Math.floor(t);
  let us = roundHalfEven((t - seconds) * 1e6);
  if (us >= 1e6) {
    seconds += 1;
    us -= 1e6;
  }
  const text = new Date(seconds * 1000).toISOString().slice(0, 19).replace('T', ' ');
  return us === 0 ? text : `${text}.${String(us).padStart(6, '0')}`;
}

/** Our FILETIME rendering (exact) and python's rendering of the same FILETIME. */
export function sameFiletime(ours: string, theirs: string): boolean {
  const a = FILETIME_ISO.exec(ours);
  if (!a) return false;
  const ticks = BigInt(Date.parse(`${a[1]}T${a[2]}Z`)) * 10000n + BigInt(a[3]) + FILETIME_UNIX_EPOCH;
  return pythonFiletime(ticks) === theirs;
}

function sameSystemtime(ours: string, theirs: string): boolean {
  const a = SYSTEMTIME_ISO.exec(ours);
  const b = PY_DATETIME.exec(theirs);
  return !!a && !!b && a[1] === b[1] && a[2] === b[2] && Number(a[3]) === Number(b[3] ?? '0');
}

const PY_ARRAY = /^(?:<string>[\s\S]*?<\/string>\n)+$/;

function pythonArray(theirs: string): string {
  return [...theirs.matchAll(/<string>([\s\S]*?)<\/string>\n/g)].map((m) => m[1]).join(ARRAY_SEPARATOR);
}

export function sameValue(ours: string, theirs: string): boolean {
  const mine = ours.replace(RESTRICTED_CHARS, '');
  if (mine === theirs) return true;
  if (PY_ARRAY.test(theirs)) return mine === pythonArray(theirs);
  if (/^0x[0-9a-f]+$/.test(mine)) {
    if (/^0x[0-9a-f]+$/.test(theirs) || /^\d+$/.test(theirs)) return BigInt(mine) === BigInt(theirs);
  }
  if (mine === 'true' || mine === 'false') return theirs.toLowerCase() === mine;
  if (GUID.test(mine) && GUID.test(theirs)) return mine.toLowerCase() === theirs.toLowerCase();
  if (/^(?:[0-9A-F]{2})+$/.test(mine) && Buffer.from(mine, 'hex').toString('base64') === theirs) return true;
  return sameFiletime(mine, theirs) || sameSystemtime(mine, theirs);
}

/** Differences between our event and python-evtx's for the same record, as readable lines. */
export function differences(ours: WinEvent, theirs: ReferenceEvent): string[] {
  const out: string[] = [];
  const check = (field: string, a: string | null, b: string | null, same = (x: string, y: string) => x === y) => {
    if (a === b || (a !== null && b !== null && same(a, b))) return;
    out.push(`${field}: ours ${JSON.stringify(a)}, python-evtx ${JSON.stringify(b)}`);
  };
  check('provider', ours.provider, theirs.provider);
  check('channel', ours.channel, theirs.channel);
  check('computer', ours.computer, theirs.computer);
  check('eventId', ours.eventId === null ? null : String(ours.eventId), theirs.eventId);
  check('recordId', ours.recordId === null ? null : String(ours.recordId), theirs.recordId);
  check('timeCreated', ours.timeCreated, theirs.timeCreated, sameFiletime);
  const names = new Set([...Object.keys(ours.data), ...Object.keys(theirs.data)]);
  for (const name of names) {
    const a = ours.data[name];
    const b = theirs.data[name];
    check(`data.${name}`, a === undefined || a === null ? null : String(a), b ?? null, sameValue);
  }
  return out;
}
