// Row inserts that bind parameters straight through SQLite's C API in the sql.js WebAssembly
// module. sql.js's `Statement.run(values)` goes through a JS wrapper per value and encodes each
// string in JS (`lengthBytesUTF8` + `stringToUTF8Array`, then a malloc and a free): the writer
// thread's largest cost after parsing (docs/benchmarks.md). Here a row's strings are written
// into one scratch area of the wasm heap by Node's native UTF-8 encoder and bound in place
// (SQLITE_STATIC), numbers go to `sqlite3_bind_int`/`_double` directly, and NULL is what
// `sqlite3_clear_bindings` leaves. The values SQLite stores are those `Statement.run` stores
// (same int/double choice, same text), except that a lone UTF-16 surrogate becomes U+FFFD
// (valid UTF-8) instead of the bytes Emscripten's encoder made of it.
//
// sql.js exports the C functions on its module object; its linear memory is taken at
// instantiation (the Emscripten `instantiateWasm` hook, see sqlStore.ts); the statement's
// pointer is found on the sql.js Statement and checked by reading its SQL text back, so a
// sql.js that changed its internals fails loudly at the first insert, never writes wrongly.

import type { Database, SqlJsStatic, Statement } from 'sql.js';
import type { SqlValue } from '../types/store';

/** The C API functions sql.js exports on its module (emscripten names). */
interface SqliteExports {
  _sqlite3_bind_int(stmt: number, pos: number, value: number): number;
  _sqlite3_bind_double(stmt: number, pos: number, value: number): number;
  _sqlite3_bind_text(stmt: number, pos: number, ptr: number, bytes: number, destructor: number): number;
  _sqlite3_bind_blob(stmt: number, pos: number, ptr: number, bytes: number, destructor: number): number;
  _sqlite3_clear_bindings(stmt: number): number;
  _sqlite3_step(stmt: number): number;
  _sqlite3_reset(stmt: number): number;
  _sqlite3_sql(stmt: number): number;
  _sqlite3_column_count(stmt: number): number;
  _sqlite3_column_type(stmt: number, column: number): number;
  _sqlite3_column_double(stmt: number, column: number): number;
  _sqlite3_column_text(stmt: number, column: number): number;
  _sqlite3_column_blob(stmt: number, column: number): number;
  _sqlite3_column_bytes(stmt: number, column: number): number;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
}

/** The little of the WebAssembly JS API used here (the project's TypeScript libs do not declare it). */
interface WasmMemory {
  readonly buffer: ArrayBuffer;
}
interface WasmInstance {
  readonly exports: Record<string, unknown>;
}
interface WasmApi {
  Memory: abstract new (...args: never[]) => WasmMemory;
  instantiate(bytes: Uint8Array, imports: unknown): Promise<{ instance: WasmInstance }>;
}
const wasm = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

/**
 * Emscripten's `instantiateWasm` module option (sql.js passes its config through): the module
 * is instantiated from `bytes` here, and its linear memory kept for `memory()`.
 */
export function instantiatingHook(bytes: () => Uint8Array): { instantiateWasm(imports: unknown, done: (instance: WasmInstance) => void): object; memory(): WasmMemory | undefined } {
  let memory: WasmMemory | undefined;
  return {
    instantiateWasm(imports, done) {
      void wasm.instantiate(bytes(), imports).then(({ instance }) => {
        memory = Object.values(instance.exports).find((e): e is WasmMemory => e instanceof wasm.Memory);
        done(instance);
      });
      return {};
    },
    memory: () => memory,
  };
}

const SQLITE_OK = 0;
const SQLITE_DONE = 101;
/** Scratch bytes allocated at first; grown (doubled) for a row that needs more. */
const INITIAL_SCRATCH = 64 * 1024;

/** The C API and linear memory of one instantiated sql.js module. */
export class SqliteApi {
  private constructor(readonly exports: SqliteExports, readonly memory: WasmMemory) {}

  /** The API of `sql`, or undefined when this sql.js build does not export what is needed. */
  static of(sql: SqlJsStatic, memory: WasmMemory | undefined): SqliteApi | undefined {
    const exports = sql as unknown as Partial<SqliteExports>;
    const needed: (keyof SqliteExports)[] = ['_sqlite3_bind_int', '_sqlite3_bind_double', '_sqlite3_bind_text', '_sqlite3_bind_blob',
      '_sqlite3_clear_bindings', '_sqlite3_step', '_sqlite3_reset', '_sqlite3_sql', '_sqlite3_column_count', '_sqlite3_column_type',
      '_sqlite3_column_double', '_sqlite3_column_text', '_sqlite3_column_blob', '_sqlite3_column_bytes', '_malloc', '_free'];
    if (!memory || needed.some((name) => typeof exports[name] !== 'function')) return undefined;
    return new SqliteApi(exports as SqliteExports, memory);
  }

  /** The C string at `ptr` (at most `max` bytes), or undefined when it does not end in time. */
  cString(ptr: number, max: number): string | undefined {
    const bytes = new Uint8Array(this.memory.buffer);
    if (ptr <= 0 || ptr >= bytes.length) return undefined;
    const end = bytes.subarray(ptr, Math.min(bytes.length, ptr + max + 1)).indexOf(0);
    return end < 0 ? undefined : Buffer.from(bytes.buffer, ptr, end).toString('utf8');
  }
}

/** True when `text` holds no SQL: only white space, semicolons and comments. */
export function isEmptySql(text: string): boolean {
  return text.replace(/--[^\n]*|\/\*[\s\S]*?\*\/|[\s;]/g, '') === '';
}

/**
 * Finds the sqlite3_stmt pointer a sql.js Statement prepared from `sql` holds: the field whose
 * sqlite3_sql() `sql` starts with (SQLite keeps the text up to the end of the first statement).
 */
export function statementPointer(api: SqliteApi, statement: Statement, sql: string): number {
  for (const value of Object.values(statement)) {
    if (typeof value !== 'number' || !Number.isInteger(value) || value <= 0) continue;
    try {
      const text = api.cString(api.exports._sqlite3_sql(value), Buffer.byteLength(sql));
      if (text && sql.startsWith(text) && isEmptySql(sql.slice(text.length))) return value;
    } catch {
      // Not a statement pointer (a read outside the heap traps): try the next field.
    }
  }
  throw new Error('this sql.js build hides its statement pointer (see src/core/store/directBind.ts)');
}

/** One prepared statement run once per row with directly bound values; free() with the Statement it wraps. */
export class RowWriter {
  private readonly stmt: number;
  private scratch = 0;
  private scratchBytes = 0;
  private heap: Buffer = Buffer.alloc(0);

  constructor(private readonly api: SqliteApi, private readonly db: Database, readonly statement: Statement, sql: string) {
    this.stmt = statementPointer(api, statement, sql);
  }

  /** Runs the statement once with `values` bound to ?1, ?2, ...; throws SQLite's message on failure. */
  run(values: readonly SqlValue[]): void {
    const { exports } = this.api;
    const stmt = this.stmt;
    let need = 0;
    for (const value of values) {
      if (typeof value === 'string') need += value.length * 3; // UTF-8 bytes per UTF-16 unit, at most
      else if (value instanceof Uint8Array) need += value.length;
    }
    // Allocated even for a row without text: an empty string bound at address 0 would be NULL.
    if (need > this.scratchBytes || this.scratch === 0) this.grow(need);
    // Binding allocates nothing, so the heap cannot move between these writes; it can in step().
    if (this.heap.buffer !== this.api.memory.buffer) this.heap = Buffer.from(this.api.memory.buffer);
    const heap = this.heap;
    let at = this.scratch;
    for (let i = 0; i < values.length; i++) {
      const value = values[i];
      let rc = SQLITE_OK;
      if (value === null || value === undefined) continue; // clear_bindings left NULL
      if (typeof value === 'number') {
        // The choice sql.js makes: 32-bit integers as int, anything else as double.
        rc = value === (value | 0) ? exports._sqlite3_bind_int(stmt, i + 1, value) : exports._sqlite3_bind_double(stmt, i + 1, value);
      } else if (typeof value === 'string') {
        const bytes = heap.write(value, at, 'utf8');
        rc = exports._sqlite3_bind_text(stmt, i + 1, at, bytes, 0);
        at += bytes;
      } else {
        heap.set(value, at);
        rc = exports._sqlite3_bind_blob(stmt, i + 1, at, value.length, 0);
        at += value.length;
      }
      if (rc !== SQLITE_OK) this.fail(rc);
    }
    const rc = exports._sqlite3_step(stmt);
    if (rc !== SQLITE_DONE) this.fail(rc);
    exports._sqlite3_reset(stmt);
    exports._sqlite3_clear_bindings(stmt);
  }

  /** Frees the scratch area and the statement. */
  free(): void {
    if (this.scratch !== 0) this.api.exports._free(this.scratch);
    this.scratch = 0;
    this.statement.free();
  }

  private grow(bytes: number): void {
    if (this.scratch !== 0) this.api.exports._free(this.scratch);
    this.scratchBytes = Math.max(INITIAL_SCRATCH, 2 ** Math.ceil(Math.log2(Math.max(bytes, 1))));
    this.scratch = this.api.exports._malloc(this.scratchBytes);
    if (this.scratch === 0) throw new Error(`out of memory binding a row of ${bytes} bytes`);
  }

  /** Resets the statement and throws the database's message for `rc` (a trigger's RAISE, a constraint). */
  private fail(rc: number): never {
    let message: unknown;
    try {
      (this.db as unknown as { handleError(rc: number): void }).handleError(rc);
      message = new Error(`SQLite error ${rc}`);
    } catch (error) {
      message = error;
    }
    this.api.exports._sqlite3_reset(this.stmt);
    this.api.exports._sqlite3_clear_bindings(this.stmt);
    throw message;
  }
}
