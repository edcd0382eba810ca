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
  const order: Part[] = [];
  for (const column of [...CONNECTION_COLUMNS.filter((c) => c !== 'host' && c !== 'protocol'), 'host', 'protocol']) {
    const part = exactPart(view, column);
    if (!part) return undefined;
    order.push(part);
  }
  const rows = view.rows;
  const of = new Int32Array(rows);
  const table = new TupleTable();
  const tuple = new Int32Array(PARTS);
  for (let p = 0; p < rows; p++) {
    let c = 0;
    for (; c < PARTS; c++) {
      const part = order[c]!;
      const value = part.ids === null ? part.at[p]! : part.ids[part.at[p]!]!;
      if (value === part.missing) break;
      tuple[c] = value;
    }
    of[p] = c < PARTS ? -1 : table.idOf(tuple);
  }
  // The positions of each connection, by a counting sort.
  const count = table.size;
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

/** Tuples of PARTS numbers, each given the next id when first seen (open addressing). */
class TupleTable {
  size = 0;
  private tuples: Int32Array<ArrayBuffer> = new Int32Array(PARTS * 1024);
  private slots = new Int32Array(2048).fill(-1);

  idOf(tuple: Int32Array): number {
    let mask = this.slots.length - 1;
    let slot = hash(tuple, 0) & mask;
    for (;;) {
      const id = this.slots[slot]!;
      if (id < 0) break;
      if (this.equals(id, tuple)) return id;
      slot = (slot + 1) & mask;
    }
    const id = this.size++;
    if (id * PARTS >= this.tuples.length) this.tuples = grow(this.tuples);
    this.tuples.set(tuple, id * PARTS);
    if (this.size * 2 > this.slots.length) {
      this.rehash();
      mask = this.slots.length - 1;
      slot = hash(tuple, 0) & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
    }
    this.slots[slot] = id;
    return id;
  }

  private equals(id: number, tuple: Int32Array): boolean {
    const at = id * PARTS;
    for (let i = 0; i < PARTS; i++) if (this.tuples[at + i] !== tuple[i]) return false;
    return true;
  }

  private rehash(): void {
    this.slots = new Int32Array(this.slots.length * 2).fill(-1);
    const mask = this.slots.length - 1;
    for (let id = 0; id < this.size; id++) {
      let slot = hash(this.tuples, id * PARTS) & mask;
      while (this.slots[slot]! >= 0) slot = (slot + 1) & mask;
      this.slots[slot] = id;
    }
  }
}

function hash(values: Int32Array, at: number): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < PARTS; i++) h = Math.imul(h ^ values[at + i]!, 0x01000193);
  return (h ^ (h >>> 15)) >>> 0;
}

function grow(values: Int32Array): Int32Array<ArrayBuffer> {
  const grown = new Int32Array(values.length * 2);
  grown.set(values);
  return grown;
}
