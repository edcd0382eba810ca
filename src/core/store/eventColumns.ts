// The columns analytics test, kept in memory beside sql.js as typed arrays, one value per
// event in id order: the matcher judges a step's events here instead of asking SQLite to
// evaluate its filter row by row (0.7 µs per row, and ~3 µs per row it returns: a first run
// of AN0327 walked 890k rows at 1M events; docs/benchmarks.md). Text is held as codes: the
// interner's for interned columns (the writer already has them), a map of this module's own
// for the few inline text columns; a test on text is then decided once per distinct value.
//
// The copy is written with the rows (SqlStore.insertBatch, updateEvents) and is only ever
// complete or absent: a value it cannot hold exactly as SQLite stores it (a number given as
// text, a fraction in an integer column) or any other write to the event table (the store's
// update hook) drops it, and readers fall back to SQL. Columns outside MIRRORED are read
// through SQL as before (a step that reads one is read there whole).

import { COLUMNS } from '../schema/columns';
import type { ColumnView, IntegerValues, SqlValue, TextCodes } from '../types/store';

/** What the analytics filter and join on, and the channel for a load's summary (COLUMNS order). About 114 bytes per event. */
export const MIRRORED: ReadonlySet<string> = new Set([
  'id', 'ts', 'host', 'channel', 'event_id', 'category', 'action', 'pid', 'image', 'process_name', 'command_line',
  'parent_image', 'parent_name', 'user', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'protocol',
  'direction', 'peer_scope', 'conn_state', 'service_name', 'service_image', 'rule_name', 'fw_action',
  'local_ports', 'logon_type',
]);

/** Rows a column holds at first; when full it doubles (a copy), at least by GROWTH_ROWS. */
const INITIAL_ROWS = 1024;
/**
 * Doubling copies each value about once (a quarter more each time: four times, and the new
 * array's pages touched on this VM at ~10 µs per page fault: ~30k faults of a 1M load;
 * docs/benchmarks.md). The half a new array does not yet hold is allocated but never written,
 * so it takes address space, not memory: `bytes` counts the rows held.
 */
const GROWTH = 2;
const GROWTH_ROWS = 65536;
/** NULL in an integer column (a value SQLite never gets from a loader: -2^31). */
const NULL_INT = -0x80000000;

/** Decodes the codes of an interned column (the loader's dictionary). */
export interface CodeBook {
  valueOf(code: number): string | undefined;
  /** One more than the largest code. */
  readonly size: number;
}

type Kind = 'integer' | 'time' | 'coded' | 'text';

/**
 * One column's values by position. One flat array, doubled when full: a test reads
 * it directly (chunks cost an extra lookup per value).
 */
class Column {
  values: Int32Array | Float64Array;
  /** Inline text columns: this column's own codes (code 0 is NULL). */
  private readonly ownCodes = new Map<string, number>();
  private readonly ownValues: string[] = [''];

  /** `slot`: where the column's value is in a written row (-1 for the id, given apart). */
  constructor(readonly name: string, readonly kind: Kind, readonly slot: number, private readonly book: CodeBook | undefined) {
    this.values = kind === 'time' ? new Float64Array(INITIAL_ROWS) : new Int32Array(INITIAL_ROWS);
  }

  /** Stores `value` (as SQLite holds it) at `position`; false when it cannot be held exactly. */
  set(position: number, value: SqlValue): boolean {
    if (position >= this.values.length) {
      const rows = Math.max(Math.ceil(this.values.length * GROWTH), this.values.length + GROWTH_ROWS, position + 1);
      const grown = this.kind === 'time' ? new Float64Array(rows) : new Int32Array(rows);
      grown.set(this.values);
      this.values = grown;
    }
    const stored = this.stored(value);
    if (stored === undefined) return false;
    this.values[position] = stored;
    return true;
  }

  /** Blobs (and anything else not a number, text or NULL) are not held: undefined. */
  private stored(value: SqlValue): number | undefined {
    switch (this.kind) {
      case 'time':
        if (typeof value === 'number') return value;
        return value === null ? Number.NaN : undefined;
      case 'integer':
        if (typeof value === 'number') return value === (value | 0) && value !== NULL_INT ? value : undefined;
        return value === null ? NULL_INT : undefined;
      case 'coded':
        if (typeof value === 'number') return value > 0 && value === (value | 0) ? value : undefined;
        return value === null ? 0 : undefined;
      case 'text': {
        if (value === null) return 0;
        // TEXT affinity stores an integer as its decimal text; other numbers are left out.
        const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isInteger(value) && Math.abs(value) <= Number.MAX_SAFE_INTEGER ? String(value) : undefined;
        if (text === undefined) return undefined;
        let code = this.ownCodes.get(text);
        if (code === undefined) {
          code = this.ownValues.length;
          this.ownCodes.set(text, code);
          this.ownValues.push(text);
        }
        return code;
      }
    }
  }

  /** A reader of this column's values as SQL returns them, until the next write (it holds the arrays of now). */
  reader(): (position: number) => SqlValue {
    const values = this.values;
    switch (this.kind) {
      case 'time': return (p) => { const v = values[p]!; return Number.isNaN(v) ? null : v; };
      case 'integer': return (p) => { const v = values[p]!; return v === NULL_INT ? null : v; };
      case 'text': {
        const texts = this.ownValues;
        return (p) => { const code = values[p]!; return code === 0 ? null : texts[code]!; };
      }
      case 'coded': {
        const book = this.book!;
        return (p) => { const code = values[p]!; return code === 0 ? null : book.valueOf(code) ?? null; };
      }
    }
  }

  /** The text of a code (coded and text columns). */
  decode(code: number): string | null {
    if (code === 0) return null;
    return (this.kind === 'coded' ? this.book!.valueOf(code) : this.ownValues[code]) ?? null;
  }

  /** One more than the largest code (coded and text columns). */
  get codes(): number {
    return this.kind === 'coded' ? this.book!.size : this.ownValues.length;
  }
}

export class EventColumns implements ColumnView {
  private readonly columns = new Map<string, Column>();
  private readonly list: Column[];
  private length = 0;
  private writes = 0;
  /** The id of the first row; rows are contiguous ids from it (checked as they come). */
  private firstId = 0;

  /**
   * `books`: per interned column, its dictionary's decoder (undefined = stored inline);
   * `slot`: where a column's value is in the rows given to append() (the id comes apart).
   */
  constructor(books: (column: string) => CodeBook | undefined, slot: (column: string) => number) {
    for (const spec of COLUMNS) {
      if (!MIRRORED.has(spec.name)) continue;
      const book = books(spec.name);
      const kind: Kind = spec.name === 'ts' ? 'time' : spec.type === 'integer' ? 'integer' : book ? 'coded' : 'text';
      this.columns.set(spec.name, new Column(spec.name, kind, spec.name === 'id' ? -1 : slot(spec.name), book));
    }
    this.list = [...this.columns.values()];
  }

  get rows(): number {
    return this.length;
  }

  /** Bytes the rows held take in the arrays (what is resident; see GROWTH). */
  get bytes(): number {
    let bytes = 0;
    for (const column of this.list) bytes += this.length * column.values.BYTES_PER_ELEMENT;
    return bytes;
  }

  /** Changes with every write (ColumnView.version). */
  get version(): number {
    return this.writes;
  }

  has(column: string): boolean {
    return this.columns.has(column);
  }

  /**
   * Appends the event `id` with `row`, the values as written to the row table (interned
   * columns as codes). False when the row cannot be held (drop the copy).
   */
  append(id: number, row: readonly SqlValue[]): boolean {
    if (this.length === 0) this.firstId = id;
    else if (id !== this.firstId + this.length) return false;
    const position = this.length;
    for (const column of this.list) if (!column.set(position, column.slot < 0 ? id : row[column.slot]!)) return false;
    this.length++;
    this.writes++;
    return true;
  }

  /** Sets `column` of the event `id` (as written to the row table); false when it cannot be held. */
  update(id: number, column: string, value: SqlValue): boolean {
    const target = this.columns.get(column);
    if (!target) return true;
    const position = id - this.firstId;
    if (position < 0 || position >= this.length) return false;
    this.writes++;
    return target.set(position, value);
  }

  /** Forgets rows from `length` on (a rolled-back batch). */
  truncate(length: number): void {
    this.writes++;
    this.length = Math.min(this.length, length);
  }

  position(id: number): number | undefined {
    const position = id - this.firstId;
    return Number.isInteger(position) && position >= 0 && position < this.length ? position : undefined;
  }

  /** The last id held (0 when empty). */
  get lastId(): number {
    return this.length === 0 ? 0 : this.firstId + this.length - 1;
  }

  reader(column: string): (position: number) => SqlValue {
    return this.columns.get(column)!.reader();
  }

  times(): Float64Array {
    return this.columns.get('ts')!.values as Float64Array;
  }

  integers(column: string): IntegerValues | undefined {
    const c = this.columns.get(column);
    return c?.kind === 'integer' ? { at: c.values as Int32Array, nullValue: NULL_INT } : undefined;
  }

  codes(column: string): TextCodes | undefined {
    const c = this.columns.get(column);
    if (!c || (c.kind !== 'coded' && c.kind !== 'text')) return undefined;
    return { at: c.values as Int32Array, size: Math.max(c.codes, 1), decode: (code) => c.decode(code) };
  }
}
