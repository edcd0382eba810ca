// Post-load pass: which addresses belong to which host, and what follows from it.
// Evidence is only what cannot be misread: Sysmon 3 with Initiated=true and WFP 5156
// outbound both log the host's own address as Source. Addresses claimed by two hosts, and
// loopback/unspecified/link-local ones, are dropped. Then, for the events loaded since
// `firstEventId`:
//   - events without a host (Zeek conn, pfirewall) get the host that owns the responder address;
//   - inbound network events whose Source is the host's own address (older Sysmon builds,
//     some WFP renderings log the local listener as Source) get source and destination swapped,
//     so src is always the initiator;
//   - network events between two of the host's own (or loopback) addresses are `local`,
//     whatever was logged;
//   - network events without a direction get one: inbound (responder is the host) or outbound
//     (initiator is the host).
// Runs through bound SQL on the store; the loader calls it once after all sources are in.

import type { EventStore, SqlValue } from '../../store/types';
import { SYSMON_PROVIDER } from './windows';

/** Runs one writing statement with bound values (SqlStore.execute). */
export type RunSql = (sql: string, params: readonly SqlValue[]) => void;

export interface HostAddressReport {
  /** Own addresses per host, as learned. */
  readonly addresses: Readonly<Record<string, readonly string[]>>;
  /** Addresses seen as own by more than one host, left out. */
  readonly ambiguous: readonly string[];
}

const EVIDENCE_SQL = `SELECT DISTINCT host, src_ip FROM events
  WHERE host IS NOT NULL AND src_ip IS NOT NULL AND direction = 'outbound'
    AND ((provider = ? AND event_id = 3) OR (provider = 'Microsoft-Windows-Security-Auditing' AND event_id = 5156))`;

/** Loopback, unspecified and link-local addresses (in both IPv6 spellings Sysmon uses) prove nothing. */
function isUsable(ip: string): boolean {
  const lower = ip.toLowerCase();
  return !(lower.startsWith('127.') || lower === '::1' || lower === '0.0.0.0' || lower === '::' || lower.startsWith('0:0:0:0:0:0:0:')
    || lower.startsWith('fe80:') || lower.startsWith('169.254.'));
}

/** Host → own addresses from the evidence rows, without ambiguous addresses. */
export function learnHostAddresses(store: EventStore): HostAddressReport {
  const owners = new Map<string, Set<string>>();
  store.each(EVIDENCE_SQL, [SYSMON_PROVIDER], (row) => {
    const ip = String(row.src_ip);
    if (!isUsable(ip)) return;
    const hosts = owners.get(ip) ?? new Set<string>();
    hosts.add(String(row.host));
    owners.set(ip, hosts);
  });
  const addresses: Record<string, string[]> = {};
  const ambiguous: string[] = [];
  for (const [ip, hosts] of owners) {
    if (hosts.size > 1) {
      ambiguous.push(ip);
      continue;
    }
    const [host] = hosts;
    (addresses[host!] ??= []).push(ip);
  }
  for (const list of Object.values(addresses)) list.sort();
  return { addresses, ambiguous: ambiguous.sort() };
}

const LOOPBACK = (column: string): string => `(${column} LIKE '127.%' OR ${column} IN ('::1', '0:0:0:0:0:0:0:1'))`;
const OWN_SRC = 'EXISTS (SELECT 1 FROM temp.host_ip h WHERE h.host = events.host AND h.ip = events.src_ip)';
const OWN_DST = 'EXISTS (SELECT 1 FROM temp.host_ip h WHERE h.host = events.host AND h.ip = events.dst_ip)';

export function fixHostAddresses(store: EventStore, run: RunSql, firstEventId = 1): HostAddressReport {
  const report = learnHostAddresses(store);
  run('CREATE TEMP TABLE IF NOT EXISTS host_ip (host TEXT NOT NULL, ip TEXT NOT NULL PRIMARY KEY)', []);
  run('DELETE FROM temp.host_ip', []);
  try {
    for (const [host, ips] of Object.entries(report.addresses)) {
      for (const ip of ips) run('INSERT INTO temp.host_ip (host, ip) VALUES (?, ?)', [host, ip]);
    }
    run(`UPDATE events SET host = (SELECT h.host FROM temp.host_ip h WHERE h.ip = events.dst_ip)
      WHERE id >= ? AND host IS NULL AND dst_ip IN (SELECT ip FROM temp.host_ip)`, [firstEventId]);
    const network = `id >= ? AND category = 'network' AND host IS NOT NULL AND src_ip IS NOT NULL AND dst_ip IS NOT NULL`;
    // SQLite evaluates every SET expression on the old row, so this is a swap.
    run(`UPDATE events SET src_ip = dst_ip, dst_ip = src_ip, src_port = dst_port, dst_port = src_port
      WHERE ${network} AND direction = 'inbound' AND ${OWN_SRC} AND NOT ${OWN_DST}`, [firstEventId]);
    run(`UPDATE events SET direction = 'local'
      WHERE ${network} AND ((${OWN_SRC} AND ${OWN_DST}) OR (${LOOPBACK('src_ip')} AND ${LOOPBACK('dst_ip')}))`, [firstEventId]);
    run(`UPDATE events SET direction = CASE WHEN ${OWN_DST} THEN 'inbound' ELSE 'outbound' END
      WHERE ${network} AND direction IS NULL AND (${OWN_SRC} OR ${OWN_DST})`, [firstEventId]);
  } finally {
    run('DROP TABLE IF EXISTS temp.host_ip', []);
  }
  return report;
}
