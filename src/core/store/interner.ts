// Codes for interned column values while loading (see eventTables.ts): an in-memory map per
// dictionary table from text to its id, new values written to the dictionary as they come.
// The map is the loader's; rows written through the view's triggers may add the same text
// again under another id, which decodes to the same value and matches the same queries.

import type { Database, Statement } from 'sql.js';

export class Interner {
  private readonly codes = new Map<string, Map<string, number>>();
  private readonly next = new Map<string, number>();
  private readonly inserts = new Map<string, Statement>();
  /** Values first coded in the current batch, forgotten again if it rolls back. */
  private added: [string, string][] = [];

  constructor(private readonly db: Database) {}

  /** Call before a batch: triggers may have added dictionary rows since the last one. */
  begin(tables: Iterable<string>): void {
    this.added = [];
    for (const table of tables) {
      const [row] = this.db.exec(`SELECT coalesce(max(id), 0) FROM ${table}`);
      this.next.set(table, Number(row!.values[0]![0]) + 1);
    }
  }

  code(table: string, value: string): number {
    let codes = this.codes.get(table);
    if (!codes) this.codes.set(table, (codes = new Map()));
    const known = codes.get(value);
    if (known !== undefined) return known;
    const id = this.next.get(table)!;
    this.next.set(table, id + 1);
    let insert = this.inserts.get(table);
    if (!insert) this.inserts.set(table, (insert = this.db.prepare(`INSERT INTO ${table} (id, value) VALUES (?, ?)`)));
    insert.run([id, value]);
    codes.set(value, id);
    this.added.push([table, value]);
    return id;
  }

  /** Frees the prepared statements (after a batch). */
  end(): void {
    for (const statement of this.inserts.values()) statement.free();
    this.inserts.clear();
  }

  /** After a rolled-back batch: its new values are gone from the dictionaries, so from the map too. */
  rollback(): void {
    for (const [table, value] of this.added) this.codes.get(table)!.delete(value);
    this.added = [];
  }
}
