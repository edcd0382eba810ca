// The hand-written reads of the `events` table: what a load reports per source, and what
// front ends ask for (one event's columns, its neighbours on the same host, the most frequent
// values of a field, which columns hold data, the first event ids for sampling raw records). Compiled analytics run through
// match/; the editor's free queries through the session's `query`. Values are always bound;
// column names come from the schema, never from the caller.

import { resolveField } from '../schema/aliases';
import { COLUMNS } from '../schema/columns';
import type { ValueCount } from '../types/session';
import type { EventStore, Row } from '../types/store';

/** How many raw records to read when a field is no column (original fields). */
const RAW_SAMPLE = 2000;
/** Ids bound per statement: well below SQLite's parameter limit. */
const ID_CHUNK = 500;

/** The id the next inserted event gets. */
export function nextEventId(store: EventStore): number {
  return lastEventId(store) + 1;
}

/**
 * The highest event id, 0 when empty. Not `max(id)`: `events` is a view with a join
 * (store/eventTables.ts), and SQLite seeks the largest id of a plain SELECT but scans
 * every row for an aggregate over a join.
 */
export function lastEventId(store: EventStore): number {
  return Number(store.all('SELECT id FROM events ORDER BY id DESC LIMIT 1')[0]?.id ?? 0);
}

export interface IdRangeSummary {
  readonly start: number | null;
  readonly end: number | null;
  /** Events without a time. */
  readonly untimed: number;
  readonly hosts: string[];
  readonly byChannel: Record<string, number>;
  readonly byEventId: Record<string, number>;
}

/** Time span, hosts and counts of the events with ids in [first, last] (one source's: a contiguous range, so the scans use the primary key). */
export function idRangeSummary(store: EventStore, first: number, last: number): IdRangeSummary {
  const range = [first, last];
  const where = 'WHERE id BETWEEN ? AND ?';
  const span = store.all(`SELECT min(ts) AS start, max(ts) AS end, count(*) - count(ts) AS untimed FROM events ${where}`, range)[0]!;
  const counts = (column: string): Record<string, number> =>
    Object.fromEntries(store.all(`SELECT ${column} AS k, count(*) AS n FROM events ${where} GROUP BY 1 ORDER BY 2 DESC`, range).map((r) => [String(r.k), Number(r.n)]));
  return {
    start: span.start === null ? null : Number(span.start),
    end: span.end === null ? null : Number(span.end),
    untimed: Number(span.untimed),
    hosts: store.all(`SELECT DISTINCT host FROM events ${where} AND host IS NOT NULL ORDER BY host`, range).map((r) => String(r.host)),
    byChannel: counts('channel'),
    byEventId: counts('event_id'),
  };
}

/** Whole rows of the events with these ids (any order, duplicates once), read in chunks under SQLite's parameter limit. */
export function eventRows(store: EventStore, ids: readonly number[]): Map<number, Row> {
  const unique = [...new Set(ids)];
  const rows = new Map<number, Row>();
  for (let i = 0; i < unique.length; i += ID_CHUNK) {
    const chunk = unique.slice(i, i + ID_CHUNK);
    store.each(`SELECT * FROM events WHERE id IN (${chunk.map(() => '?').join(', ')})`, chunk, (row) => rows.set(Number(row.id), row));
  }
  return rows;
}

export function eventRow(store: EventStore, eventId: number): Row {
  const row = store.all('SELECT * FROM events WHERE id = ?', [eventId])[0];
  if (!row) throw new Error(`no event with id ${eventId}`);
  return row;
}

/** Events on the same host within ±`seconds` of the event, in total order (ts, id). */
export function neighbourRows(store: EventStore, eventId: number, seconds: number, limit: number): Row[] {
  return store.all(
    `SELECT e.* FROM events e, (SELECT host, ts FROM events WHERE id = ?) x
     WHERE e.host = x.host AND e.ts BETWEEN x.ts - ? AND x.ts + ? ORDER BY e.ts, e.id LIMIT ?`,
    [eventId, seconds * 1000, seconds * 1000, limit],
  );
}

/** Most frequent values of a field (any alias); a field no alias knows is read from a sample of raw records. */
export function topValues(store: EventStore, field: string, limit: number): ValueCount[] {
  const canonical = resolveField(field);
  const rows = canonical
    ? store.all(`SELECT "${canonical}" AS value, count(*) AS n FROM events WHERE "${canonical}" IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`, [limit])
    : store.all(`SELECT v AS value, count(*) AS n FROM (SELECT raw_field(id, ?) AS v FROM events LIMIT ${RAW_SAMPLE}) WHERE v IS NOT NULL GROUP BY 1 ORDER BY n DESC, 1 LIMIT ?`, [field, limit]);
  return rows.map((r) => ({ value: r.value instanceof Uint8Array ? null : r.value ?? null, count: Number(r.n) }));
}

/** Columns with at least one value. */
export function columnsWithData(store: EventStore): string[] {
  const counts = store.all(`SELECT ${COLUMNS.map((c) => `count("${c.name}") AS "${c.name}"`).join(', ')} FROM events`)[0] ?? {};
  return COLUMNS.filter((c) => Number(counts[c.name] ?? 0) > 0).map((c) => c.name);
}

export function firstEventIds(store: EventStore, limit: number): number[] {
  return store.all('SELECT id FROM events ORDER BY id LIMIT ?', [limit]).map((r) => Number(r.id));
}
