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

export function observationEvidence(store: EventStore, rows: readonly Row[]): ObservationEvidence {
  const keyed = rows.filter((row) => row.ts != null && connectionKey(row) !== null);
  const view = store.columns?.();
  const connections = view && connectionIndex(view);
  const members = view && connections ? membersInColumns(view, connections, keyed) : membersInSql(store, keyed);
  // The records of an observation are read whole, those given once.
  const whole = new Map(rows.map((r) => [Number(r.id), r]));
  for (const [id, row] of eventRows(store, [...members.keys()].filter((id) => !whole.has(id)))) whole.set(id, row);
  const observationOf = new Map<number, readonly Row[]>();
  const rowsOf = new Map<readonly number[], Row[]>();
  for (const [id, ids] of members) {
    let records = rowsOf.get(ids);
    if (!records) rowsOf.set(ids, (records = ids.flatMap((i): Row[] => (whole.has(i) ? [whole.get(i)!] : []))));
    observationOf.set(id, records);
  }
  const skews = new Map<string, number>();
  if (observationOf.size) {
    for (const s of readClockSkews(store)) skews.set(`${s.host}\u0001${s.sourceA}\u0000${s.providerA}\u0001${s.sourceB}\u0000${s.providerB}`, s.skewMs);
  }
  const recordsOf = (row: Row): readonly Row[] => observationOf.get(Number(row.id)) ?? [row];
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

/** The observations of the rows, told by the store's connection index (store/connectionIndex.ts). */
function membersInColumns(view: ColumnView, connections: ConnectionIndex, keyed: readonly Row[]): Members {
  const members: Members = new Map();
  const ids = view.reader('id');
  const ts = view.reader('ts');
  const positions = new Map<Row, number>();
  for (const row of keyed) {
    const position = view.position(Number(row.id));
    if (position !== undefined) positions.set(row, position);
  }
  const recordsOf = connections.recordsOf(positions.values());
  // Per connection, its timed records in (ts, id) order.
  const inOrder = new Map<Int32Array, Int32Array>();
  for (const [row, position] of positions) {
    const id = Number(row.id);
    const all = recordsOf.get(position);
    if (members.has(id) || all === undefined) continue;
    let records = inOrder.get(all);
    if (!records) {
      const timed = keepIf(all, (p) => ts(p) !== null);
      inOrder.set(all, (records = timed.sort((a, b) => (ts(a) as number) - (ts(b) as number) || a - b)));
    }
    const time = Number(row.ts);
    const near: number[] = [];
    for (let i = firstFrom(records, ts, time - REACH_MS); i < records.length && (ts(records[i]!) as number) <= time + REACH_MS; i++) near.push(records[i]!);
    const observation = splitByGap(near, (p) => ts(p) as number).find((c) => c.includes(position)) ?? [position];
    const observationIds = observation.map((p) => Number(ids(p)));
    for (const member of observationIds) members.set(member, observationIds);
  }
  return members;
}

/** The index of the first record at or after `from` (records in time order). */
function firstFrom(records: Int32Array, ts: (p: number) => unknown, from: number): number {
  let lo = 0;
  let hi = records.length;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if ((ts(records[mid]!) as number) < from) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** The observations of the rows, from every record of their connections nearby, read at once. */
function membersInSql(store: EventStore, keyed: readonly Row[]): Members {
  const members: Members = new Map();
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
