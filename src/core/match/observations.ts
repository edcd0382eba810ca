// Every record of an observation, as chain evidence. A step matched an observation once
// (candidates.ts); the chain lists all its records (Sysmon 3, 5156, Zeek, pfirewall, repeats),
// each with its own raw link, and with a corrected time where the loader estimated the skew
// between that record's log and the log of the observation's first record (the
// `clock_skews` table, hosts/observations.ts).

import type { EventStore, Row } from '../types/store';

/** The records of each observation, and corrected times. */
export interface ObservationEvidence {
  /** All records of the observation a row belongs to (the row alone when it has none). */
  records(row: Row): readonly Row[];
  /** The row's time on the clock of its observation's first record, when a skew is known and not zero. */
  correctedTs(row: Row): number | undefined;
}

const clock = (row: Row): string => `${String(row.source_id)}\u0000${String(row.provider)}`;

export function observationEvidence(store: EventStore, rows: readonly Row[]): ObservationEvidence {
  const obsIds = [...new Set(rows.map((r) => r.obs_id).filter((v) => v != null).map(Number))];
  const members = new Map<number, Row[]>();
  for (let i = 0; i < obsIds.length; i += 500) {
    const chunk = obsIds.slice(i, i + 500);
    store.each(`SELECT * FROM events WHERE obs_id IN (${chunk.map(() => '?').join(', ')}) ORDER BY ts, id`, chunk, (row) => {
      const obs = Number(row.obs_id);
      members.set(obs, [...(members.get(obs) ?? []), row]);
    });
  }
  const skews = new Map<string, number>();
  if (obsIds.length && store.all("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'clock_skews'").length) {
    store.each('SELECT host, source_a, provider_a, source_b, provider_b, skew_ms FROM clock_skews', [], (r) => {
      skews.set(`${String(r.host)}\u0001${String(r.source_a)}\u0000${String(r.provider_a)}\u0001${String(r.source_b)}\u0000${String(r.provider_b)}`, Number(r.skew_ms));
    });
  }
  const first = (row: Row): Row | undefined => members.get(Number(row.obs_id))?.find((m) => Number(m.id) === Number(row.obs_id));
  return {
    records: (row) => (row.obs_id == null ? [row] : members.get(Number(row.obs_id)) ?? [row]),
    correctedTs(row) {
      const ref = row.obs_id == null ? undefined : first(row);
      if (!ref || clock(ref) === clock(row)) return undefined;
      const host = String(row.host);
      const forward = skews.get(`${host}\u0001${clock(ref)}\u0001${clock(row)}`);
      const backward = skews.get(`${host}\u0001${clock(row)}\u0001${clock(ref)}`);
      const skew = forward ?? (backward === undefined ? undefined : -backward);
      return skew ? Number(row.ts) - skew : undefined;
    },
  };
}
