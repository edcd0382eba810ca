// Every record of an observation, as chain evidence. A step matched an observation once
// (candidates.ts); the chain lists all its records (Sysmon 3, 5156, Zeek, pfirewall, repeats:
// schema/connections.ts), each with its own raw link, the observation's id (its first
// record's), and a corrected time where the loader estimated the skew between that record's
// log and the log of the observation's first record (`clock_skews`, store/hostQueries.ts).

import type { EventStore, Row } from '../types/store';
import { REPEAT_GAP_MS, connectionKey, splitByGap } from '../schema/connections';
import { readClockSkews } from '../store/hostQueries';
import { connectionRecords } from '../store/candidates';
import { eventRows } from '../store/events';

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
  const observationOf = new Map<number, Row[]>();
  const keyed = rows.filter((row) => row.ts != null && connectionKey(row) !== null);
  // Every record of these connections nearby, read at once, grouped by connection key.
  const byKey = new Map<string, Row[]>();
  for (const record of connectionRecords(store, keyed, REACH_MS)) {
    const key = connectionKey(record);
    if (key === null) continue;
    const list = byKey.get(key);
    if (list) list.push(record);
    else byKey.set(key, [record]);
  }
  for (const row of keyed) {
    if (observationOf.has(Number(row.id))) continue;
    const ts = Number(row.ts);
    const same = (byKey.get(connectionKey(row)!) ?? []).filter((r) => Math.abs(Number(r.ts) - ts) <= REACH_MS);
    const connection = splitByGap(same, (r) => Number(r.ts)).find((c) => c.some((r) => Number(r.id) === Number(row.id))) ?? [row];
    for (const r of connection) observationOf.set(Number(r.id), connection);
  }
  // Records are read narrow (what grouping needs); those of an observation are read whole.
  const whole = new Map(rows.map((r) => [Number(r.id), r]));
  for (const [id, row] of eventRows(store, [...observationOf.keys()].filter((id) => !whole.has(id)))) whole.set(id, row);
  const wholeOf = new Map<Row[], Row[]>();
  for (const [id, connection] of observationOf) {
    let records = wholeOf.get(connection);
    if (!records) wholeOf.set(connection, (records = connection.map((r) => whole.get(Number(r.id)) ?? r)));
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
