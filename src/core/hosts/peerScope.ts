// Peer scope: what kind of address the other side of a network event is, so an analytic can
// keep to internal peers, or leave out a host talking to itself, without listing addresses.
// The address-only classes come from the address here (ipaddr.js ranges); `self` needs the
// address book and is set by the post-load pass (hosts/fixUps.ts). Which side is "the other
// side" follows `direction`: the initiator for inbound, the responder for outbound.

import ipaddr from 'ipaddr.js';
import type { NormalizedEvent, PEER_SCOPES } from '../schema/columns';

export type PeerScope = (typeof PEER_SCOPES)[number];

/** ipaddr.js range names and the scope each stands for; any other range is external. */
const RANGES: Readonly<Record<string, PeerScope>> = {
  unspecified: 'self', // 0.0.0.0 / :: mean "this host"
  loopback: 'loopback',
  linkLocal: 'link_local',
  multicast: 'multicast',
  broadcast: 'multicast',
  private: 'internal',
  uniqueLocal: 'internal',
  carrierGradeNat: 'internal',
};

/**
 * The scope of one address, or null when it is not an address. An IPv4 address ending in
 * .255 inside a private range is taken as a directed broadcast (NetBIOS and SSDP announce to
 * them); the subnet mask is never logged, so this is the one guess.
 */
export function addressScope(ip: string): PeerScope | null {
  let scope = scopes.get(ip);
  if (scope === undefined) {
    // Parsing is the cost (measured: most of the post-load pass); a load sees few distinct addresses.
    if (scopes.size >= MEMO_LIMIT) scopes.clear();
    scopes.set(ip, (scope = parseScope(ip)));
  }
  return scope;
}

const MEMO_LIMIT = 100_000;
const scopes = new Map<string, PeerScope | null>();

function parseScope(ip: string): PeerScope | null {
  if (!ipaddr.isValid(ip)) return null;
  const parsed = ipaddr.process(ip);
  const scope = RANGES[parsed.range()] ?? 'external';
  if (scope === 'internal' && parsed.kind() === 'ipv4' && (parsed as ipaddr.IPv4).octets[3] === 255) return 'multicast';
  return scope;
}

/** The address on the other side of a network event, as `direction` tells; null when unknown. */
export function peerAddress(event: Pick<NormalizedEvent, 'direction' | 'src_ip' | 'dst_ip'>): string | null {
  if (event.direction === 'inbound') return event.src_ip == null ? null : String(event.src_ip);
  if (event.direction === 'outbound') return event.dst_ip == null ? null : String(event.dst_ip);
  return null;
}

/**
 * What a network event says about itself before the address book is known: its peer scope (no
 * `self` yet, except for local traffic), and its own side's host (the logging host is the
 * responder of an inbound row, the initiator of an outbound one). Called once per record at load.
 */
export function enrichNetworkEvent(event: NormalizedEvent): void {
  event.peer_scope = peerScope(event);
  if (event.category !== 'network' || event.host == null) return;
  if (event.direction === 'inbound' || event.direction === 'local') event.dst_host = event.host;
  if (event.direction === 'outbound' || event.direction === 'local') event.src_host = event.host;
}

/** The peer scope a network event has before the address book is known (no `self` yet, except for local traffic). */
export function peerScope(event: NormalizedEvent): PeerScope | null {
  if (event.category !== 'network') return null;
  if (event.direction === 'local') {
    const ip = event.src_ip ?? event.dst_ip;
    return ip != null && addressScope(String(ip)) === 'loopback' ? 'loopback' : 'self';
  }
  const peer = peerAddress(event);
  return peer === null ? null : addressScope(peer);
}
