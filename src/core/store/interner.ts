// Codes for interned column values while loading (see eventTables.ts): an in-memory map per
// dictionary table from text to its id, new values written to the dictionary as they come.
// The map is the loader's; rows written through the view's triggers may add the same text
// again under another id, which decodes to the same value and matches the same queries.

import type { Database } from 'sql.js';
import type { RowWriter } from './directBind';

/** Prepares an insert for direct binding (the store's, so dictionary text is encoded like row text). */
export type PrepareWriter = (sql: string) => RowWriter;

/** One dictionary table's codes; the loader asks it once per interned value, so lookups stay one Map.get. */
export class Dictionary {
  private readonly codes = new Map<string, number>();
  /** Text by code, for the in-memory columns (eventColumns.ts). */
  private readonly values: string[] = [];
  private next = 1;
  private insert: RowWriter | undefined;
  /** Values first coded in the current batch, forgotten again if it rolls back. */
  private added: string[] = [];

  constructor(private readonly db: Database, private readonly prepare: PrepareWriter, private readonly table: string) {}

  code(value: string): number {
    return this.codes.get(value) ?? this.add(value);
  }

  /** One more than the largest code this map gave. */
  get size(): number {
    return this.values.length;
  }

  /** The text this map coded as `code` (undefined for codes only SQL triggers wrote). */
  valueOf(code: number): string | undefined {
    return this.values[code];
  }

  /** Call before a batch: triggers may have added dictionary rows since the last one. */
  begin(): void {
    this.added = [];
    const [row] = this.db.exec(`SELECT coalesce(max(id), 0) FROM ${this.table}`);
    this.next = Number(row!.values[0]![0]) + 1;
  }

  /** Frees the prepared statement (after a batch). */
  end(): void {
    this.insert?.free();
    this.insert = undefined;
  }

  /** After a rolled-back batch: its new values are gone from the dictionary, so from the map too. */
  rollback(): void {
    for (const value of this.added) this.codes.delete(value);
    this.added = [];
  }

  private add(value: string): number {
    const id = this.next++;
    this.insert ??= this.prepare(`INSERT INTO ${this.table} (id, value) VALUES (?, ?)`);
    this.insert.run([id, value]);
    this.codes.set(value, id);
    this.values[id] = value;
    this.added.push(value);
    return id;
  }
}

export class Interner {
  private readonly dictionaries = new Map<string, Dictionary>();

  constructor(private readonly db: Database, private readonly prepare: PrepareWriter) {}

  /** The dictionary of `table` (one object per table for the store's life). */
  dictionary(table: string): Dictionary {
    let dictionary = this.dictionaries.get(table);
    if (!dictionary) this.dictionaries.set(table, (dictionary = new Dictionary(this.db, this.prepare, table)));
    return dictionary;
  }

  /** Call before a batch with every table it may code into. */
  begin(tables: Iterable<string>): void {
    for (const table of tables) this.dictionary(table).begin();
  }

  end(): void {
    for (const dictionary of this.dictionaries.values()) dictionary.end();
  }

  rollback(): void {
    for (const dictionary of this.dictionaries.values()) dictionary.rollback();
  }
}
