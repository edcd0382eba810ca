// Every record of an observation, as chain evidence. A step matched an observation once
// (candidates.ts); the chain lists all its records (Sysmon 3, 5156, Zeek, pfirewall, repeats:
// schema/connections.ts), each with its own raw link, the observation's id (its first
// record's), and a corrected time where the loader estimated the skew between that record's
// log and the log of the observation's first record (`clock_skews`, store/hostQueries.ts).

import type { ColumnView, EventStore, Row } from '../types/store';
import { REPEAT_GAP_MS, connectionKey, splitByGap } from '../schema/connections';
import { readClockSkews } from '../store/hostQueries';
import { connectionRecords } from '../store/candidates';
import { eventRows } from '../store/events';
import { connectionIndex, type ConnectionIndex } from '../store/connectionIndex';
import { keepIf } from '../store/positions';

/** The records of each observation, and corrected times. */
export interface ObservationEvidence {
  /** All records of the observation a row belongs to (the row alone when it has none). */
  records(row: Row): readonly Row[];
  /** The observation's id (its first record's) when it has more than one record. */
  observation(row: Row): number | undefined;
  /** The row's time on the clock of its observation's first record, when a skew is known and not zero. */
  correctedTs(row: Row): number | undefined;
}

const clock = (row: Row): string => `${String(row.source_id)}\u0000${String(row.provider)}`;
/** How far around a record its observation's other records are looked for (repeats chain on). */
const REACH_MS = 30 * REPEAT_GAP_MS;

/**
 * The observations of a run's chain events: which records belong together (from the store's
 * connection index, else read through SQL) and the clock skews between logs. Held by ids, so
 * the whole rows can be read and dropped a batch of chains at a time.
 */
export interface Observations {
  /** Per id of a record of an observation, the ids of all its records in (ts, id) order; an event alone in its observation may have none. */
  readonly members: Members;
  readonly skews: ReadonlyMap<string, number>;
}

export function observationsOf(store: EventStore, ids: readonly number[]): Observations {
  const view = store.columns?.();
  const connections = view && connectionIndex(view);
  const members = view && connections ? membersInColumns(view, connections, ids) : membersInSql(store, [...eventRows(store, ids).values()]);
  const skews = new Map<string, number>();
  if (members.size) {
    for (const s of readClockSkews(store)) skews.set(`${s.host}\u0001${s.sourceA}\u0000${s.providerA}\u0001${s.sourceB}\u0000${s.providerB}`, s.skewMs);
  }
  return { members, skews };
}

/** The ids whose whole rows `observationEvidence` needs for these events: theirs and their observations' other records. */
export function withObservationRecords({ members }: Observations, ids: Iterable<number>): number[] {
  const all = new Set<number>();
  for (const id of ids) {
    all.add(id);
    for (const member of members.get(id) ?? []) all.add(member);
  }
  return [...all];
}

/** The evidence of events whose whole rows, and their observations' (`withObservationRecords`), `rows` holds. */
export function observationEvidence({ members, skews }: Observations, rows: ReadonlyMap<number, Row>): ObservationEvidence {
  const observationOf = new Map<readonly number[], Row[]>();
  const recordsOf = (row: Row): readonly Row[] => {
    const ids = members.get(Number(row.id));
    if (!ids) return [row];
    let records = observationOf.get(ids);
    if (!records) {
      records = [];
      for (const id of ids) {
        const record = rows.get(id);
        if (record) records.push(record);
      }
      observationOf.set(ids, records);
    }
    return records;
  };
  return {
    records: recordsOf,
    observation: (row) => {
      const records = recordsOf(row);
      return records.length > 1 ? Number(records[0]!.id) : undefined;
    },
    correctedTs(row) {
      const first = recordsOf(row)[0]!;
      if (clock(first) === clock(row)) return undefined;
      const host = String(row.host);
      const forward = skews.get(`${host}\u0001${clock(first)}\u0001${clock(row)}`);
      const backward = skews.get(`${host}\u0001${clock(row)}\u0001${clock(first)}`);
      const skew = forward ?? (backward === undefined ? undefined : -backward);
      return skew ? Number(row.ts) - skew : undefined;
    },
  };
}

/** Per id of a record of a given row's observation, the ids of all its records in (ts, id) order (one array per observation). */
type Members = Map<number, readonly number[]>;

/**
 * The observations of the events, told by the store's connection index
 * (store/connectionIndex.ts); an event without a time or a connection has none.
 */
function membersInColumns(view: ColumnView, connections: ConnectionIndex, eventIds: readonly number[]): Members {
  const members: Members = new Map();
  const ids = view.reader('id');
  const ts = view.times();
  const positions: number[] = [];
  for (const id of eventIds) {
    const position = view.position(id);
    if (position !== undefined && !Number.isNaN(ts[position]!)) positions.push(position);
  }
  const recordsOf = connections.recordsOf(positions);
  // Per connection, its timed records in (ts, id) order.
  const inOrder = new Map<Int32Array, Int32Array>();
  for (const position of positions) {
    const all = recordsOf.get(position);
    // An observation of one record is the event alone.
    if (all === undefined || all.length < 2 || members.has(Number(ids(position)))) continue;
    let records = inOrder.get(all);
    if (!records) {
      const timed = keepIf(all, (p) => !Number.isNaN(ts[p]!));
      inOrder.set(all, (records = timed.sort((a, b) => ts[a]! - ts[b]! || a - b)));
    }
    const time = ts[position]!;
    const near: number[] = [];
    for (let i = firstFrom(records, ts, time - REACH_MS); i < records.length && ts[records[i]!]! <= time + REACH_MS; i++) near.push(records[i]!);
    const observation = splitByGap(near, (p) => ts[p]!).find((c) => c.includes(position)) ?? [position];
    if (observation.length < 2) continue;
    const observationIds = observation.map((p) => Number(ids(p)));
    for (const member of observationIds) members.set(member, observationIds);
  }
  return members;
}

/** The index of the first record at or after `from` (records in time order). */
function firstFrom(records: Int32Array, ts: Float64Array, from: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (ts[records[mid]!]! < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The observations of the rows, from every record of their connections nearby, read at once. */
function membersInSql(store: EventStore, rows: readonly Row[]): Members {
  const members: Members = new Map();
  const keyed = rows.filter((row) => row.ts != null && connectionKey(row) !== null);
  const byKey = new Map<string, Row[]>();
  for (const record of connectionRecords(store, keyed, REACH_MS)) {
    const key = connectionKey(record);
    if (key === null) continue;
    const list = byKey.get(key);
    if (list) list.push(record);
    else byKey.set(key, [record]);
  }
  for (const row of keyed) {
    if (members.has(Number(row.id))) continue;
    const ts = Number(row.ts);
    const same = (byKey.get(connectionKey(row)!) ?? []).filter((r) => Math.abs(Number(r.ts) - ts) <= REACH_MS);
    const observation = splitByGap(same, (r) => Number(r.ts)).find((c) => c.some((r) => Number(r.id) === Number(row.id))) ?? [row];
    const observationIds = observation.map((r) => Number(r.id));
    for (const member of observationIds) members.set(member, observationIds);
  }
  return members;
}
