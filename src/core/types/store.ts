// The store's public face: typed SQL over the normalized `events` table, values always bound.
// Implemented over sql.js in store/sqlStore.ts; owned by the engine worker in the extension.

export type SqlValue = string | number | null | Uint8Array;
export type Row = Record<string, SqlValue>;

export interface SourceInfo {
  readonly id: number;
  readonly path: string;
  readonly member: string | null;
  /**
   * Which of the members of that name it is, per nesting level (0 the first, 1 the second ...):
   * an archive may hold two members of one name, and the name alone would find the first.
   */
  readonly memberOccurrence?: readonly number[] | null;
  readonly format: string;
  readonly dialect: string | null;
}

export interface EventStore {
  /** Registers a scalar SQL function (stores that run analytics get the matcher's, e.g. hb_like_any). */
  registerFunction?(name: string, fn: (...args: SqlValue[]) => SqlValue): void;
  /** Rows of a SELECT; every value is a bound parameter, never spliced into the SQL text. */
  all(sql: string, params?: readonly SqlValue[]): Row[];
  /** Iterate a SELECT row by row (large results), freeing the statement afterwards. */
  each(sql: string, params: readonly SqlValue[], onRow: (row: Row) => void): void;
  /**
   * Iterate a SELECT as value arrays (no per-row object or column-name lookups: the fast path
   * for large candidate sets); return false from onRow to stop. Returns the column names.
   */
  eachValues?(sql: string, params: readonly SqlValue[], onRow: (values: SqlValue[]) => void | boolean): string[];
  /** Whole rows of the `events` view for these ids (no duplicates), by id; stores that can read them cheaper than the view does. */
  wholeRows?(ids: readonly number[]): Map<number, Row>;
  sources(): SourceInfo[];
  /**
   * Counts the store's changes (writes, registered functions): what was read at one generation
   * still holds while it is the same (match/stepCache.ts). Undefined: nothing may be kept.
   */
  readonly generation?: number;
  /** Bytes the sql.js database occupies now. */
  sizeBytes(): number;
  /**
   * The correlation columns held in memory (store/eventColumns.ts), when the store keeps them
   * and they are complete; the matcher then judges events there instead of in SQL.
   */
  columns?(): ColumnView | undefined;
}

/** A text column's codes by position (0 is NULL) and the text of each code. */
export interface TextCodes {
  /** The code at each position (0 .. rows - 1; the array may be longer). */
  readonly at: Int32Array;
  /** Every code is below this. */
  readonly size: number;
  decode(code: number): string | null;
}

/** A whole-number column's values by position, NULL as `nullValue` (a value no event holds there). */
export interface IntegerValues {
  readonly at: Int32Array;
  readonly nullValue: number;
}

/** Some columns of every event in memory, by position 0 .. rows - 1 in id order. */
export interface ColumnView {
  readonly rows: number;
  /** Changes with every write: what was computed from the columns at one version holds while it is the same. */
  readonly version: number;
  has(column: string): boolean;
  /** A column's value at a position, as SQL returns it (text, number or null); valid until the next write. */
  reader(column: string): (position: number) => SqlValue;
  /**
   * Every event's time (`ts`, ms), NaN where it has none; valid until the next write. Loops over
   * millions of events read it directly: through a reader each time read became a number object.
   */
  times(): Float64Array;
  /** A text column's codes (a test on text is decided once per code); undefined for numbers. */
  codes(column: string): TextCodes | undefined;
  /** A whole-number column's values (a filter reads them without a call per event); undefined for others. */
  integers(column: string): IntegerValues | undefined;
  /** The position of the event `id`, undefined when it holds none. */
  position(id: number): number | undefined;
}
