// One connection, one observation. The same connection is often recorded more than once on a
// host: Sysmon 3 and Security 5156, the sensor's Zeek row and pfirewall line attributed to
// it, and repeats (WFP logs 5156 again while an RDP session lasts). Records of one host with
// the same protocol and 5-tuple (src is always the initiator after the address book) whose
// times follow each other within REPEAT_GAP_MS are one observation: `obs_id` is the id of
// its first record (earliest time, then load order), so a step matches it once and the chain
// lists every record (match/run.ts). The gap is wide on purpose: a TCP 5-tuple is not reused
// while it sits in TIME_WAIT (minutes), and logs of one host disagree by seconds (a
// collector's EventTime ~10 s after Sysmon's UtcTime in the OTRF sets).
// On the way, each pair of logs (source + provider) that recorded the same connections gets
// its clock skew estimated (median difference); the `clock_skews` table keeps it so chains
// can show corrected times next to the original ones.

import type { SqlStore } from '../store/sqlStore';
import type { SqlValue } from '../types/store';
import type { ClockSkew, ObservationReport } from '../types/reports';
import { displayName } from '../raw/reader';

export const REPEAT_GAP_MS = 2 * 60_000;

const ROWS_SQL = `SELECT id, ts, source_id, provider, host, protocol, src_ip, src_port, dst_ip, dst_port FROM events
  WHERE id >= ? AND category = 'network' AND host IS NOT NULL AND ts IS NOT NULL
    AND src_ip IS NOT NULL AND dst_ip IS NOT NULL AND src_port IS NOT NULL AND dst_port IS NOT NULL`;

const SKEWS_TABLE = `CREATE TABLE IF NOT EXISTS clock_skews (host TEXT NOT NULL, source_a INTEGER NOT NULL, provider_a TEXT,
  source_b INTEGER NOT NULL, provider_b TEXT, skew_ms INTEGER NOT NULL, pairs INTEGER NOT NULL)`;

interface Record { readonly id: number; readonly ts: number; readonly clock: string }

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Marks the observations among the rows loaded from `firstEventId` on, and records the skews seen. */
export function markObservations(store: SqlStore, firstEventId: number): ObservationReport {
  const groups = new Map<string, Record[]>();
  store.eachValues(ROWS_SQL, [firstEventId], (v) => {
    const key = `${String(v[4])}\u0000${String(v[5])}\u0000${String(v[6])}\u0000${String(v[7])}\u0000${String(v[8])}\u0000${String(v[9])}`;
    const record = { id: Number(v[0]), ts: Number(v[1]), clock: `${String(v[2])}\u0000${String(v[3])}` };
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  });
  const updates: SqlValue[][] = [];
  const deltas = new Map<string, { host: string; values: number[] }>();
  let observations = 0;
  const close = (host: string, connection: Record[]): void => {
    if (connection.length < 2) return;
    observations++;
    const obs = connection[0]!.id;
    for (const r of connection) updates.push([obs, r.id]);
    const firstByClock = new Map<string, number>();
    for (const r of connection) if (!firstByClock.has(r.clock)) firstByClock.set(r.clock, r.ts);
    const clocks = [...firstByClock.keys()].sort();
    for (let i = 0; i < clocks.length; i++) {
      for (let j = i + 1; j < clocks.length; j++) {
        const pair = `${host}\u0001${clocks[i]!}\u0001${clocks[j]!}`;
        let entry = deltas.get(pair);
        if (!entry) deltas.set(pair, (entry = { host, values: [] }));
        entry.values.push(firstByClock.get(clocks[j]!)! - firstByClock.get(clocks[i]!)!);
      }
    }
  };
  for (const [key, records] of groups) {
    if (records.length < 2) continue;
    const host = key.slice(0, key.indexOf('\u0000'));
    records.sort((a, b) => a.ts - b.ts || a.id - b.id);
    let connection: Record[] = [records[0]!];
    for (let i = 1; i < records.length; i++) {
      const r = records[i]!;
      if (r.ts - connection[connection.length - 1]!.ts > REPEAT_GAP_MS) {
        close(host, connection);
        connection = [];
      }
      connection.push(r);
    }
    close(host, connection);
  }
  store.executeMany('UPDATE events SET obs_id = ? WHERE id = ?', updates);
  return { observations, records: updates.length, skews: saveSkews(store, deltas) };
}

function saveSkews(store: SqlStore, deltas: Map<string, { host: string; values: number[] }>): ClockSkew[] {
  store.execute(SKEWS_TABLE);
  const names = new Map(store.sources().map((s) => [String(s.id), displayName(s)]));
  const rows: SqlValue[][] = [];
  const skews: ClockSkew[] = [];
  for (const [pair, { host, values }] of deltas) {
    const [, a, b] = pair.split('\u0001') as [string, string, string];
    const [sourceA, providerA] = a.split('\u0000') as [string, string];
    const [sourceB, providerB] = b.split('\u0000') as [string, string];
    const skewMs = median(values);
    rows.push([host, Number(sourceA), providerA, Number(sourceB), providerB, skewMs, values.length]);
    skews.push({ host, a: `${names.get(sourceA) ?? sourceA} ${providerA}`, b: `${names.get(sourceB) ?? sourceB} ${providerB}`, skewMs, pairs: values.length });
  }
  store.executeMany('INSERT INTO clock_skews (host, source_a, provider_a, source_b, provider_b, skew_ms, pairs) VALUES (?, ?, ?, ?, ?, ?, ?)', rows);
  return skews.sort((x, y) => (x.host < y.host ? -1 : x.host > y.host ? 1 : y.pairs - x.pairs));
}
