// One connection, one observation: the same connection is often recorded more than once on a
// host (Sysmon 3 and Security 5156, the sensor's Zeek row and pfirewall line attributed to it,
// repeats while an RDP session lasts). What makes records one observation is in
// schema/connections.ts; the matcher groups them when it reads candidates. The loader's part
// is the clock skew: each pair of logs (source + provider) of a host that recorded the same
// connections gets the median difference of their first records' times, reported and stored
// (store/hostQueries.ts), so chains can show corrected times next to the original ones.

import type { SqlStore } from '../store/sqlStore';
import { saveClockSkews, type StoredSkew } from '../store/hostQueries';
import type { ClockSkew, ObservationReport } from '../types/reports';
import { displayName } from '../raw/reader';
import type { NetworkRow } from './networkRows';
import { splitByGap } from '../schema/connections';

interface Record { readonly row: NetworkRow; readonly ts: number; readonly clock: string }

const timeOf = (r: Record): number => r.ts;

function median(values: number[]): number {
  const sorted = values.sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid]! : Math.round((sorted[mid - 1]! + sorted[mid]!) / 2);
}

/** Connections looked at for the skews at most (about): a sample of whole connections beyond it. */
export const SKEW_SAMPLE_ROWS = 50_000;

/**
 * Counts observations among the network rows of a load, and records the clock skews they show.
 * Beyond SKEW_SAMPLE_ROWS rows, a sample of connections chosen by their ports (so every record
 * of a chosen connection is in it) stands for all: a median needs thousands of pairs, not all,
 * and grouping every row cost a third of the pass (measured). The counts are then the sample's.
 */
export function countObservations(store: SqlStore, rows: readonly NetworkRow[]): ObservationReport {
  const groups = new Map<string, Record[]>();
  const every = Math.max(1, Math.ceil(rows.length / SKEW_SAMPLE_ROWS));
  for (const row of rows) {
    if (row.host === null || row.ts === null || row.srcIp === null || row.srcPort === null || row.dstIp === null || row.dstPort === null) continue;
    if (every > 1 && (row.srcPort * 65_537 + row.dstPort) % every !== 0) continue;
    // The key connectionKey() builds, spelled out: this runs once per network row.
    const key = `${row.host}\u0000${row.protocol ?? ''}\u0000${row.srcIp}\u0000${row.srcPort}\u0000${row.dstIp}\u0000${row.dstPort}`;
    const record = { row, ts: row.ts, clock: `${row.sourceId}\u0000${String(row.provider)}` };
    const group = groups.get(key);
    if (group) group.push(record);
    else groups.set(key, [record]);
  }
  const deltas = new Map<string, { host: string; values: number[] }>();
  let observations = 0;
  let records = 0;
  for (const group of groups.values()) {
    if (group.length < 2) continue;
    const host = group[0]!.row.host!;
    group.sort((a, b) => a.ts - b.ts || a.row.id - b.row.id);
    for (const connection of splitByGap(group, timeOf)) {
      if (connection.length < 2) continue;
      observations++;
      records += connection.length;
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
    }
  }
  return { observations, records, sampledEvery: every, skews: saveSkews(store, deltas) };
}

function saveSkews(store: SqlStore, deltas: Map<string, { host: string; values: number[] }>): ClockSkew[] {
  const names = new Map(store.sources().map((s) => [String(s.id), displayName(s)]));
  const stored: StoredSkew[] = [];
  const skews: ClockSkew[] = [];
  for (const [pair, { host, values }] of deltas) {
    const [, a, b] = pair.split('\u0001') as [string, string, string];
    const [sourceA, providerA] = a.split('\u0000') as [string, string];
    const [sourceB, providerB] = b.split('\u0000') as [string, string];
    const skewMs = median(values);
    stored.push({ host, sourceA: Number(sourceA), providerA, sourceB: Number(sourceB), providerB, skewMs, pairs: values.length });
    skews.push({ host, a: `${names.get(sourceA) ?? sourceA} ${providerA}`, b: `${names.get(sourceB) ?? sourceB} ${providerB}`, skewMs, pairs: values.length });
  }
  saveClockSkews(store, stored);
  return skews.sort((x, y) => (x.host < y.host ? -1 : x.host > y.host ? 1 : y.pairs - x.pairs));
}
