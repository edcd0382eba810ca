// The matcher's reads of the `events` table: a step's candidate rows (its filter compiled by
// dsl/compile, with only the columns the analytic reads), the records of connections that
// chains hold, the span of the data, and the rows an explanation shows. The matcher
// (src/core/match) writes no SQL against `events` itself. Column names come from the schema
// through the compiled plan; values are always bound.

import type { ColumnView, EventStore, Row, SqlValue } from '../types/store';
import { rowMaker } from './rowShape';
import { CONNECTION_COLUMNS } from '../schema/connections';
import { BASE_TABLE, quote, storedValueSql, textConditionSql } from '../schema/storage';

/** A piece of SQL with its bound values. */
export interface SqlPart {
  readonly sql: string;
  readonly params: readonly SqlValue[];
}

/** Extra expressions selected with every row (raw fields, Sigma matches: of `id`), under these row keys. */
export interface ExtraColumns extends SqlPart {
  readonly names: readonly string[];
}

/** Where a step's candidates can be: the join keys and times a selective step allows. */
export interface Restriction {
  /** The global join key's column and the values it may take. */
  readonly key?: { readonly column: string; readonly values: readonly SqlValue[] };
  /**
   * Sorted, disjoint time ranges (inclusive): the step is read with one query per range, each
   * a `ts BETWEEN` the (category, ts) index can seek, instead of one scan testing every range.
   */
  readonly ranges?: readonly (readonly [number, number])[];
}

export interface CandidateSelect {
  /** Columns of `events` to read. */
  readonly columns: readonly string[];
  readonly extra: ExtraColumns;
  /**
   * Filters as dsl/compile wrote them (a step's alternatives): a row is read when it matches
   * any, once, so a category is scanned once per step, not once per alternative. `categories`:
   * those a row matching the filter has, when the filter names them.
   */
  readonly filters: readonly (SqlPart & { readonly categories?: readonly string[] })[];
  readonly key?: Restriction['key'];
  /** One time range (inclusive). */
  readonly range?: readonly [number, number];
  /**
   * With a limit, at most limit + 1 rows come back unordered, so SQLite can stop at the limit
   * instead of sorting every match first (callers sort); without one, rows come in (ts, id) order.
   */
  readonly limit?: number;
  /**
   * Events per category (dataSpan's sample). With a limit and filters of several categories, these
   * are read one after another, fewest events first, until the limit is passed: read together, the
   * (category, ts) index gives them in name order, and a step whose matches are in its largest
   * category (AN0327's effect: process children) walked every row of the others first
   * (docs/benchmarks.md).
   */
  readonly categoryRows?: ReadonlyMap<string, number>;
}

/**
 * Calls onRow with each candidate row as an object keyed by column name (and extra name),
 * through the store's array fast path when it has one: sql.js pays per value it returns.
 * Which alternative a row is for is its caller's to judge (each alternative's predicate is
 * its definition): flagging each filter per returned row cost AN0327's effect step a fifth
 * of its time (docs/benchmarks.md).
 */
export function eachCandidate(store: EventStore, select: CandidateSelect, onRow: (row: Row) => void): void {
  const { filters } = select;
  const several = filters.length > 1;
  const where: SqlPart[] = [several ? { sql: `(${filters.map((f) => `(${f.sql})`).join(' OR ')})`, params: filters.flatMap((f) => f.params) } : filters[0]!];
  // Alternatives of several categories: an OR of filters that each name theirs is a scan of
  // every event (AN0327's effect step read all 1M); their union in front lets the (category,
  // ts) index find the rows. Each filter requires its categories, so this changes no result.
  const categories = several && filters.every((f) => f.categories) ? [...new Set(filters.flatMap((f) => f.categories!))].sort() : null;
  if (categories) where.unshift({ sql: `category IN (${categories.map(() => '?').join(', ')})`, params: categories });
  const { key } = select;
  if (key) where.push({ sql: textConditionSql(key.column, (text) => `${text} IN (${key.values.map(() => '?').join(', ')})`), params: key.values });
  if (select.range) where.push({ sql: 'ts BETWEEN ? AND ?', params: select.range });
  const { categoryRows } = select;
  if (select.limit !== undefined && categories && categoryRows) {
    // Per category, fewest events first; each read asks for what is still missing to pass the limit.
    let read = 0;
    const rows = (category: string): number => categoryRows.get(category) ?? 0;
    for (const category of [...categories].sort((a, b) => rows(a) - rows(b))) {
      if (read > select.limit) break;
      const limit = select.limit - read;
      readCandidates(store, select, [...where, { sql: 'category = ?', params: [category] }], limit, (row) => {
        read++;
        onRow(row);
      });
    }
    return;
  }
  readCandidates(store, select, where, select.limit, onRow);
}

/** One statement of eachCandidate: `where` and-ed; with a limit, at most limit + 1 rows, unordered. */
function readCandidates(store: EventStore, select: CandidateSelect, where: readonly SqlPart[], limit: number | undefined, onRow: (row: Row) => void): void {
  // The filters compare codes on the row table (dsl/compile/sql.ts); the columns read are decoded.
  const columns = select.columns.map((c) => `${storedValueSql(c)} AS ${quote(c)}`);
  const sql = `SELECT ${columns.join(', ')}${select.extra.sql} FROM ${BASE_TABLE} WHERE ${where.map((w) => w.sql).join(' AND ')}` +
    (limit === undefined ? ' ORDER BY ts, id' : ' LIMIT ?');
  const params = [...select.extra.params, ...where.flatMap((w) => w.params), ...(limit === undefined ? [] : [limit + 1])];
  if (!store.eachValues) return store.each(sql, params, onRow);
  const names = [...select.columns, ...select.extra.names];
  const newRow = rowMaker(names);
  store.eachValues(sql, params, (values) => {
    const row = newRow();
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i]!;
    onRow(row);
  });
}

/** The data span (for `baseline first`), and how common each category is (for capped reads). */
export function dataSpan(store: EventStore): DataSpan {
  const view = store.columns?.();
  if (view) return columnsSpan(view);
  // The base table: over the view, every row joined its host's dictionary entry (eventTables.ts).
  const row = store.all(`SELECT count(ts) AS n, min(ts) AS start, max(ts) AS end FROM ${BASE_TABLE}`)[0] ?? {};
  return { events: Number(row.n ?? 0), start: Number(row.start ?? 0), end: Number(row.end ?? 0), categoryRows: sampledCategories(store) };
}

/** Windows of consecutive ids counted to estimate the categories' shares, and their length. */
const SAMPLE_WINDOWS = 16;
const SAMPLE_ROWS = 1000;

/**
 * Events per category in a sample: SAMPLE_WINDOWS runs of SAMPLE_ROWS consecutive ids spread
 * over the store (rowid seeks, a few milliseconds at any size; counting every row took as long
 * as the span's scan). Only the order matters to its use, and results never depend on it.
 */
function sampledCategories(store: EventStore): Map<string, number> {
  const last = Number(store.all(`SELECT id FROM ${BASE_TABLE} ORDER BY id DESC LIMIT 1`)[0]?.id ?? 0);
  // A small store is counted whole (one window from the first id).
  const starts = last <= SAMPLE_WINDOWS * SAMPLE_ROWS ? [1] : Array.from({ length: SAMPLE_WINDOWS }, (_, k) => 1 + Math.floor((k * last) / SAMPLE_WINDOWS));
  const width = last <= SAMPLE_WINDOWS * SAMPLE_ROWS ? Math.max(last, 1) : SAMPLE_ROWS;
  const windows = starts.map(() => `SELECT category FROM ${BASE_TABLE} WHERE id BETWEEN ? AND ?`).join(' UNION ALL ');
  const counts = new Map<string, number>();
  for (const g of store.all(`SELECT category, count(*) AS n FROM (${windows}) GROUP BY category`, starts.flatMap((s) => [s, s + width - 1]))) {
    if (g.category !== null) counts.set(String(g.category), Number(g.n));
  }
  return counts;
}

/** dataSpan() from the columns in memory: every event counted, in a few milliseconds. */
function columnsSpan(view: ColumnView): DataSpan {
  const ts = view.times();
  const categories = view.codes('category')!;
  const perCode = new Float64Array(categories.size);
  let events = 0;
  let start = Number.POSITIVE_INFINITY;
  let end = Number.NEGATIVE_INFINITY;
  const rows = view.rows;
  for (let p = 0; p < rows; p++) {
    perCode[categories.at[p]!]!++;
    const time = ts[p]!;
    if (Number.isNaN(time)) continue;
    events++;
    if (time < start) start = time;
    if (time > end) end = time;
  }
  const categoryRows = new Map<string, number>();
  perCode.forEach((n, code) => {
    const name = categories.decode(code);
    if (n > 0 && name !== null) categoryRows.set(name, n);
  });
  return events === 0 ? { events, start: 0, end: 0, categoryRows } : { events, start, end, categoryRows };
}

/** How many timed events, the earliest and latest time, and events per category in a sample. */
export interface DataSpan {
  readonly events: number;
  readonly start: number;
  readonly end: number;
  readonly categoryRows: ReadonlyMap<string, number>;
}

/** Source ports bound per statement: well below SQLite's parameter limit. */
const PORT_CHUNK = 400;

/**
 * Every record that shares host, protocol and 5-tuple with one of the given rows and lies
 * within `reachMs` of it, the given rows included, in (ts, id) order per connection: its id,
 * ts and connection columns only (most records read are other connections of the same source
 * port, and a whole row decodes every interned column: 0.7 s of AN0327's 6 s at 1M).
 * One indexed query per source address (its source ports bound together), not one per row:
 * chains of a busy analytic hold thousands of connection records.
 */
export function connectionRecords(store: EventStore, rows: readonly Row[], reachMs: number): Row[] {
  const bySource = new Map<string, { ports: Set<number>; from: number; to: number }>();
  for (const row of rows) {
    if (CONNECTION_COLUMNS.some((c) => c !== 'protocol' && row[c] == null) || row.ts == null) continue;
    const ip = String(row.src_ip);
    const ts = Number(row.ts);
    const entry = bySource.get(ip) ?? { ports: new Set<number>(), from: ts, to: ts };
    entry.ports.add(Number(row.src_port));
    entry.from = Math.min(entry.from, ts);
    entry.to = Math.max(entry.to, ts);
    bySource.set(ip, entry);
  }
  const found: Row[] = [];
  for (const [ip, { ports, from, to }] of bySource) {
    const list = [...ports];
    for (let i = 0; i < list.length; i += PORT_CHUNK) {
      const chunk = list.slice(i, i + PORT_CHUNK);
      store.each(
        `SELECT ${['id', 'ts', ...CONNECTION_COLUMNS].map((c) => `"${c}"`).join(', ')} FROM events WHERE src_ip = ? AND src_port IN (${chunk.map(() => '?').join(', ')}) AND ts BETWEEN ? AND ? ORDER BY ts, id`,
        [ip, ...chunk, from - reachMs, to + reachMs],
        (row) => void found.push(row),
      );
    }
  }
  return found;
}

/** Whole rows of one category (or any), optionally on one key column's value, in (ts, id) order; at most `limit`. */
export function categoryRows(store: EventStore, category: string | null, key: { column: string; value: SqlValue } | null, extra: ExtraColumns, limit: number): Row[] {
  const where = ['ts IS NOT NULL'];
  const params: SqlValue[] = [...extra.params];
  if (category !== null) { where.push('category = ?'); params.push(category); }
  if (key) { where.push(`"${key.column}" = ? COLLATE NOCASE`); params.push(key.value); }
  return store.all(`SELECT *${extra.sql} FROM events WHERE ${where.join(' AND ')} ORDER BY ts, id LIMIT ?`, [...params, limit]);
}

/** Named-pipe opens (Sysmon 17/18) and share accesses (Security 5145), optionally on one key, with the pipe's name as `pipe_name`. */
export function eachPipeAccess(store: EventStore, key: { column: string; value: SqlValue } | null, limit: number, onRow: (row: Row) => void): void {
  const params: SqlValue[] = [];
  let where = "(category = 'pipe' OR (category = 'network' AND action = 'share_access'))";
  if (key) { where += ` AND "${key.column}" = ? COLLATE NOCASE`; params.push(key.value); }
  store.each(`SELECT *, coalesce(raw_field(id, 'PipeName'), raw_field(id, 'RelativeTargetName')) AS pipe_name FROM events WHERE ${where} ORDER BY ts, id LIMIT ?`, [...params, limit], onRow);
}
