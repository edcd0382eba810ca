// The hand-written reads of the `events` table: what a load reports per source, and what
// front ends ask for (one event's columns, its neighbours on the same host, the most frequent
// values of a field, which columns hold data, the first event ids for sampling raw records). Compiled analytics run through
// match/; the editor's free queries through the session's `query`. Values are always bound;
// column names come from the schema, never from the caller.

import { resolveField } from '../schema/aliases';
import { COLUMNS } from '../schema/columns';
import type { ValueCount } from '../types/session';
import type { ColumnView, EventStore, Row, SqlValue } from '../types/store';
import { BASE_TABLE, dictionary } from './eventTables';

/** How many raw records to read when a field is no column (original fields). */
const RAW_SAMPLE = 2000;

/** The id the next inserted event gets. */
export function nextEventId(store: EventStore): number {
  return lastEventId(store) + 1;
}

/**
 * The highest event id, 0 when empty. From the row table: a seek of its last rowid, where a
 * query on the `events` view compiles the view's every column first (~0.3 ms, once per
 * transaction of a load and per analytic run).
 */
export function lastEventId(store: EventStore): number {
  return Number(store.all(`SELECT max(id) AS id FROM ${BASE_TABLE}`)[0]?.id ?? 0);
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

/** One (channel, event id, host) of a summary's range: how many events, their time span, how many have a time. */
interface SummaryGroup {
  readonly channel: SqlValue;
  readonly event_id: SqlValue;
  readonly host: SqlValue;
  readonly n: number;
  readonly lo: number | null;
  readonly hi: number | null;
  readonly timed: number;
}

/**
 * Time span, hosts and counts of the events with ids in [first, last] (one source's: a
 * contiguous range), from the store's columns in memory when it keeps them, else from one pass
 * over the base table grouped by the stored codes. Either way the groups are decoded once each
 * and text stored under two codes (interner.ts) is merged here. Four queries through the
 * `events` view cost 2.0–2.2 µs per event after each load, the grouped pass 0.9, the columns
 * ~0.05 (docs/benchmarks.md).
 */
export function idRangeSummary(store: EventStore, first: number, last: number): IdRangeSummary {
  const view = store.columns?.();
  const groups = (view && groupsInColumns(view, first, last)) ?? groupsInSql(store, first, last);
  let start: number | null = null;
  let end: number | null = null;
  let untimed = 0;
  const hosts = new Set<string>();
  const channels = new Map<string, number>();
  const eventIds = new Map<string, number>();
  for (const group of groups) {
    const n = group.n;
    untimed += n - group.timed;
    if (group.lo !== null) start = start === null ? group.lo : Math.min(start, group.lo);
    if (group.hi !== null) end = end === null ? group.hi : Math.max(end, group.hi);
    if (group.host !== null) hosts.add(String(group.host));
    const channel = String(group.channel);
    channels.set(channel, (channels.get(channel) ?? 0) + n);
    const eventId = String(group.event_id);
    eventIds.set(eventId, (eventIds.get(eventId) ?? 0) + n);
  }
  return { start, end, untimed, hosts: [...hosts].sort(byStoredText), byChannel: mostFirst(channels), byEventId: mostFirst(eventIds) };
}

function groupsInSql(store: EventStore, first: number, last: number): SummaryGroup[] {
  return store.all(
    `WITH g AS (SELECT channel, event_id, host, count(*) AS n, min(ts) AS lo, max(ts) AS hi, count(ts) AS timed
       FROM ${BASE_TABLE} WHERE id BETWEEN ? AND ? GROUP BY 1, 2, 3)
     SELECT (SELECT value FROM ${dictionary('channel')} WHERE id = g.channel) AS channel, event_id,
       (SELECT value FROM ${dictionary('host')} WHERE id = g.host) AS host, n, lo, hi, timed FROM g`,
    [first, last],
  ).map((g) => ({
    channel: g.channel ?? null, event_id: g.event_id ?? null, host: g.host ?? null,
    n: Number(g.n), lo: g.lo == null ? null : Number(g.lo), hi: g.hi == null ? null : Number(g.hi), timed: Number(g.timed),
  }));
}

/**
 * The same groups from the columns in memory: a loop over typed arrays. Undefined when the
 * columns do not hold the range or one of the columns.
 */
function groupsInColumns(view: ColumnView, first: number, last: number): SummaryGroup[] | undefined {
  const channels = view.codes('channel');
  const hosts = view.codes('host');
  const eventIds = view.integers('event_id');
  const from = view.position(first);
  const to = view.position(last);
  if (!channels || !hosts || !eventIds || !view.has('ts') || from === undefined || to === undefined) return undefined;
  if (channels.size * hosts.size > Number.MAX_SAFE_INTEGER) return undefined;
  const ts = view.reader('ts');
  // Per (channel, host) code pair, then per event id: [n, lo, hi, timed].
  const pairs = new Map<number, Map<number, [number, number, number, number]>>();
  let lastPair = -1;
  let byEventId: Map<number, [number, number, number, number]> | undefined;
  for (let p = from; p <= to; p++) {
    const pair = channels.at[p]! * hosts.size + hosts.at[p]!;
    if (pair !== lastPair) {
      byEventId = pairs.get(pair);
      if (!byEventId) pairs.set(pair, (byEventId = new Map()));
      lastPair = pair;
    }
    const eventId = eventIds.at[p]!;
    let group = byEventId!.get(eventId);
    if (!group) byEventId!.set(eventId, (group = [0, Number.POSITIVE_INFINITY, Number.NEGATIVE_INFINITY, 0]));
    group[0]++;
    const time = ts(p);
    if (typeof time !== 'number') continue;
    group[3]++;
    if (time < group[1]) group[1] = time;
    if (time > group[2]) group[2] = time;
  }
  const groups: SummaryGroup[] = [];
  for (const [pair, byId] of pairs) {
    const channel = channels.decode(Math.floor(pair / hosts.size));
    const host = hosts.decode(pair % hosts.size);
    for (const [eventId, [n, lo, hi, timed]] of byId) {
      groups.push({ channel, host, event_id: eventId === eventIds.nullValue ? null : eventId, n, lo: timed ? lo : null, hi: timed ? hi : null, timed });
    }
  }
  return groups;
}

/** SQLite's BINARY order (UTF-8 bytes, i.e. code points), which plain JS sort (UTF-16 units) differs from past U+FFFF. */
function byStoredText(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a), Buffer.from(b));
}

/** Counts as an object, the most frequent first (object keys that are integers still come first, in numeric order). */
function mostFirst(counts: Map<string, number>): Record<string, number> {
  return Object.fromEntries([...counts].sort((a, b) => b[1] - a[1] || byStoredText(a[0], b[0])));
}

/**
 * Whole rows of the events with these ids (any order, duplicates once): from the store's own
 * reader when it has one (SqlStore decodes interned text from its dictionaries in memory), else
 * through the view. The ids are bound as one JSON array: the statement is compiled once, where
 * chunks of 500 bound ids compiled it again per chunk (~3 ms each, a fifth of the time per row;
 * docs/benchmarks.md).
 */
export function eventRows(store: EventStore, ids: readonly number[]): Map<number, Row> {
  const rows = new Map<number, Row>();
  if (ids.length === 0) return rows;
  const unique = [...new Set(ids)];
  if (store.wholeRows) return store.wholeRows(unique);
  store.each('SELECT * FROM events WHERE id IN (SELECT value FROM json_each(?))', [JSON.stringify(unique)], (row) => rows.set(Number(row.id), row));
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
