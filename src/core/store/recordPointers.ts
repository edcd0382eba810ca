// Reads of the `events` table for runs that evaluate raw records rather than columns (the
// Sigma runner, sigma/run.ts and sigma/correlation.ts): the events some log-source filters
// select, each with the pointer to its raw record, in id order (so records are read
// sequentially); and the pointers, times and hosts of given events. Values are bound; the
// columns are fixed here.

import type { EventStore, SqlValue } from '../types/store';

/** Which events a run wants: each present list must hold the event's value (strings in lower case). */
export interface SourceFilter {
  readonly providers?: readonly string[];
  readonly channels?: readonly string[];
  readonly eventIds?: readonly number[];
}

/** An event's raw record: which source, where, how long. */
export interface RecordPointer {
  readonly id: number;
  readonly sourceId: number;
  readonly offset: number;
  readonly length: number;
}

/** Called per selected event with its pointer and, lower-cased, what filters test. */
export type PointerVisitor = (id: number, sourceId: number, offset: number, length: number, provider: string | null, channel: string | null, eventId: number | null) => void;

/** The SQL condition selecting the events of any filter, with its parameters. */
function filterSql(filters: readonly SourceFilter[]): { where: string; params: SqlValue[] } {
  const params: SqlValue[] = [];
  const terms: string[] = [];
  for (const f of filters) {
    const parts: string[] = [];
    const inList = (column: string, values: readonly (string | number)[]): void => {
      parts.push(`${column} IN (${values.map(() => '?').join(', ')})`);
      params.push(...values);
    };
    if (f.providers) inList('lower(provider)', f.providers);
    if (f.channels) inList('lower(channel)', f.channels);
    if (f.eventIds) inList('event_id', f.eventIds);
    if (parts.length === 0) return { where: '1', params: [] };
    terms.push(`(${parts.join(' AND ')})`);
  }
  return { where: terms.length ? terms.join(' OR ') : '0', params };
}

/**
 * Visits, in id order, the events with ids in [from, to] that some filter selects. A caller
 * reads a large store in id slices (yielding between them for progress and cancel).
 */
export function eachSelectedPointer(store: EventStore, filters: readonly SourceFilter[], from: number, to: number, visit: PointerVisitor): void {
  const { where, params } = filterSql(filters);
  const sql = `SELECT id, source_id, "offset", length, lower(provider), lower(channel), event_id FROM events WHERE id BETWEEN ? AND ? AND (${where}) ORDER BY id`;
  const onRow = (v: SqlValue[]): void => visit(v[0] as number, v[1] as number, v[2] as number, v[3] as number, v[4] as string | null, v[5] as string | null, v[6] as number | null);
  const bound = [from, to, ...params];
  if (store.eachValues) store.eachValues(sql, bound, onRow);
  else store.each(sql, bound, (row) => onRow(Object.values(row)));
}

/** The ids as one bound JSON array (one statement, compiled once, whatever their number). */
const ID_SET = 'SELECT value FROM json_each(?)';

/** The raw-record pointers of these events. */
export function recordPointers(store: EventStore, ids: readonly number[]): Map<number, RecordPointer> {
  const pointers = new Map<number, RecordPointer>();
  store.each(`SELECT id, source_id, "offset", length FROM events WHERE id IN (${ID_SET})`, [JSON.stringify(ids)], (row) => {
    const id = Number(row.id);
    pointers.set(id, { id, sourceId: Number(row.source_id), offset: Number(row.offset), length: Number(row.length) });
  });
  return pointers;
}

/** Host and time of these events. */
export function hostsAndTimes(store: EventStore, ids: readonly number[]): Map<number, { host: string | null; ts: number | null }> {
  const facts = new Map<number, { host: string | null; ts: number | null }>();
  store.each(`SELECT id, host, ts FROM events WHERE id IN (${ID_SET})`, [JSON.stringify(ids)], (row) => {
    facts.set(Number(row.id), { host: row.host === null ? null : String(row.host), ts: row.ts === null ? null : Number(row.ts) });
  });
  return facts;
}
