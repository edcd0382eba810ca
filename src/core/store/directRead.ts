// A statement's result values read straight through SQLite's C API in the sql.js WebAssembly
// module, instead of sql.js's `Statement.get()` (a `ccall` and Emscripten's `UTF8ToString` per
// text value): each value is read by its type with the module's exported functions, and text
// is decoded by Node from the linear memory with the length SQLite gives. Whole rows (48
// columns) cost ~15% less CPU this way, narrow ones the same (docs/benchmarks.md). The values
// are those `get()` gives: numbers as doubles, text, a copied Uint8Array, null.

import type { Statement } from 'sql.js';
import type { SqlValue } from '../types/store';
import { statementPointer, type SqliteApi } from './directBind';

const SQLITE_INTEGER = 1;
const SQLITE_FLOAT = 2;
const SQLITE_TEXT = 3;
const SQLITE_BLOB = 4;

/** Reads the current row of one sql.js statement; valid while the statement is. */
export class ValueReader {
  private readonly stmt: number;
  private readonly count: number;
  private readonly columnType: (stmt: number, column: number) => number;
  private readonly columnDouble: (stmt: number, column: number) => number;
  private readonly columnText: (stmt: number, column: number) => number;
  private readonly columnBlob: (stmt: number, column: number) => number;
  private readonly columnBytes: (stmt: number, column: number) => number;
  private heap: Buffer = Buffer.alloc(0);

  constructor(private readonly api: SqliteApi, statement: Statement, sql: string) {
    const { exports } = api;
    this.stmt = statementPointer(api, statement, sql);
    this.count = exports._sqlite3_column_count(this.stmt);
    this.columnType = exports._sqlite3_column_type;
    this.columnDouble = exports._sqlite3_column_double;
    this.columnText = exports._sqlite3_column_text;
    this.columnBlob = exports._sqlite3_column_blob;
    this.columnBytes = exports._sqlite3_column_bytes;
  }

  /** The current row's values (after a `step()` that returned true). */
  read(): SqlValue[] {
    const values: SqlValue[] = [];
    for (let i = 0; i < this.count; i++) values.push(this.value(i));
    return values;
  }

  /**
   * One value of the current row. Whole rows are made from these directly: an array of 48
   * values grown by push left ~1.2 KB of garbage per row (docs/benchmarks.md).
   */
  value(column: number): SqlValue {
    const stmt = this.stmt;
    const type = this.columnType(stmt, column);
    if (type === SQLITE_INTEGER || type === SQLITE_FLOAT) return this.columnDouble(stmt, column);
    if (type === SQLITE_TEXT) {
      const at = this.columnText(stmt, column);
      return this.memory().toString('utf8', at, at + this.columnBytes(stmt, column));
    }
    if (type === SQLITE_BLOB) {
      const at = this.columnBlob(stmt, column);
      return new Uint8Array(this.memory().subarray(at, at + this.columnBytes(stmt, column)));
    }
    return null;
  }

  /**
   * The module's linear memory. Growing it (stepping may) detaches the old buffer, whose view
   * then has length 0; reading a column allocates nothing in a UTF-8 database. Asking the
   * memory for its buffer on every row cost more than the reads themselves.
   */
  private memory(): Buffer {
    if (this.heap.length === 0) this.heap = Buffer.from(this.api.memory.buffer);
    return this.heap;
  }
}
