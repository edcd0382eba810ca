// The event store over sql.js: a `sources` table and the typed `events` view of COLUMNS
// over narrow rows with interned text (eventTables.ts; raw text stays in the source files,
// see raw.ts).
// The database file lives in fixed-size chunks outside the wasm heap (chunkedFile.ts), so
// it grows without copies and past 4 GB; SQLite's page cache stays small in the wasm heap.
// Loading stops at a memory budget (load.ts).

import initSqlJs, { type Database, type SqlJsStatic, type Statement } from 'sql.js';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { COLUMNS, type EventField } from '../schema/columns';
import { ChunkedFile, type SharedChunks } from './chunkedFile';
import { BASE_TABLE, DICTIONARIES, dictionary, dictionaryStatsSql, eventSchemaSql, INDEXES, INTERNED, quote } from './eventTables';
import { lastEventId, nextEventId } from './events';
import { EventColumns } from './eventColumns';
import { Interner } from './interner';
import { instantiatingHook, isEmptySql, RowWriter, SqliteApi } from './directBind';
import { ValueReader } from './directRead';
import type { LoadedRecord } from '../types/records';
import { rowMaker } from './rowShape';
import { copyFields, emptyRow } from '../schema/eventRow';
import type { ColumnView, EventStore, Row, SourceInfo, SqlValue } from '../types/store';

export { INDEXES };

export const DEFAULT_BUDGET_BYTES = 2.5 * 1024 ** 3;

/** See SqlStore.eventWriter(). */
export interface EventWriter {
  /** Inserts one record, opening a transaction when none is open; returns its event id. Throws SQLite's message for a row it refuses (nothing of that row is kept). */
  add(record: LoadedRecord): number;
  /** Rows added in the open transaction. */
  readonly pending: number;
  /** Commits the open transaction, if any. */
  commit(): void;
  /** Rolls the open transaction back, if any: its rows, the dictionary values it added and its rows' copies in memory. */
  rollback(): void;
}

export interface StoreOptions {
  /** Database size (bytes) at which loading stops; see loadPaths(). */
  readonly budgetBytes?: number;
}

const CREATE_SOURCES_SQL = 'CREATE TABLE IF NOT EXISTS sources (id INTEGER PRIMARY KEY, path TEXT NOT NULL, member TEXT, member_occurrence TEXT, format TEXT NOT NULL, dialect TEXT)';

const INSERT_COLUMNS = COLUMNS.filter((c) => c.name !== 'id');
const EVENT_FIELDS = INSERT_COLUMNS.slice(4).map((c) => c.name as EventField); // after source_id, line, offset, length
if (EVENT_FIELDS.join() !== Object.keys(emptyRow()).join()) throw new Error('copyFields() (schema/eventRow.ts) must copy the event fields in insert order');
/** Per event field, the dictionary its values are coded in, or null when stored inline. */
const EVENT_FIELD_DICTIONARY = EVENT_FIELDS.map((name) => (INTERNED.has(name) ? dictionary(name) : null));

/** Where each column's value is in an inserted row. */
const INSERT_SLOT = new Map<string, number>(INSERT_COLUMNS.map((c, i) => [c.name, i]));

const INSERT_SQL = `INSERT INTO ${BASE_TABLE} (${INSERT_COLUMNS.map((c) => quote(c.name)).join(', ')}) VALUES (${INSERT_COLUMNS.map(() => '?').join(', ')})`;

/** Below this many rows updateEvents() leaves the journal as it is (switching it costs more). */
const JOURNAL_SWITCH_ROWS = 1000;

let sqlJs: Promise<{ SQL: SqlJsStatic; api: SqliteApi | undefined }> | undefined;

/** sql-wasm.wasm sits next to the bundle (dist/); from source it is found in node_modules. */
export function locateWasm(): string {
  const bundled = join(__dirname, 'sql-wasm.wasm');
  if (existsSync(bundled)) return bundled;
  for (let dir = __dirname; ; dir = dirname(dir)) {
    const candidate = join(dir, 'node_modules', 'sql.js', 'dist', 'sql-wasm.wasm');
    if (existsSync(candidate)) return candidate;
    if (dirname(dir) === dir) break;
  }
  throw new Error(`sql-wasm.wasm not found next to ${__dirname} nor in any node_modules/sql.js/dist above it`);
}

/** sql.js with the C API of its module (directBind.ts); the linear memory is taken as the module is instantiated. */
function loadSqlJs(): Promise<{ SQL: SqlJsStatic; api: SqliteApi | undefined }> {
  sqlJs ??= (async () => {
    const hook = instantiatingHook(() => readFileSync(locateWasm()));
    const SQL = await initSqlJs({ locateFile: () => locateWasm(), instantiateWasm: hook.instantiateWasm } as Parameters<typeof initSqlJs>[0]);
    return { SQL, api: SqliteApi.of(SQL, hook.memory()) };
  })();
  return sqlJs;
}

/** A valid database image to open the chunked file from (sql.js opens files, not empty buffers). */
function emptyDatabase(SQL: SqlJsStatic): Uint8Array {
  const seed = new SQL.Database();
  try {
    seed.run(CREATE_SOURCES_SQL);
    return seed.export();
  } finally {
    seed.close();
  }
}

function sqliteApi(db: Database, api: SqliteApi | undefined): SqliteApi {
  if (api) return api;
  db.close();
  throw new Error('this sql.js build does not export the SQLite C API or its memory (see src/core/store/directBind.ts)');
}

function toSqlValue(value: unknown): SqlValue {
  if (value === undefined || value === null) return null;
  if (typeof value === 'boolean') return value ? 1 : 0;
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' || value instanceof Uint8Array) return value;
  return String(value);
}

export class SqlStore implements EventStore {
  readonly budgetBytes: number;
  private indexed = false;
  private pointerStatement: Statement | undefined;
  private readonly interner: Interner;
  private changes = 0;
  /** The correlation columns in memory (eventColumns.ts); dropped by any write it does not follow. */
  private mirror: EventColumns | undefined;
  /** The update hook: a change to the row table by any other statement than the mirrored writes' drops the copy. */
  private readonly watchRows = (_operation: string, _database: string, table: string): void => {
    if (table === BASE_TABLE) this.mirror = undefined;
  };

  /** Changes with every write and every registered function (EventStore.generation). */
  get generation(): number {
    return this.changes;
  }

  /** Whether the correlation indexes exist (they grow with every later insert). */
  get hasIndexes(): boolean {
    return this.indexed;
  }

  private constructor(private readonly db: Database, private readonly file: ChunkedFile, private readonly api: SqliteApi, options: StoreOptions, create = true) {
    this.budgetBytes = options.budgetBytes ?? DEFAULT_BUDGET_BYTES;
    this.interner = new Interner(db, (sql) => new RowWriter(api, db, db.prepare(sql), sql));
    if (!create) return;
    // SQLite's temporary data (the sorts that build indexes, the row copies of an UPDATE through
    // the view) in the wasm heap rather than in MEMFS files, which grow by copying like the
    // database once did: at 1M events the index build added 134 MB to peak RSS with files,
    // 18 MB in memory (docs/benchmarks.md). The heap is capped (2 GiB with the page cache);
    // these sorts stay far below it (≈ 18 MB per million events).
    db.run('PRAGMA temp_store = MEMORY');
    db.run(CREATE_SOURCES_SQL);
    for (const sql of eventSchemaSql()) db.run(sql);
    this.mirror = new EventColumns((column) => (INTERNED.has(column) ? this.interner.dictionary(dictionary(column)) : undefined), (column) => INSERT_SLOT.get(column)!);
    db.updateHook(this.watchRows);
  }

  static async open(options: StoreOptions = {}): Promise<SqlStore> {
    const { SQL, api } = await loadSqlJs();
    const file = new ChunkedFile(emptyDatabase(SQL));
    const db = new SQL.Database(file as unknown as Uint8Array);
    if (!file.adopted) {
      db.close();
      throw new Error('this sql.js build did not take the chunked database file (sql.js changed how it stores files: see src/core/store/chunkedFile.ts)');
    }
    return new SqlStore(db, file, sqliteApi(db, api), options);
  }

  /** The database file as another thread can open it (openShared) while this store does not write. */
  shared(): SharedChunks {
    return this.file.share();
  }

  /**
   * A read-only store over another store's shared file, without a copy: ad-hoc queries run in a
   * worker that can be stopped (session/queryWorker.ts). It must not write: the pages are the
   * other store's.
   */
  static async openShared(shared: SharedChunks): Promise<SqlStore> {
    const { SQL, api } = await loadSqlJs();
    const file = new ChunkedFile(shared);
    const db = new SQL.Database(file as unknown as Uint8Array);
    if (!file.adopted) {
      db.close();
      throw new Error('this sql.js build did not take the chunked database file (see src/core/store/chunkedFile.ts)');
    }
    const store = new SqlStore(db, file, sqliteApi(db, api), {}, false);
    store.setReadOnly(true);
    return store;
  }

  addSource(source: Omit<SourceInfo, 'id'>): number {
    const occurrence = source.memberOccurrence ? JSON.stringify(source.memberOccurrence) : null;
    this.run('INSERT INTO sources (path, member, member_occurrence, format, dialect) VALUES (?, ?, ?, ?, ?)', [source.path, source.member, occurrence, source.format, source.dialect]);
    return Number(this.all('SELECT last_insert_rowid() AS id')[0]!.id);
  }

  /** Records a source's format once it is known (sources are registered before detection ends). */
  setSourceFormat(id: number, format: string, dialect: string | null): void {
    this.run('UPDATE sources SET format = ?, dialect = ? WHERE id = ?', [format, dialect, id]);
  }

  /**
   * Inserts records in one transaction (rolled back whole when one fails); returns the first
   * new event id.
   */
  insertBatch(sourceId: number, records: readonly LoadedRecord[]): number {
    const writer = this.eventWriter(sourceId);
    let first: number | undefined;
    try {
      for (const record of records) {
        const id = writer.add(record);
        first ??= id;
      }
    } catch (error) {
      writer.rollback();
      throw error;
    }
    writer.commit();
    return first ?? this.nextEventId();
  }

  /**
   * Rows of one source inserted as they come, in transactions the caller commits. The loader
   * keeps no batch of records alive while it reads: held records survive the young
   * generation's collections, which copy them (2,000 held cost ~3 µs per event, docs/benchmarks.md).
   * Commit or roll back before anything else writes to the store.
   */
  eventWriter(sourceId: number): EventWriter {
    const values: SqlValue[] = new Array(INSERT_COLUMNS.length);
    const dictionaries = EVENT_FIELD_DICTIONARY.map((table) => (table ? this.interner.dictionary(table) : null));
    let writer: RowWriter | undefined;
    let nextId = 0;
    let pending = 0;
    let mirrored = 0;
    /** After the transaction: the dictionaries' statements freed, the update hook back. */
    const settle = (): void => {
      this.interner.end();
      if (this.mirror) this.db.updateHook(this.watchRows);
    };
    const open = (): RowWriter => {
      nextId = this.nextEventId();
      mirrored = this.mirror?.rows ?? 0;
      this.interner.begin(DICTIONARIES);
      this.db.updateHook(null); // these rows are mirrored here, not watched
      this.changes++;
      try {
        this.db.run('BEGIN');
      } catch (error) {
        settle();
        throw error;
      }
      try {
        writer = new RowWriter(this.api, this.db, this.db.prepare(INSERT_SQL), INSERT_SQL);
      } catch (error) {
        this.db.run('ROLLBACK');
        settle();
        throw error;
      }
      return writer;
    };
    const close = (sql: 'COMMIT' | 'ROLLBACK'): void => {
      if (!writer) return;
      try {
        this.db.run(sql);
      } finally {
        writer.free();
        writer = undefined;
        pending = 0;
        settle();
      }
    };
    return {
      get pending() {
        return pending;
      },
      add: ({ pointer, event }) => {
        const insert = writer ?? open();
        values[0] = sourceId;
        values[1] = pointer.line ?? null;
        values[2] = pointer.offset;
        values[3] = pointer.length;
        copyFields(event, values, 4);
        for (let i = 0; i < EVENT_FIELDS.length; i++) {
          const value = toSqlValue(values[i + 4]);
          // Interned columns hold text (TEXT affinity made numbers text before interning too).
          const dictionary = dictionaries[i];
          values[i + 4] = value !== null && dictionary ? dictionary.code(typeof value === 'string' ? value : String(value)) : value;
        }
        insert.run(values);
        const id = nextId++;
        if (this.mirror && !this.mirror.append(id, values)) this.mirror = undefined;
        pending++;
        return id;
      },
      commit: () => close('COMMIT'),
      rollback: () => {
        if (!writer) return;
        this.interner.rollback();
        this.mirror?.truncate(mirrored);
        close('ROLLBACK');
      },
    };
  }

  /**
   * Sets `columns` of events by id, straight in the base table (interned values coded here):
   * through the `events` view, each column's trigger and the view's row copy made a 1M-event
   * load's fix-up writes several times slower (measured, docs/benchmarks.md). Each row is the
   * column values in order, then the id; rows in id order walk the table once.
   * Large writes put the rollback journal in memory meanwhile: scattered updates journal a page
   * each, and the journal file in sql.js's MEMFS made 44k updates cost ~10 s (measured).
   */
  updateEvents(columns: readonly string[], rows: readonly (readonly SqlValue[])[]): void {
    if (rows.length === 0) return;
    const known = new Set<string>(COLUMNS.map((c) => c.name));
    for (const name of columns) if (!known.has(name) || name === 'id') throw new Error(`not an event column that can be set: ${name}`);
    const dictionaries = columns.map((name) => (INTERNED.has(name) ? this.interner.dictionary(dictionary(name)) : null));
    const sql = `UPDATE ${BASE_TABLE} SET ${columns.map((name) => `${quote(name)} = ?`).join(', ')} WHERE id = ?`;
    const coded = (row: readonly SqlValue[]): SqlValue[] => row.map((value, i) => {
      const coding = dictionaries[i];
      return coding && value !== null ? coding.code(String(value)) : value;
    });
    const mode = rows.length < JOURNAL_SWITCH_ROWS ? null : String(this.all('PRAGMA journal_mode')[0]?.journal_mode ?? 'delete');
    if (mode !== null) this.db.run('PRAGMA journal_mode = MEMORY');
    this.interner.begin(DICTIONARIES);
    let mirror = this.mirror;
    const follow = (values: readonly SqlValue[]): void => {
      const id = Number(values[columns.length]);
      if (columns.some((name, i) => !mirror!.update(id, name, values[i]!))) mirror = this.mirror = undefined;
    };
    this.db.updateHook(null); // these changes are mirrored here, not watched
    try {
      this.transaction(this.prepareOne(sql), (statement) => {
        for (const row of rows) {
          const values = coded(row);
          statement.run(values);
          if (mirror) follow(values);
        }
      });
    } catch (error) {
      this.interner.rollback();
      this.mirror = undefined; // some rows were set in the copy, none in the database
      throw error;
    } finally {
      this.interner.end();
      if (this.mirror) this.db.updateHook(this.watchRows);
      if (mode !== null) this.db.run(`PRAGMA journal_mode = ${mode === 'memory' ? 'MEMORY' : 'DELETE'}`);
    }
  }

  private nextEventId(): number {
    return nextEventId(this);
  }

  /**
   * The correlation columns in memory, complete up to the last event; undefined once a write
   * they did not follow dropped them. (A DELETE of every row empties the table without the
   * update hook: SQLite's truncate optimization; the last id tells.)
   */
  columns(): ColumnView | undefined {
    const mirror = this.mirror;
    return mirror && mirror.lastId === lastEventId(this) ? mirror : undefined;
  }

  /** Bytes the correlation columns in memory take (0 once dropped). */
  columnBytes(): number {
    return this.mirror?.bytes ?? 0;
  }

  /** Creates the correlation indexes (idempotent); later loads insert with them in place. */
  buildIndexes(): void {
    if (this.indexed) return;
    for (const columns of INDEXES) {
      // Indexes led by a port or address skip the rows without a value there (most
      // events have none of that kind); `col = ?` and range terms imply `col IS NOT NULL`, so
      // SQLite still uses them. Host and category lead the others and are always read.
      const lead = columns[0]!;
      const partial = lead !== 'host' && lead !== 'category' ? ` WHERE ${quote(lead)} IS NOT NULL` : '';
      this.db.run(`CREATE INDEX IF NOT EXISTS events_${columns.join('_')} ON ${BASE_TABLE} (${columns.map(quote).join(', ')})${partial}`);
    }
    this.db.run('ANALYZE');
    for (const sql of dictionaryStatsSql(this.db)) this.db.run(sql);
    this.db.run('ANALYZE sqlite_schema'); // reload the statistics
    this.indexed = true;
  }

  /** With read-only on, any statement that writes fails (ad hoc queries run this way). */
  setReadOnly(on: boolean): void {
    // Statements run while writable may have written (a query can even lift query_only itself).
    this.changes++;
    this.db.run(`PRAGMA query_only = ${on ? 'ON' : 'OFF'}`);
  }

  /** Registers a scalar SQL function (e.g. raw_field). */
  registerFunction(name: string, fn: (...args: SqlValue[]) => SqlValue): void {
    this.changes++;
    this.db.create_function(name, fn);
  }

  all(sql: string, params: readonly SqlValue[] = []): Row[] {
    const rows: Row[] = [];
    this.each(sql, params, (row) => void rows.push(row));
    return rows;
  }

  /**
   * Calls onRow per row; returning false from onRow stops early. Rows are built from the values
   * and the column names read once: sql.js's getAsObject() reads every column's name again for
   * every row, which made whole rows (60 columns) cost ~35 µs each (docs/benchmarks.md).
   * As with getAsObject(), a repeated column name keeps its last value.
   */
  each(sql: string, params: readonly SqlValue[], onRow: (row: Row) => void | boolean): void {
    let newRow: (() => Row) | undefined;
    this.eachStep(sql, params, (reader, names) => {
      newRow ??= rowMaker(names);
      const row = newRow();
      for (let i = 0; i < names.length; i++) row[names[i]!] = reader.value(i);
      return onRow(row);
    });
  }

  /**
   * Steps one statement, with the reader on each row and the column names; returning false
   * from onStep stops early. Returns the column names.
   */
  private eachStep(sql: string, params: readonly SqlValue[], onStep: (reader: ValueReader, names: string[]) => void | boolean): string[] {
    const statement = this.prepareOne(sql);
    try {
      statement.bind(params as SqlValue[]);
      const reader = new ValueReader(this.api, statement, sql);
      const names = statement.getColumnNames();
      while (statement.step()) if (onStep(reader, names) === false) break;
      return names;
    } finally {
      statement.free();
    }
  }

  /**
   * Whole rows of the events with these ids, as the `events` view gives them (its columns, in
   * its order), with the interned columns decoded from the loader's dictionaries in memory: the
   * view decodes each of them with a lookup per row, about three quarters of a whole row's cost.
   * A row holding a code the loader did not give (written through the view's triggers) is read
   * through the view.
   */
  wholeRows(ids: readonly number[]): Map<number, Row> {
    const rows = new Map<number, Row>();
    if (ids.length === 0) return rows;
    const names = COLUMNS.map((c) => c.name);
    const books = names.map((name) => (INTERNED.has(name) ? this.interner.dictionary(dictionary(name)) : undefined));
    const unknown: number[] = [];
    const newRow = rowMaker(names);
    this.eachStep(`SELECT ${names.map(quote).join(', ')} FROM ${BASE_TABLE} WHERE id IN (SELECT value FROM json_each(?))`, [JSON.stringify(ids)], (reader) => {
      const row = newRow();
      for (let i = 0; i < names.length; i++) {
        const value = reader.value(i);
        if (value === null) continue; // the row's template holds null
        const book = books[i];
        if (!book) row[names[i]!] = value;
        else {
          const text = book.valueOf(Number(value));
          if (text === undefined) return void unknown.push(Number(row.id));
          row[names[i]!] = text;
        }
      }
      rows.set(Number(row.id), row);
    });
    if (unknown.length > 0) this.each('SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(unknown)], (row) => void rows.set(Number(row.id), row));
    return rows;
  }

  /**
   * Where one event's raw record is. The statement is kept prepared: raw_field() asks once per
   * row, and preparing it each time was ~0.5 ms, most of a raw_field() call (docs/benchmarks.md).
   */
  recordPointer(id: number): { sourceId: number; line: number | null; offset: number; length: number } | undefined {
    const statement = this.pointerStatement ??= this.db.prepare(`SELECT source_id, line, "offset", length FROM ${BASE_TABLE} WHERE id = ?`);
    try {
      statement.bind([id]);
      if (!statement.step()) return undefined;
      const [sourceId, line, offset, length] = statement.get() as SqlValue[];
      return { sourceId: Number(sourceId), line: line === null ? null : Number(line), offset: Number(offset), length: Number(length) };
    } finally {
      statement.reset();
    }
  }

  /** Like each() with rows as arrays (duplicate column names survive); returns the column names. */
  eachValues(sql: string, params: readonly SqlValue[], onRow: (values: SqlValue[]) => void | boolean): string[] {
    return this.eachStep(sql, params, (reader) => onRow(reader.read()));
  }

  /** Runs one writing statement with bound values (post-load fix-ups); fails in read-only mode. */
  execute(sql: string, params: readonly SqlValue[] = []): void {
    this.run(sql, params);
  }

  /** Runs one writing statement once per parameter set, prepared once, in one transaction. */
  executeMany(sql: string, rows: readonly (readonly SqlValue[])[]): void {
    if (rows.length === 0) return;
    this.transaction(this.prepareOne(sql), (statement) => {
      for (const params of rows) statement.run(params as SqlValue[]);
    });
  }

  /** Runs `body` with `statement` in one transaction (rolled back on error), then frees the statement. */
  private transaction<S extends { free(): unknown }>(statement: S, body: (statement: S) => void): void {
    this.changes++;
    this.db.run('BEGIN');
    try {
      body(statement);
      this.db.run('COMMIT');
    } catch (error) {
      this.db.run('ROLLBACK');
      throw error;
    } finally {
      statement.free();
    }
  }

  private run(sql: string, params: readonly SqlValue[]): void {
    this.changes++;
    const statement = this.prepareOne(sql);
    try {
      statement.run(params as SqlValue[]);
    } finally {
      statement.free();
    }
  }

  /** Refuses SQL with a second statement after the first, which sql.js would silently ignore. */
  private prepareOne(sql: string): Statement {
    const iterator = this.db.iterateStatements(sql);
    if (iterator.next().done) throw new Error('no SQL statement given');
    const rest = iterator.getRemainingSQL();
    if (!isEmptySql(rest)) {
      throw new Error(`one SQL statement at a time; remove what follows the first: ${rest.trim().slice(0, 60)}`);
    }
    iterator.next(); // frees the checked statement and the iterator's copy of the SQL text
    return this.db.prepare(sql);
  }

  sources(): SourceInfo[] {
    return this.all('SELECT id, path, member, member_occurrence, format, dialect FROM sources ORDER BY id').map((r) => ({
      id: Number(r.id),
      path: String(r.path),
      member: r.member === null ? null : String(r.member),
      memberOccurrence: r.member_occurrence === null ? null : (JSON.parse(String(r.member_occurrence)) as number[]),
      format: String(r.format),
      dialect: r.dialect === null ? null : String(r.dialect),
    }));
  }

  eventCount(): number {
    // The base table: count(*) over the view would join dict_host on every row (eventTables.ts).
    return Number(this.all(`SELECT count(*) AS n FROM ${BASE_TABLE}`)[0]!.n);
  }

  sizeBytes(): number {
    const pages = Number(this.all('PRAGMA page_count')[0]!.page_count);
    const pageSize = Number(this.all('PRAGMA page_size')[0]!.page_size);
    return pages * pageSize;
  }

  /** Bytes the database file holds in memory (its allocated chunks; at most one chunk over sizeBytes()). */
  fileBytes(): number {
    return this.file.allocatedBytes;
  }

  close(): void {
    this.db.close();
  }
}
