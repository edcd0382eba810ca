// How the `events` table of COLUMNS is laid out in SQLite. Repeated text (host names,
// providers, channels, actions, image paths, command lines that recur) is interned
// (schema/storage.ts says which columns and in which dictionary): the base table `event_rows`
// holds a small integer per value and a dictionary (id, value) holds the text once. `events`
// is a view that decodes them, so every query by name (canonical, Sigma, ECS, CIM) reads the
// same columns as before. INSTEAD OF triggers keep INSERT, UPDATE and DELETE on `events`
// working; bulk inserts and the load's fix-ups (SqlStore.updateEvents) go to `event_rows`
// directly with codes from an in-memory map (sqlStore.ts, interner.ts).
//
// Two ways to decode, measured on the matcher bench (docs/benchmarks.md):
// - `host` leads the (host, event_id, ts) index: its dictionary `dict_host` is joined in the
//   view, so `host = ?` scans that dictionary and seeks the index with the code.
// - every other interned column is decoded by a subquery in the view's column: free when a
//   query does not read the column, also in aggregates (SQLite leaves unread LEFT JOINs out of
//   non-aggregate queries only; joining every dictionary doubled the analytics' CPU time).
//   `category` leads the (category, ts) index and is short: it stays inline, like GUIDs,
//   addresses, ports and times.
// The analytics' filters skip the view: they compare codes on `event_rows` (dsl/compile/sql.ts).
// Dictionaries have no index on their value (it would store every distinct command line
// twice): triggers look values up by scanning, the loader never does.

import type { Database } from 'sql.js';
import { COLUMNS } from '../schema/columns';
import { BASE_TABLE, INTERNED, dictionary, hasOwnDictionary, quote } from '../schema/storage';

export { BASE_TABLE, INTERNED, dictionary, quote };

/**
 * Built once after a load (faster than during it), each for queries the engine and the
 * workbench run: a host's events, a category in time order (timelines, the analytics' SQL
 * path), port ranges, a connection's records. None on process GUIDs: no query of the product
 * seeks them, and the two cost 15% of a Sysmon capture's bytes and 0.7 µs per event to build;
 * an ad-hoc pivot on a GUID scans (~80 ms per million events; docs/benchmarks.md).
 */
export const INDEXES: readonly (readonly string[])[] = [
  ['host', 'event_id', 'ts'],
  ['category', 'ts'],
  ['dst_port'],
  // Source address and port: the records of one connection (store/candidates.ts) are a seek.
  ['src_ip', 'src_port'],
];

/** Interned columns that lead an index: decoded by a LEFT JOIN on their own dictionary. */
const JOINED = new Set(INDEXES.map((columns) => columns[0]!).filter((name) => INTERNED.has(name)));
for (const name of JOINED) if (!hasOwnDictionary(name)) throw new Error(`${name} leads an index, so it needs a dictionary of its own (schema/storage.ts)`);

/** Every dictionary table, once. */
export const DICTIONARIES: readonly string[] = [...new Set(COLUMNS.filter((c) => INTERNED.has(c.name)).map((c) => dictionary(c.name)))];

/** The code of NEW.<column> in its dictionary (after internValue() added it). */
function codeOf(column: string): string {
  return `(SELECT min(id) FROM ${dictionary(column)} WHERE value = NEW.${quote(column)})`;
}

/** Adds NEW.<column> to its dictionary unless present (a trigger statement). */
function internValue(column: string): string {
  const dict = dictionary(column);
  return `INSERT INTO ${dict} (value) SELECT NEW.${quote(column)} WHERE NEW.${quote(column)} IS NOT NULL AND NOT EXISTS (SELECT 1 FROM ${dict} WHERE value = NEW.${quote(column)});`;
}

function decoded(column: string): string {
  if (!INTERNED.has(column)) return `r.${quote(column)}`;
  if (JOINED.has(column)) return `${dictionary(column)}.value`;
  return `(SELECT value FROM ${dictionary(column)} WHERE id = r.${quote(column)})`;
}

function viewSql(): string {
  const select = COLUMNS.map((c) => `${decoded(c.name)} AS ${quote(c.name)}`);
  const joins = COLUMNS.filter((c) => JOINED.has(c.name)).map((c) => `LEFT JOIN ${dictionary(c.name)} ON ${dictionary(c.name)}.id = r.${quote(c.name)}`);
  return `CREATE VIEW IF NOT EXISTS events AS SELECT ${select.join(', ')} FROM ${BASE_TABLE} r ${joins.join(' ')}`;
}

function triggersSql(): string[] {
  const names = COLUMNS.map((c) => quote(c.name));
  const values = COLUMNS.map((c) => (INTERNED.has(c.name) ? codeOf(c.name) : `NEW.${quote(c.name)}`));
  const interned = COLUMNS.filter((c) => INTERNED.has(c.name)).map((c) => internValue(c.name));
  const insert = `CREATE TRIGGER IF NOT EXISTS events_insert INSTEAD OF INSERT ON events BEGIN ${interned.join(' ')} ` +
    `INSERT INTO ${BASE_TABLE} (${names.join(', ')}) VALUES (${values.join(', ')}); END`;
  const remove = `CREATE TRIGGER IF NOT EXISTS events_delete INSTEAD OF DELETE ON events BEGIN DELETE FROM ${BASE_TABLE} WHERE id = OLD.id; END`;
  // One trigger per column, so an UPDATE only does the work of the columns it sets.
  const updates = COLUMNS.map((c) => {
    const body = c.name === 'id' ? `SELECT RAISE(ABORT, 'event ids cannot change');`
      : `${INTERNED.has(c.name) ? internValue(c.name) : ''} UPDATE ${BASE_TABLE} SET ${quote(c.name)} = ${INTERNED.has(c.name) ? codeOf(c.name) : `NEW.${quote(c.name)}`} WHERE id = OLD.id;`;
    return `CREATE TRIGGER IF NOT EXISTS events_update_${c.name} INSTEAD OF UPDATE OF ${quote(c.name)} ON events BEGIN ${body} END`;
  });
  return [insert, remove, ...updates];
}

/** Every statement that creates the event tables, the view and its triggers (idempotent). */
export function eventSchemaSql(): string[] {
  const columns = COLUMNS.map((c) => (c.name === 'id' ? '"id" INTEGER PRIMARY KEY' : `${quote(c.name)} ${c.type === 'integer' || INTERNED.has(c.name) ? 'INTEGER' : 'TEXT'}`));
  return [
    `CREATE TABLE IF NOT EXISTS ${BASE_TABLE} (${columns.join(', ')})`,
    ...DICTIONARIES.map((table) => `CREATE TABLE IF NOT EXISTS ${table} (id INTEGER PRIMARY KEY, value TEXT NOT NULL)`),
    viewSql(),
    ...triggersSql(),
  ];
}

/** Dictionaries the planner is told hold at least this many rows (see dictionaryStatsSql). */
const DICTIONARY_ROWS_AT_LEAST = 1000;

/**
 * Statements that make ANALYZE's row counts of the dictionaries at least
 * DICTIONARY_ROWS_AT_LEAST. With a true count of a few rows the planner scans a joined
 * dictionary instead of looking the code up by rowid, and a scan cannot be left out of a
 * query that does not read that column. Counted this way, an unread dictionary is skipped
 * and `host = ?` still starts from the (small) dictionary and seeks the base table's index.
 */
export function dictionaryStatsSql(db: Database): string[] {
  return DICTIONARIES.flatMap((table) => {
    const rows = Number(db.exec(`SELECT count(*) FROM ${table}`)[0]!.values[0]![0]);
    return [
      `DELETE FROM sqlite_stat1 WHERE tbl = '${table}'`,
      `INSERT INTO sqlite_stat1 (tbl, idx, stat) VALUES ('${table}', NULL, '${Math.max(rows, DICTIONARY_ROWS_AT_LEAST)}')`,
    ];
  });
}
