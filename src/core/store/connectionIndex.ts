// Which events record the same connection (schema/connections.ts: host, protocol and 5-tuple,
// as connectionKey() compares them), as a number per event in the store's in-memory columns,
// and the events of each connection: worked out once per version of the columns. Steps count
// an observation once, at its first record (match/reach.ts), and a chain shows every record
// of its observations (match/observations.ts); both asked per candidate or chain event what
// a key string and a lookup by source port answered, at every run.

import type { ColumnView } from '../types/store';
import { CONNECTION_COLUMNS } from '../schema/connections';

export interface ConnectionIndex {
  /** Per position, its connection (0 .. count - 1), or -1 when connectionKey() is null there. */
  readonly of: Int32Array;
  /** How many connections there are. */
  readonly count: number;
  /** The positions (ascending) of one connection's events. */
  positions(connection: number): Int32Array;
}

const indexes = new WeakMap<ColumnView, { readonly version: number; readonly index: ConnectionIndex | undefined }>();

/** The connections of the columns' events; undefined when the columns cannot tell them (a part they do not hold as codes or whole numbers). */
export function connectionIndex(view: ColumnView): ConnectionIndex | undefined {
  const known = indexes.get(view);
  if (known?.version === view.version) return known.index;
  const index = buildIndex(view);
  indexes.set(view, { version: view.version, index });
  return index;
}

/** A part as an exact number per position: `at[p]`, through `ids` when given; `missing` where connectionKey() has none. */
interface Part {
  readonly at: Int32Array;
  readonly ids: Int32Array | null;
  readonly missing: number;
}
const MISSING = -0x80000000;
const PARTS = CONNECTION_COLUMNS.length;

function buildIndex(view: ColumnView): ConnectionIndex | undefined {
  if (!CONNECTION_COLUMNS.every((c) => view.has(c))) return undefined;
  // Host and protocol last: most events (process, registry, logon) have no address and stop at the first part.
  const parts: Part[] = [];
  for (const column of [...CONNECTION_COLUMNS.filter((c) => c !== 'host' && c !== 'protocol'), 'host', 'protocol']) {
    const part = exactPart(view, column);
    if (!part) return undefined;
    parts.push(part);
  }
  // One table of every connection's tuple spent most of its time waiting for memory (4.4 s for
  // 4.4M connections at 10M events): the tuples are first put in buckets by their hash's top
  // bits, then each bucket is numbered with a table that stays in cache (2.2 s).
  const hashes = tupleHashes(parts, view.rows);
  const buckets = inBuckets(parts, hashes);
  const of = new Int32Array(view.rows).fill(-1);
  let count = 0;
  for (let b = 0; b + 1 < buckets.starts.length; b++) count = numberBucket(buckets, b, hashes, of, count);
  return byConnection(of, count);
}

/** Each position's tuple hashed (non-negative), or -1 where it has no connection. */
function tupleHashes(parts: readonly Part[], rows: number): Int32Array {
  const hashes = new Int32Array(rows);
  const tuple = new Int32Array(PARTS);
  for (let p = 0; p < rows; p++) hashes[p] = readTuple(parts, p, tuple, 0) ? hash(tuple, 0) & 0x7fffffff : -1;
  return hashes;
}

/** The tuples in buckets by their hashes' top bits: each entry its position, then its parts. */
interface Buckets {
  readonly entries: Int32Array;
  /** Bucket b holds entries starts[b] .. starts[b + 1] - 1, in position order. */
  readonly starts: Int32Array;
}
const ENTRY = PARTS + 1;

function inBuckets(parts: readonly Part[], hashes: Int32Array): Buckets {
  let tuples = 0;
  for (const h of hashes) if (h >= 0) tuples++;
  const bits = Math.min(16, Math.max(0, Math.ceil(Math.log2(tuples / BUCKET_SIZE))));
  const bucketOf = (h: number): number => (bits === 0 ? 0 : h >>> (31 - bits));
  const starts = new Int32Array((1 << bits) + 1);
  for (const h of hashes) if (h >= 0) starts[bucketOf(h) + 1]!++;
  for (let b = 1; b < starts.length; b++) starts[b]! += starts[b - 1]!;
  const entries = new Int32Array(tuples * ENTRY);
  const next = starts.slice(0, -1);
  for (let p = 0; p < hashes.length; p++) {
    if (hashes[p]! < 0) continue;
    const at = next[bucketOf(hashes[p]!)]!++ * ENTRY;
    entries[at] = p;
    readTuple(parts, p, entries, at + 1);
  }
  return { entries, starts };
}

/** Numbers the connections of bucket `b` from `count` on, into `of`; returns the next number. */
function numberBucket({ entries, starts }: Buckets, b: number, hashes: Int32Array, of: Int32Array, count: number): number {
  const size = tableSize(starts[b + 1]! - starts[b]!);
  const table = new Int32Array(size).fill(-1);
  const mask = size - 1;
  for (let i = starts[b]!; i < starts[b + 1]!; i++) {
    const at = i * ENTRY;
    const p = entries[at]!;
    for (let slot = hashes[p]! & mask; ; slot = (slot + 1) & mask) {
      const seen = table[slot]!;
      if (seen < 0) {
        table[slot] = i;
        of[p] = count++;
        break;
      }
      if (sameTuple(entries, seen * ENTRY, at)) {
        of[p] = of[entries[seen * ENTRY]!]!;
        break;
      }
    }
  }
  return count;
}

/** About how many tuples go in one bucket. */
const BUCKET_SIZE = 16384;

function tableSize(entries: number): number {
  let size = 16;
  while (size < entries * 2) size *= 2;
  return size;
}

/** The parts of the connection at `p` into `into` from `at` on; false when one is missing (no connection). */
function readTuple(parts: readonly Part[], p: number, into: Int32Array, at: number): boolean {
  for (let c = 0; c < PARTS; c++) {
    const part = parts[c]!;
    const value = part.ids === null ? part.at[p]! : part.ids[part.at[p]!]!;
    if (value === part.missing) return false;
    into[at + c] = value;
  }
  return true;
}

/** Whether the entries at `a` and `b` hold the same parts. */
function sameTuple(entries: Int32Array, a: number, b: number): boolean {
  for (let c = 1; c <= PARTS; c++) if (entries[a + c] !== entries[b + c]) return false;
  return true;
}

/** The index over `of`: the positions of each connection by a counting sort. */
function byConnection(of: Int32Array, count: number): ConnectionIndex {
  const rows = of.length;
  const starts = new Int32Array(count + 1);
  for (let p = 0; p < rows; p++) if (of[p]! >= 0) starts[of[p]! + 1]!++;
  for (let i = 1; i <= count; i++) starts[i]! += starts[i - 1]!;
  const sorted = new Int32Array(starts[count]!);
  const next = starts.slice(0, count);
  for (let p = 0; p < rows; p++) if (of[p]! >= 0) sorted[next[of[p]!]!++] = p;
  return { of, count, positions: (connection) => sorted.subarray(starts[connection]!, starts[connection + 1]!) };
}

/**
 * A connection column's value at a position as a number equal exactly when connectionKey()'s
 * part is: whole numbers as they are, texts as one number per distinct text (a text can be
 * stored under two codes). A NULL protocol is the empty text, as in the key; any other NULL is
 * missing.
 */
function exactPart(view: ColumnView, column: string): Part | undefined {
  const integers = view.integers(column);
  if (integers) return { at: integers.at, ids: null, missing: integers.nullValue };
  const codes = view.codes(column);
  if (!codes) return undefined;
  const ids = new Map<string, number>();
  const idOfCode = new Int32Array(codes.size).fill(-1);
  for (let code = 0; code < codes.size; code++) {
    const text = code === 0 ? null : codes.decode(code);
    const key = text ?? (column === 'protocol' ? '' : null);
    if (key === null) idOfCode[code] = MISSING;
    else {
      let id = ids.get(key);
      if (id === undefined) ids.set(key, (id = ids.size));
      idOfCode[code] = id;
    }
  }
  return { at: codes.at, ids: idOfCode, missing: MISSING };
}

function hash(values: Int32Array, at: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < PARTS; i++) h = Math.imul(h ^ values[at + i]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}
