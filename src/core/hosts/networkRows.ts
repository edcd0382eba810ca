// The network rows of one load, taken from the records as they are stored (the loader hands
// each stored event to the pass, fixUps.ts) and written back once, changed rows only: the
// pass decides everything in JS. Reading the rows back from the table after the load was
// most of the pass (a full scan of the view: 40% of the pass, measured at 200k events), and
// each SQL pass over the events table before that cost a full scan too (docs/benchmarks.md).

import type { SqlStore } from '../store/sqlStore';
import { writeNetworkRows as writeRows } from '../store/hostQueries';
import type { SqlValue } from '../types/store';
import type { NormalizedEvent } from '../schema/columns';

export interface NetworkRow {
  readonly id: number;
  readonly sourceId: number;
  readonly ts: number | null;
  host: string | null;
  readonly provider: string | null;
  readonly eventId: number | null;
  readonly protocol: string | null;
  direction: string | null;
  srcIp: string | null;
  srcPort: number | null;
  dstIp: string | null;
  dstPort: number | null;
  srcHost: string | null;
  dstHost: string | null;
  peerScope: string | null;
  /** Set when a field above changed and the row must be written. */
  dirty: boolean;
}

// As the store keeps them: text as text, numbers as numbers (a port logged as "445" is 445).
const str = (v: unknown): string | null => (v == null ? null : String(v));
const num = (v: unknown): number | null => {
  if (v == null || v === '') return null;
  const n = Number(v);
  return Number.isFinite(n) ? n : null;
};

/** The network row of a stored event (its columns after enrichment), or null when it is no network event. */
export function networkRow(id: number, sourceId: number, event: NormalizedEvent): NetworkRow | null {
  if (event.category !== 'network') return null;
  return {
    id, sourceId, ts: num(event.ts), host: str(event.host), provider: str(event.provider), eventId: num(event.event_id),
    protocol: str(event.protocol), direction: str(event.direction), srcIp: str(event.src_ip), srcPort: num(event.src_port),
    dstIp: str(event.dst_ip), dstPort: num(event.dst_port), srcHost: str(event.src_host), dstHost: str(event.dst_host),
    peerScope: str(event.peer_scope), dirty: false,
  };
}

const values = (r: NetworkRow): SqlValue[] => [r.host, r.direction, r.srcIp, r.srcPort, r.dstIp, r.dstPort, r.srcHost, r.dstHost, r.peerScope, r.id];

/** Writes the changed rows (collected in id order, so the writes walk the table once); returns how many. */
export function writeNetworkRows(store: SqlStore, rows: readonly NetworkRow[]): number {
  const changed = rows.filter((r) => r.dirty);
  writeRows(store, changed.map(values));
  return changed.length;
}

/** Sets a field, marking the row for writing when the value changes. */
export function set<K extends keyof NetworkRow>(row: NetworkRow, key: K, value: NetworkRow[K]): void {
  if (row[key] === value) return;
  row[key] = value;
  row.dirty = true;
}
