// The post-load pass that applies the address book to the network rows just loaded: rows kept
// as the loader stored them, decisions in JS, one write of the changed rows (networkRows.ts;
// the statements are in store/hostQueries.ts). In order:
//   1. claims: learned from the new rows and sightings (sightings.ts: logons, Zeek DHCP leases and
//      DNS answers), merged with earlier loads' and the inventory's, ranked and conflicts
//      resolved (addressBook.ts); the result is the stored address book.
//   2. the host's own rows, with the claims of their own capture, and where that capture knows
//      none of the host's addresses, the same host's claims from other captures at that time:
//      - inbound rows whose source is the host's own address and whose destination is not
//        (older Sysmon builds, some WFP renderings log the local listener as Source) get
//        source and destination swapped, so src is always the initiator;
//      - rows between two of the host's own (or two loopback) addresses are `local`;
//      - rows without a direction get one: inbound (the responder is the host) or outbound.
//   3. src_host / dst_host: the host's own side is the host; the other side is the host that
//      owned that address at that time (any capture, the one host of the strongest rank that
//      names one: pins, the hosts' own word, leases, hearsay; addressBook.ts).
//      Rows that name no host (Zeek conn, pfirewall) are attributed: to the initiator's host
//      when the row says it was sent (outbound) and that host is known, else to the
//      responder's, else to the initiator's; their direction is then relative to that host.
//   4. peer_scope of the other side, `self` when it is the host's own address.
//   5. observations: records of one connection grouped (observations.ts).

import type { SqlStore } from '../store/sqlStore';
import { readAddressBook, saveAddressBook } from '../store/hostQueries';
import type { NormalizedEvent } from '../schema/columns';
import { addressScope } from './peerScope';
import { AddressBook, learnClaims, resolveClaims, type AddressClaim } from './addressBook';
import type { AddressConflict, HostsReport } from '../types/reports';
import { countObservations } from './observations';
import { networkRow, set, writeNetworkRows, type NetworkRow } from './networkRows';
import { SightingLog } from './sightings';

const isLoopback = (ip: string | null): boolean => ip !== null && addressScope(ip) === 'loopback';

/** The other side's address of a row, as its direction tells. */
function peerOf(row: NetworkRow): string | null {
  return row.direction === 'inbound' ? row.srcIp : row.direction === 'outbound' ? row.dstIp : null;
}

/** Step 2 and 3 for a row its host logged. */
function fixHostRow(row: NetworkRow, book: AddressBook): void {
  const host = row.host!;
  if (row.srcIp !== null && row.dstIp !== null) {
    const srcOwn = book.isOwn(row.sourceId, host, row.srcIp, row.ts);
    const dstOwn = book.isOwn(row.sourceId, host, row.dstIp, row.ts);
    if (row.direction === 'inbound' && srcOwn && !dstOwn) {
      const [ip, port] = [row.srcIp, row.srcPort];
      set(row, 'srcIp', row.dstIp);
      set(row, 'srcPort', row.dstPort);
      set(row, 'dstIp', ip);
      set(row, 'dstPort', port);
    } else if ((srcOwn && dstOwn) || (isLoopback(row.srcIp) && isLoopback(row.dstIp))) {
      set(row, 'direction', 'local');
    } else if (row.direction === null && (srcOwn || dstOwn)) {
      set(row, 'direction', dstOwn ? 'inbound' : 'outbound');
    }
  }
  if (row.direction === 'inbound' || row.direction === 'local') set(row, 'dstHost', host);
  if (row.direction === 'outbound' || row.direction === 'local') set(row, 'srcHost', host);
  if (row.direction === 'inbound') set(row, 'srcHost', book.ownerAt(row.srcIp, row.ts));
  if (row.direction === 'outbound') set(row, 'dstHost', book.ownerAt(row.dstIp, row.ts));
  const peer = peerOf(row);
  if (row.direction === 'local') set(row, 'peerScope', isLoopback(row.srcIp) ? 'loopback' : 'self');
  else if (peer !== null) {
    // Self by the host's own word only (a lease included): hearsay (a logon's workstation name, a DNS answer) never makes a side the host's.
    set(row, 'peerScope', book.isOwn(row.sourceId, host, peer, row.ts) || book.ownerAt(peer, row.ts, true) === host ? 'self' : addressScope(peer));
  }
}

/** Step 3 for a row no host logged (Zeek conn, pfirewall); returns whether it was attributed. */
function attributeSensorRow(row: NetworkRow, book: AddressBook): boolean {
  const src = book.ownerAt(row.srcIp, row.ts);
  const dst = book.ownerAt(row.dstIp, row.ts);
  if (src === null && dst === null) return false;
  const host = row.direction === 'outbound' && src !== null ? src : dst ?? src!;
  set(row, 'srcHost', src);
  set(row, 'dstHost', dst);
  set(row, 'host', host);
  set(row, 'direction', src === dst ? 'local' : host === dst ? 'inbound' : 'outbound');
  const peer = peerOf(row);
  set(row, 'peerScope', row.direction === 'local' ? 'self' : peer === null ? null : addressScope(peer));
  return true;
}

/**
 * Addresses a host claims in one capture that are still the other side of the same host's
 * rows in another capture after the pass (the same machine name in two labs, or
 * re-addressing): the claim did not hold there (another time, or that capture knew its own
 * addresses), and each capture kept its own reading.
 */
function peersElsewhere(rows: readonly NetworkRow[], book: AddressBook, captureOf: (id: number) => string): AddressConflict[] {
  const found = new Map<string, { address: string; host: string; own: Set<string>; peer: Set<string> }>();
  for (const row of rows) {
    const peer = peerOf(row);
    if (row.host === null || peer === null) continue;
    const claimed = book.capturesClaiming(row.host, peer);
    const capture = captureOf(row.sourceId);
    if (!claimed || claimed.has(capture)) continue;
    const key = `${peer}\u0000${row.host}`;
    let entry = found.get(key);
    if (!entry) found.set(key, (entry = { address: peer, host: row.host, own: new Set(claimed), peer: new Set() }));
    entry.peer.add(capture);
  }
  return [...found.values()].map(({ address, host, own, peer }) => ({
    kind: 'peer_elsewhere' as const, address, hosts: [host], captures: [...new Set([...own, ...peer])].sort(),
    message: `${address} is ${host}'s own address in ${[...own].sort().join(', ')} but the other side of ${host}'s connections in ${[...peer].sort().join(', ')}: kept apart, each capture read with its own addresses`,
  }));
}

/**
 * The pass of one load: told of every event as it is stored (the network rows and sightings
 * are kept, so the table is never read back), run once when the load ends, before indexing.
 */
export class HostPass {
  private readonly rows: NetworkRow[] = [];
  private readonly sightings = new SightingLog();

  stored(sourceId: number, id: number, event: NormalizedEvent): void {
    const row = networkRow(id, sourceId, event);
    if (row) this.rows.push(row);
    this.sightings.add(sourceId, event);
  }

  finish(store: SqlStore, pins: readonly AddressClaim[]): HostsReport {
    return applyAddressBook(store, this.rows, this.sightings, pins);
  }
}

/** Steps 1-5 over the network rows of one load (in id order). */
function applyAddressBook(store: SqlStore, rows: readonly NetworkRow[], sightings: SightingLog, pins: readonly AddressClaim[]): HostsReport {
  const sources = store.sources();
  const paths = new Map(sources.map((s) => [s.id, s.path]));
  const captureOf = (id: number): string => paths.get(id) ?? String(id);
  const learned = learnClaims(rows, sightings.all(captureOf), captureOf);
  const { kept, conflicts } = resolveClaims([...readAddressBook(store).filter((c) => c.capture !== null), ...learned, ...pins]);
  saveAddressBook(store, kept);
  const book = new AddressBook(kept, sources);
  let attributed = 0;
  for (const row of rows) {
    if (row.host !== null) fixHostRow(row, book);
    else if (attributeSensorRow(row, book)) attributed++;
  }
  const observations = countObservations(store, rows);
  writeNetworkRows(store, rows);
  return { learned: learned.length, attributed, conflicts: [...conflicts, ...peersElsewhere(rows, book, captureOf)], observations };
}
