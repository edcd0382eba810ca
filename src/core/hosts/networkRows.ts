// The network rows of one load, read once into memory and written back once: the post-load
// pass (fixUps.ts) decides everything in JS between the two, because each SQL pass over the
// events table costs a full scan (measured: nine scans took ~40% of load time at 1M events,
// docs/benchmarks.md). Only rows that changed are written, in id order.

import type { SqlStore } from '../store/sqlStore';
import type { SqlValue } from '../types/store';
import type { NormalizedEvent } from '../schema/columns';
import { enrichNetworkEvent } from './peerScope';

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

/**
 * src_host, dst_host and peer_scope are not read: the load derived them from the columns read
 * here (enrichNetworkEvent), so they are derived again; every column read costs (measured: the
 * read was 40% of the pass).
 */
const READ_SQL = `SELECT id, source_id, ts, host, provider, event_id, protocol, direction, src_ip, src_port, dst_ip, dst_port
  FROM events WHERE id >= ? AND category = 'network' ORDER BY id`;

const WRITE_SQL = `UPDATE events SET host = ?, direction = ?, src_ip = ?, src_port = ?, dst_ip = ?, dst_port = ?,
  src_host = ?, dst_host = ?, peer_scope = ? WHERE id = ?`;

const str = (v: SqlValue | undefined): string | null => (v == null ? null : String(v));
const num = (v: SqlValue | undefined): number | null => (v == null ? null : Number(v));

export function readNetworkRows(store: SqlStore, firstEventId: number): NetworkRow[] {
  const rows: NetworkRow[] = [];
  store.eachValues(READ_SQL, [firstEventId], (v) => {
    const stored: NormalizedEvent = { category: 'network', host: str(v[3]), direction: str(v[7]), src_ip: str(v[8]), dst_ip: str(v[10]) };
    enrichNetworkEvent(stored);
    rows.push({
      id: Number(v[0]), sourceId: Number(v[1]), ts: num(v[2]), host: str(v[3]), provider: str(v[4]), eventId: num(v[5]),
      protocol: str(v[6]), direction: str(v[7]), srcIp: str(v[8]), srcPort: num(v[9]), dstIp: str(v[10]), dstPort: num(v[11]),
      srcHost: str(stored.src_host), dstHost: str(stored.dst_host), peerScope: str(stored.peer_scope), dirty: false,
    });
  });
  return rows;
}

const values = (r: NetworkRow): SqlValue[] => [r.host, r.direction, r.srcIp, r.srcPort, r.dstIp, r.dstPort, r.srcHost, r.dstHost, r.peerScope, r.id];

/** Below this many changed rows the journal is left as it is (switching it costs more). */
const JOURNAL_SWITCH_ROWS = 1000;

/**
 * Writes the changed rows (they were read in id order, so the writes walk the table once).
 * The rollback journal goes to memory meanwhile: scattered row updates journal a page each,
 * and the default journal file in sql.js's MEMFS made 44k updates cost ~10 s (measured).
 */
export function writeNetworkRows(store: SqlStore, rows: readonly NetworkRow[]): number {
  const changed = rows.filter((r) => r.dirty);
  if (changed.length === 0) return 0;
  if (changed.length < JOURNAL_SWITCH_ROWS) {
    store.executeMany(WRITE_SQL, changed.map(values));
    return changed.length;
  }
  const mode = String(store.all('PRAGMA journal_mode')[0]?.journal_mode ?? 'delete');
  store.execute('PRAGMA journal_mode = MEMORY');
  try {
    store.executeMany(WRITE_SQL, changed.map(values));
  } finally {
    store.execute(`PRAGMA journal_mode = ${mode === 'memory' ? 'MEMORY' : 'DELETE'}`);
  }
  return changed.length;
}

/** Sets a field, marking the row for writing when the value changes. */
export function set<K extends keyof NetworkRow>(row: NetworkRow, key: K, value: NetworkRow[K]): void {
  if (row[key] === value) return;
  row[key] = value;
  row.dirty = true;
}
