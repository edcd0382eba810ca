// Which events record the same connection (schema/connections.ts: host, protocol and 5-tuple,
// as connectionKey() compares them), told from the store's in-memory columns. Steps count an
// observation once, at its first record (match/reach.ts), and a chain shows every record of
// its observations (match/observations.ts).
//
// Each event's tuple is hashed once per version of the columns; connections are then told only
// among the events asked about. A partition of every event into connections (4.4M of them at
// 10M events) took 1.6-2.5 s to build where the runs asked about a few hundred thousand events
// (docs/benchmarks.md).

import type { ColumnView } from '../types/store';
import { CONNECTION_COLUMNS } from '../schema/connections';

export interface ConnectionIndex {
  /** The given positions grouped by connection: per position (by index), its group (0 .. count - 1), or -1 where connectionKey() is null. */
  among(positions: Int32Array): { readonly of: Int32Array; readonly count: number };
  /** Per given position with a connection, every position (ascending) of that connection; one array per connection. */
  recordsOf(positions: Iterable<number>): Map<number, Int32Array>;
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
  const tupled = withTuples(parts, view.rows);
  return {
    among: (positions) => {
      const table = new TupleTable(parts, positions.length);
      const of = new Int32Array(positions.length);
      for (let i = 0; i < positions.length; i++) of[i] = table.numberOf(positions[i]!, true);
      return { of, count: table.count };
    },
    recordsOf: (positions) => recordsOf(parts, tupled, [...positions]),
  };
}

/** The positions with a connection (ascending), and their tuples' hashes. */
interface Tupled {
  readonly positions: Int32Array;
  readonly hashes: Int32Array;
}

function withTuples(parts: readonly Part[], rows: number): Tupled {
  const positions = new Int32Array(rows);
  const hashes = new Int32Array(rows);
  const tuple = new Int32Array(PARTS);
  let count = 0;
  for (let p = 0; p < rows; p++) {
    if (!readTuple(parts, p, tuple, 0)) continue;
    positions[count] = p;
    hashes[count++] = hash(tuple, 0);
  }
  return { positions: positions.slice(0, count), hashes: hashes.slice(0, count) };
}

/**
 * The connections of the given positions, then one pass over the hashes of every position with
 * a connection: a bit per hash value, set for the connections asked about, passes only their
 * records and a few others whose hash shares the bit, which the exact tuple then tells apart.
 */
function recordsOf(parts: readonly Part[], tupled: Tupled, positions: readonly number[]): Map<number, Int32Array> {
  const table = new TupleTable(parts, positions.length);
  const asked = positions.map((p) => table.numberOf(p, true));
  const bits = Math.min(26, Math.max(16, Math.ceil(Math.log2(Math.max(1, table.count) * 64))));
  const mask = (1 << bits) - 1;
  const wanted = new Uint32Array(1 << (bits - 5));
  for (let c = 0; c < table.count; c++) wanted[(table.hashOf(c) & mask) >>> 5]! |= 1 << (table.hashOf(c) & 31);
  const records: number[][] = Array.from({ length: table.count }, () => []);
  const { hashes } = tupled;
  for (let i = 0; i < hashes.length; i++) {
    const h = hashes[i]!;
    // Only positions with a connection are scanned: the test is almost always false, so predicted.
    if ((wanted[(h & mask) >>> 5]! & (1 << (h & 31))) === 0) continue;
    const p = tupled.positions[i]!;
    const connection = table.numberOf(p, false);
    if (connection >= 0) records[connection]!.push(p);
  }
  const lists = records.map((list) => Int32Array.from(list));
  const out = new Map<number, Int32Array>();
  positions.forEach((p, i) => { if (asked[i]! >= 0) out.set(p, lists[asked[i]!]!); });
  return out;
}

/** Connections numbered by their exact tuples, in an open-addressing table sized for the expected count. */
class TupleTable {
  count = 0;
  private readonly slots: Int32Array;
  private readonly tuples: Int32Array;
  private readonly hashes: Int32Array;
  private readonly scratch = new Int32Array(PARTS);

  constructor(private readonly parts: readonly Part[], expected: number) {
    let size = 16;
    while (size < expected * 2) size *= 2;
    this.slots = new Int32Array(size).fill(-1);
    this.tuples = new Int32Array(Math.max(1, expected) * PARTS);
    this.hashes = new Int32Array(Math.max(1, expected));
  }

  /** The number of the connection at `p` (-1 when it has none); a new one is numbered when `add`, else -1 for a connection not held. */
  numberOf(p: number, add: boolean): number {
    if (!readTuple(this.parts, p, this.scratch, 0)) return -1;
    const h = hash(this.scratch, 0);
    const mask = this.slots.length - 1;
    for (let slot = h & mask; ; slot = (slot + 1) & mask) {
      const held = this.slots[slot]!;
      if (held < 0) {
        if (!add) return -1;
        this.tuples.set(this.scratch, this.count * PARTS);
        this.hashes[this.count] = h;
        this.slots[slot] = this.count;
        return this.count++;
      }
      if (this.hashes[held] === h && this.holds(held)) return held;
    }
  }

  hashOf(connection: number): number {
    return this.hashes[connection]!;
  }

  private holds(connection: number): boolean {
    const at = connection * PARTS;
    for (let c = 0; c < PARTS; c++) if (this.tuples[at + c] !== this.scratch[c]) return false;
    return true;
  }
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
  return h ^ (h >>> 15);
}
