// The post-load pass that applies the address book to the rows just loaded (ids from
// `firstEventId` on), in bound SQL on the store. In order:
//   1. claims: learned from the new rows, merged with earlier loads' and the inventory's,
//      conflicts resolved (addressBook.ts); the result is the `host_addresses` table.
//   2. the host's own rows, with the claims of their own capture, and where that capture knows
//      none of the host's addresses, the same host's claims from other captures at that time:
//      - inbound rows whose source is the host's own address and whose destination is not
//        (older Sysmon builds, some WFP renderings log the local listener as Source) get
//        source and destination swapped, so src is always the initiator;
//      - rows between two of the host's own (or two loopback) addresses are `local`;
//      - rows without a direction get one: inbound (the responder is the host) or outbound.
//   3. src_host / dst_host: the host that owned each address at that time (any capture, when
//      exactly one host did; inventory pins first). Rows that name no host (Zeek conn,
//      pfirewall) are attributed: to the responder's host, or to the initiator's when the row
//      says it was sent (outbound) or the responder is unknown; their direction is then
//      relative to that host.
//   4. peer_scope where the above changed the other side, and `self` where the other side is
//      the host's own address.
//   5. observations: records of one connection grouped (observations.ts).

import type { SqlStore } from '../store/sqlStore';
import { addressScope } from './peerScope';
import { claimSpan, identifiesHost, learnClaims, resolveClaims, type AddressClaim } from './addressBook';
import type { AddressConflict, HostsReport } from '../types/reports';
import { markObservations } from './observations';

const TABLE_SQL = `CREATE TABLE IF NOT EXISTS host_addresses (host TEXT NOT NULL, address TEXT NOT NULL, capture TEXT,
  from_ts INTEGER, to_ts INTEGER, evidence TEXT NOT NULL, events INTEGER NOT NULL)`;

function storedClaims(store: SqlStore): AddressClaim[] {
  return store.all('SELECT host, address, capture, from_ts, to_ts, evidence, events FROM host_addresses').map((r) => ({
    host: String(r.host),
    address: String(r.address),
    capture: r.capture === null ? null : String(r.capture),
    from: r.from_ts === null ? null : Number(r.from_ts),
    to: r.to_ts === null ? null : Number(r.to_ts),
    evidence: String(r.evidence) as AddressClaim['evidence'],
    events: Number(r.events),
  }));
}

/** Finite bounds for SQL (the widened span; unbounded ends as the extremes of epoch ms). */
function bounds(claim: AddressClaim): [number, number] {
  const [lo, hi] = claimSpan(claim);
  return [Math.max(lo, -8.64e15), Math.min(hi, 8.64e15)];
}

/** The other side's address of a row (alias `table`), as its direction tells. */
const PEER_OF = (table: string): string => `CASE ${table}.direction WHEN 'inbound' THEN ${table}.src_ip WHEN 'outbound' THEN ${table}.dst_ip END`;
/** `ip` (an expression over events) is the row's host's own address, by its own capture's claims or a pin. */
const OWN = (ip: string): string => `EXISTS (SELECT 1 FROM temp.own o WHERE o.ip = ${ip.includes(' ') ? `(${ip})` : `events.${ip}`} AND o.host = events.host
  AND (o.source_id = events.source_id OR o.source_id IS NULL) AND (events.ts IS NULL OR events.ts BETWEEN o.lo AND o.hi))`;
const LOOPBACK = (ip: string): string => `hb_address_scope(${ip}) = 'loopback'`;
/** The one host that held `ip` at the row's time: a pin first, else a learned claim when only one host's covers it. */
const OWNER = (ip: string): string => `coalesce(
  (SELECT max(o.host) FROM temp.owner o WHERE o.ip = events.${ip} AND o.pinned = 1 AND (events.ts IS NULL OR events.ts BETWEEN o.lo AND o.hi) HAVING count(DISTINCT o.host) = 1),
  (SELECT max(o.host) FROM temp.owner o WHERE o.ip = events.${ip} AND o.pinned = 0 AND (events.ts IS NULL OR events.ts BETWEEN o.lo AND o.hi) HAVING count(DISTINCT o.host) = 1))`;

export function applyAddressBook(store: SqlStore, firstEventId: number, pins: readonly AddressClaim[] = []): HostsReport {
  const run = (sql: string, params: readonly (string | number | null)[] = []): void => store.execute(sql, params);
  store.registerFunction('hb_address_scope', (ip) => (typeof ip === 'string' ? addressScope(ip) : null));
  run(TABLE_SQL);
  const learned = learnClaims(store, firstEventId);
  const { kept, conflicts } = resolveClaims([...storedClaims(store).filter((c) => c.capture !== null), ...learned, ...pins]);
  run('DELETE FROM host_addresses');
  for (const c of kept) {
    run('INSERT INTO host_addresses (host, address, capture, from_ts, to_ts, evidence, events) VALUES (?, ?, ?, ?, ?, ?, ?)',
      [c.host, c.address, c.capture, c.from, c.to, c.evidence, c.events]);
  }
  const sourceIds = new Map<string, number[]>();
  for (const s of store.sources()) sourceIds.set(s.path, [...(sourceIds.get(s.path) ?? []), s.id]);
  // Captures that know some of a host's addresses themselves take no other capture's word for it.
  const knows = new Set(kept.filter((c) => c.capture !== null).map((c) => `${c.capture}|${c.host}`));
  run('CREATE TEMP TABLE IF NOT EXISTS own (source_id INTEGER, capture TEXT, host TEXT NOT NULL, ip TEXT NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL)');
  run('CREATE TEMP TABLE IF NOT EXISTS owner (ip TEXT NOT NULL, host TEXT NOT NULL, pinned INTEGER NOT NULL, lo INTEGER NOT NULL, hi INTEGER NOT NULL)');
  run('CREATE INDEX IF NOT EXISTS temp.own_ip ON own (ip, host)');
  run('CREATE INDEX IF NOT EXISTS temp.owner_ip ON owner (ip)');
  let attributed = 0;
  try {
    for (const c of kept) {
      const [lo, hi] = bounds(c);
      const add = (id: number | null): void => run('INSERT INTO temp.own (source_id, capture, host, ip, lo, hi) VALUES (?, ?, ?, ?, ?, ?)', [id, c.capture, c.host, c.address, lo, hi]);
      if (c.capture === null) add(null);
      else {
        for (const [path, ids] of sourceIds) if (path === c.capture || !knows.has(`${path}|${c.host}`)) ids.forEach(add);
      }
      if (identifiesHost(c.address)) run('INSERT INTO temp.owner (ip, host, pinned, lo, hi) VALUES (?, ?, ?, ?, ?)', [c.address, c.host, c.capture === null ? 1 : 0, lo, hi]);
    }
    const hostRows = `id >= ? AND category = 'network' AND host IS NOT NULL AND src_ip IS NOT NULL AND dst_ip IS NOT NULL`;
    // SQLite evaluates every SET expression on the old row, so this is a swap (and the new peer is the old dst).
    run(`UPDATE events SET src_ip = dst_ip, dst_ip = src_ip, src_port = dst_port, dst_port = src_port, peer_scope = hb_address_scope(dst_ip)
      WHERE ${hostRows} AND direction = 'inbound' AND ${OWN('src_ip')} AND NOT ${OWN('dst_ip')}`, [firstEventId]);
    run(`UPDATE events SET direction = 'local', peer_scope = CASE WHEN ${LOOPBACK('src_ip')} THEN 'loopback' ELSE 'self' END
      WHERE ${hostRows} AND ((${OWN('src_ip')} AND ${OWN('dst_ip')}) OR (${LOOPBACK('src_ip')} AND ${LOOPBACK('dst_ip')}))`, [firstEventId]);
    run(`UPDATE events SET direction = CASE WHEN ${OWN('dst_ip')} THEN 'inbound' ELSE 'outbound' END,
        peer_scope = hb_address_scope(CASE WHEN ${OWN('dst_ip')} THEN src_ip ELSE dst_ip END)
      WHERE ${hostRows} AND direction IS NULL AND (${OWN('src_ip')} OR ${OWN('dst_ip')})`, [firstEventId]);
    // The host's own side is the host; the other side's host comes from the book.
    run(`UPDATE events SET
        src_host = CASE WHEN direction IN ('outbound', 'local') THEN host ELSE ${OWNER('src_ip')} END,
        dst_host = CASE WHEN direction IN ('inbound', 'local') THEN host ELSE ${OWNER('dst_ip')} END
      WHERE id >= ? AND category = 'network' AND host IS NOT NULL AND (src_ip IS NOT NULL OR dst_ip IS NOT NULL)`, [firstEventId]);
    run(`UPDATE events SET peer_scope = 'self' WHERE id >= ? AND category = 'network' AND host IS NOT NULL AND direction IN ('inbound', 'outbound')
      AND (${OWN(PEER_OF('events'))} OR CASE direction WHEN 'inbound' THEN src_host ELSE dst_host END = host)`, [firstEventId]);
    // Sensor rows: who is at each end, then the host, direction and peer as seen from that host.
    const sensorRows = `id >= ? AND category = 'network' AND host IS NULL`;
    run('CREATE TEMP TABLE sensor (id INTEGER PRIMARY KEY, src_host TEXT, dst_host TEXT)');
    run(`INSERT INTO temp.sensor SELECT id, src_host, dst_host FROM (SELECT id, ${OWNER('src_ip')} AS src_host, ${OWNER('dst_ip')} AS dst_host
      FROM events WHERE ${sensorRows}) WHERE src_host IS NOT NULL OR dst_host IS NOT NULL`, [firstEventId]);
    attributed = Number(store.all('SELECT count(*) AS n FROM temp.sensor')[0]!.n);
    const host = `CASE WHEN events.direction = 'outbound' AND s.src_host IS NOT NULL THEN s.src_host ELSE coalesce(s.dst_host, s.src_host) END`;
    run(`UPDATE events SET src_host = s.src_host, dst_host = s.dst_host, host = ${host},
        direction = CASE WHEN s.src_host = s.dst_host THEN 'local' WHEN ${host} = s.dst_host THEN 'inbound' ELSE 'outbound' END,
        peer_scope = CASE WHEN s.src_host = s.dst_host THEN 'self' WHEN ${host} = s.dst_host THEN hb_address_scope(events.src_ip) ELSE hb_address_scope(events.dst_ip) END
      FROM temp.sensor s WHERE events.id = s.id`);
    conflicts.push(...peersElsewhere(store, firstEventId));
  } finally {
    run('DROP TABLE IF EXISTS temp.own');
    run('DROP TABLE IF EXISTS temp.owner');
    run('DROP TABLE IF EXISTS temp.sensor');
  }
  return { learned: learned.length, attributed, conflicts, observations: markObservations(store, firstEventId) };
}

/**
 * Addresses a host claims in one capture that are still the other side of the same host's
 * rows in another capture after the pass (the same machine name in two labs, or
 * re-addressing): the claim did not hold there (another time, or that capture knew its own
 * addresses), and each capture kept its own reading. Runs while temp.own holds the claims.
 */
function peersElsewhere(store: SqlStore, firstEventId: number): AddressConflict[] {
  const found = new Map<string, { address: string; host: string; own: Set<string>; peer: Set<string> }>();
  store.each(`SELECT DISTINCT o.ip AS address, e.host AS host, o.capture AS own, s.path AS peer
    FROM events e JOIN sources s ON s.id = e.source_id
    JOIN temp.own o ON o.ip = (${PEER_OF('e')}) AND o.host = e.host
    WHERE e.id >= ? AND e.category = 'network' AND o.capture <> s.path`, [firstEventId], (row) => {
    const key = `${String(row.address)}|${String(row.host)}`;
    let entry = found.get(key);
    if (!entry) found.set(key, (entry = { address: String(row.address), host: String(row.host), own: new Set(), peer: new Set() }));
    entry.own.add(String(row.own));
    entry.peer.add(String(row.peer));
  });
  return [...found.values()].map(({ address, host, own, peer }) => ({
    kind: 'peer_elsewhere' as const, address, hosts: [host], captures: [...new Set([...own, ...peer])].sort(),
    message: `${address} is ${host}'s own address in ${[...own].sort().join(', ')} but the other side of ${host}'s connections in ${[...peer].sort().join(', ')}: kept apart, each capture read with its own addresses`,
  }));
}
