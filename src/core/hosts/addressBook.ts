// The address book: which host owned which address, when, according to which capture.
// A capture is one file on disk (an archive and all its members are one capture). Claims are
// learned only from what a host says about itself, evidence that cannot be misread:
//   - Sysmon 3 with Initiated=true: SourceIp is the host's (normalized `outbound`);
//   - Security 5156 outbound (%%14593): SourceAddress is the host's;
//   - Security 5154/5158 (listen/bind) on a specific address: that address is the host's;
//   - a TCP connection the host logged as inbound (Sysmon 3 Initiated=false, 5156 inbound)
//     between a service port and a port that is not one (schema/connections.ts): the
//     service-port side accepted it, so it is the host's, whichever field the log put it in
//     (older Sysmon builds log the local listener as Source). UDP is left out: a DNS reply
//     logged as inbound comes from the server's port 53;
// plus pins from an inventory file (hosts/inventory.ts), which hold in every capture, and what
// other logs say about a machine (sightings.ts): a DHCP lease seen by a Zeek sensor, and the
// hearsay of a logon's workstation name or a DNS answer. Claims are ranked (EVIDENCE_RANK): an
// address's owner is looked up rank by rank, and a lease or hearsay that a stronger claim
// contradicts yields (`overruled`). Hearsay only names the other side of a row (src_host/
// dst_host, sensor attribution); it never decides which side of a row is a host's own.
// A claim holds from its first to its last evidence, widened by CLAIM_MARGIN_MS; a lease holds
// exactly from its grant to its end.
// Scoping is the point: a capture's claims decide its own rows (which side is local, swaps,
// `self`); rows that name no host (Zeek, pfirewall) are attributed from the claims of every
// capture, where exactly one host held the address at that time. Conflicts are reported.

import type { AddressClaim, AddressConflict, ClaimEvidence } from '../types/reports';

export type { AddressClaim, ClaimEvidence };
import { SYSMON_PROVIDER } from '../ingest/normalize/windows';
import { addressScope } from './peerScope';
import type { NetworkRow } from './networkRows';
import type { Sighting } from './sightings';
import { acceptingSide } from '../schema/connections';
import type { Mutable } from '../types/mutable';

/** Evidence and pins hold this long before the first and after the last record that shows them. */
export const CLAIM_MARGIN_MS = 60 * 60_000;


const SECURITY = 'Microsoft-Windows-Security-Auditing';

/**
 * Loopback, unspecified, link-local and multicast addresses say nothing about which machine
 * is which across captures (every machine has them). A link-local address is still the host's
 * own within the capture that shows it (a domain controller's fe80:: address talking to itself).
 */
export function identifiesHost(address: string): boolean {
  const scope = addressScope(address);
  return scope === 'internal' || scope === 'external';
}

function ownWithinCapture(address: string): boolean {
  return identifiesHost(address) || addressScope(address) === 'link_local';
}

/** What a row says about its own host's address, if anything. */
function evidenceOf(row: NetworkRow): { address: string; evidence: ClaimEvidence } | null {
  if (row.host === null) return null;
  if (row.direction === 'outbound' && row.srcIp !== null) {
    if (row.provider === SYSMON_PROVIDER && row.eventId === 3) return { address: row.srcIp, evidence: 'sysmon_initiated' };
    if (row.provider === SECURITY && row.eventId === 5156) return { address: row.srcIp, evidence: 'wfp_outbound' };
  }
  if (row.provider === SECURITY && (row.eventId === 5154 || row.eventId === 5158) && row.dstIp !== null) return { address: row.dstIp, evidence: 'wfp_listen' };
  if (row.direction === 'inbound') {
    const side = acceptingSide(row.protocol, row.srcPort, row.dstPort);
    const address = side === 'src' ? row.srcIp : side === 'dst' ? row.dstIp : null;
    if (address !== null) return { address, evidence: 'service_port' };
  }
  return null;
}

/**
 * Claims shown by the network rows and the sightings, one per capture, host, address and kind;
 * `captureOf` maps a source id to its capture.
 */
export function learnClaims(rows: readonly NetworkRow[], sightings: readonly Sighting[], captureOf: (sourceId: number) => string): AddressClaim[] {
  // Built mutable and widened in place: this runs once per network row of the load.
  const claims = new Map<string, Mutable<AddressClaim>>();
  const add = (sourceId: number, host: string, address: string, evidence: ClaimEvidence, ts: number | null): void => {
    const capture = captureOf(sourceId);
    const key = `${capture}\u0000${host}\u0000${address}\u0000${evidence}`;
    const seen = claims.get(key);
    if (!seen) claims.set(key, { host, address, capture, from: ts, to: ts, evidence, events: 1 });
    else {
      seen.from = earliest(seen.from, ts);
      seen.to = latest(seen.to, ts);
      seen.events++;
    }
  };
  for (const row of rows) {
    const found = evidenceOf(row);
    if (found && ownWithinCapture(found.address)) add(row.sourceId, row.host!, found.address, found.evidence, row.ts);
  }
  // What other logs say about a machine: only addresses that tell machines apart.
  const leases: Sighting[] = [];
  for (const s of sightings) {
    if (!identifiesHost(s.address)) continue;
    if (s.until === null) add(s.sourceId, s.host, s.address, s.evidence, s.ts);
    else leases.push(s);
  }
  return [...claims.values(), ...leaseClaims(leases, captureOf)];
}

/**
 * Leases as claims, one per capture, host, address and stretch of time: a renewal granted
 * before the lease ends extends it, a grant after a gap starts a new claim (the address may
 * have been another client's meanwhile).
 */
function leaseClaims(leases: Sighting[], captureOf: (sourceId: number) => string): AddressClaim[] {
  const claims: Mutable<AddressClaim>[] = [];
  const last = new Map<string, Mutable<AddressClaim>>();
  for (const s of leases.sort((a, b) => a.ts! - b.ts!)) {
    const capture = captureOf(s.sourceId);
    const key = `${capture}\u0000${s.host}\u0000${s.address}`;
    const open = last.get(key);
    if (open && s.ts! <= open.to!) {
      open.to = Math.max(open.to!, s.until!);
      open.events++;
      continue;
    }
    const claim = { host: s.host, address: s.address, capture, from: s.ts, to: s.until, evidence: s.evidence, events: 1 };
    claims.push(claim);
    last.set(key, claim);
  }
  return claims;
}

/**
 * What a claim's word is worth, strongest first:
 *   0 an inventory pin, the user's word;
 *   1 the host's own word about itself (its own logs, above);
 *   2 a DHCP lease seen on the wire: the server gave the address to the client that sent the
 *     name, for the lease's time;
 *   3 a logon's workstation name: hearsay, the name a client chose to send;
 *   4 a DNS answer: hearsay, a server's record (which may be stale).
 * An address's owner is looked up rank by rank; a claim from the lease on yields to a stronger
 * one that contradicts it. Ranks up to the lease are a host's word about itself and may decide
 * which side of a row is the host's own; hearsay only names the other side.
 */
export const EVIDENCE_RANK: Readonly<Record<ClaimEvidence, number>> = {
  inventory: 0,
  sysmon_initiated: 1, wfp_outbound: 1, wfp_listen: 1, service_port: 1,
  dhcp_lease: 2,
  logon_workstation: 3,
  dns_answer: 4,
};
const OWN = 1, LEASE = 2, WEAKEST = 4;

export function rankOf(claim: Pick<AddressClaim, 'evidence'>): number {
  return EVIDENCE_RANK[claim.evidence];
}

/** Evidence about another host: it names the other side, never a host's own side. */
export function isHearsay(claim: Pick<AddressClaim, 'evidence'>): boolean {
  return rankOf(claim) > LEASE;
}

const earliest = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.min(x, y));
const latest = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.max(x, y));

/**
 * The time a claim holds, widened by the margin; unbounded ends stay unbounded. A lease is not
 * widened: after its end the server may give the address to another client.
 */
export function claimSpan(claim: Pick<AddressClaim, 'from' | 'to' | 'evidence'>): [number, number] {
  const margin = claim.evidence === 'dhcp_lease' ? 0 : CLAIM_MARGIN_MS;
  return [
    claim.from === null ? Number.NEGATIVE_INFINITY : claim.from - margin,
    claim.to === null ? Number.POSITIVE_INFINITY : claim.to + margin,
  ];
}

function overlap(a: AddressClaim, b: AddressClaim): boolean {
  return spansOverlap(claimSpan(a), claimSpan(b));
}

function spansOverlap([a0, a1]: readonly [number, number], [b0, b1]: readonly [number, number]): boolean {
  return a0 <= b1 && b0 <= a1;
}

const list = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/** Names for a message: the first few and how many more (the conflict's lists hold them all). */
const MESSAGE_NAMES = 5;
const named = (names: readonly string[], separator: string): string =>
  names.length <= MESSAGE_NAMES ? names.join(separator) : `${names.slice(0, MESSAGE_NAMES).join(', ')} and ${names.length - MESSAGE_NAMES} more`;

/**
 * Claims that disagree: two hosts on one address at overlapping times. Within one capture
 * the address is `shared` and proves nothing there (both claims are dropped from the result);
 * across captures each capture keeps its own (`kept_apart`), and rows of other captures at
 * those times are not attributed to either. Pins are never dropped.
 */
export function resolveClaims(all: readonly AddressClaim[]): { kept: AddressClaim[]; conflicts: AddressConflict[] } {
  const { claims, conflicts } = overruleWeaker(all);
  const byAddress = new Map<string, AddressClaim[]>();
  for (const c of claims) {
    let group = byAddress.get(c.address);
    if (!group) byAddress.set(c.address, (group = []));
    group.push(c);
  }
  const dropped = new Set<AddressClaim>();
  for (const [address, group] of [...byAddress].sort(([a], [b]) => (a < b ? -1 : 1))) {
    // Sets, not lists per pair: an address many hosts claim (cloned machines, a NAT) has
    // quadratically many pairs, and copying a list per pair took minutes at a few hundred hosts.
    const shared = new Map<string, Set<AddressClaim>>();
    const apart = new Set<AddressClaim>();
    const spans = group.map(claimSpan);
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        if (a.host === b.host || !spansOverlap(spans[i]!, spans[j]!)) continue;
        if (a.capture !== null && a.capture === b.capture) {
          let both = shared.get(a.capture);
          if (!both) shared.set(a.capture, (both = new Set()));
          both.add(a).add(b);
        } else if (identifiesHost(address)) apart.add(a).add(b);
      }
    }
    for (const [capture, both] of shared) {
      for (const c of both) dropped.add(c);
      const hosts = list([...both].map((c) => c.host));
      conflicts.push({ kind: 'shared', address, hosts, captures: [capture], message: `${address} is claimed by ${named(hosts, ' and ')} at the same time in ${capture}: not used there` });
    }
    if (apart.size > 0) {
      const hosts = list([...apart].map((c) => c.host));
      const captures = list([...apart].map((c) => c.capture ?? 'the inventory'));
      conflicts.push({ kind: 'kept_apart', address, hosts, captures, message: `${address} belongs to ${named(hosts, ' and ')} at overlapping times in different captures (${named(captures, ', ')}): each capture keeps its own; sensor rows then are attributed to neither` });
    }
  }
  return { kept: claims.filter((c) => !dropped.has(c) || c.capture === null), conflicts };
}

/** What an overruled claim said, and what of it is not used, for the conflict's message. */
const OVERRULED: Readonly<Partial<Record<ClaimEvidence, (c: AddressClaim, where: string) => [string, string]>>> = {
  dhcp_lease: (c, where) => [`a DHCP lease in ${where} gives ${c.address} to ${c.host}`, 'the lease is not used'],
  logon_workstation: (c, where) => [`a logon in ${where} names ${c.host} at ${c.address}`, 'the logon\'s name is not used'],
  dns_answer: (c, where) => [`a DNS answer in ${where} names ${c.host} at ${c.address}`, 'the answer is not used'],
};

/**
 * Leases and hearsay that a stronger claim contradicts at an overlapping time are dropped,
 * rank by rank from the lease on (a dropped claim overrules nothing): another host's stronger
 * claim on the address, or, for hearsay, the named host's stronger claims on other addresses
 * and none on this one (a client sends the workstation name it likes; a DNS record may be
 * stale). A lease is only contradicted on its address: a host may hold a lease beside the
 * addresses it shows itself (another interface, IPv6).
 */
function overruleWeaker(claims: readonly AddressClaim[]): { claims: AddressClaim[]; conflicts: AddressConflict[] } {
  const conflicts: AddressConflict[] = [];
  const overruled = new Set<AddressClaim>();
  const byAddress = new Map<string, AddressClaim[]>();
  const byHost = new Map<string, AddressClaim[]>();
  const push = (map: Map<string, AddressClaim[]>, key: string, c: AddressClaim): void => {
    const group = map.get(key);
    if (group) group.push(c);
    else map.set(key, [c]);
  };
  const index = (c: AddressClaim): void => {
    push(byAddress, c.address, c);
    push(byHost, c.host, c);
  };
  for (const c of claims) if (rankOf(c) < LEASE) index(c);
  for (let rank = LEASE; rank <= WEAKEST; rank++) {
    const ofRank = claims.filter((c) => rankOf(c) === rank);
    for (const c of ofRank) {
      const candidates = rank === LEASE ? byAddress.get(c.address) ?? [] : [...(byAddress.get(c.address) ?? []), ...(byHost.get(c.host) ?? [])];
      const near = candidates.filter((f) => overlap(f, c));
      if (near.some((f) => f.host === c.host && f.address === c.address)) continue;
      const against = near.filter((f) => (f.address === c.address) !== (f.host === c.host));
      if (against.length === 0) continue;
      overruled.add(c);
      const where = c.capture ?? 'the inventory';
      const hosts = list([c.host, ...against.map((f) => f.host)]);
      const captures = list([where, ...against.map((f) => f.capture ?? 'the inventory')]);
      const said = list(against.map((f) => `${f.host} at ${f.address} (${f.evidence})`));
      const [says, unused] = OVERRULED[c.evidence]!(c, where);
      conflicts.push({ kind: 'overruled', address: c.address, hosts, captures, message: `${says}, but stronger evidence says ${said.join(', ')} at that time: ${unused}` });
    }
    for (const c of ofRank) if (!overruled.has(c)) index(c);
  }
  return { claims: claims.filter((c) => !overruled.has(c)), conflicts };
}

/** A claim as a lookup: its host, its rank (EVIDENCE_RANK) and the time it holds. */
interface Span { readonly host: string; readonly rank: number; readonly lo: number; readonly hi: number }

const covers = (span: { lo: number; hi: number }, ts: number | null): boolean => ts === null || (ts >= span.lo && ts <= span.hi);

/** Whether any span covers `ts` (a loop, not `some` with a closure: it runs per network row). */
function anyCovers(spans: readonly Span[] | undefined, ts: number | null): boolean {
  if (spans) for (const s of spans) if (covers(s, ts)) return true;
  return false;
}

/**
 * The one host covering `ts` at the strongest rank where exactly one does (none or several at
 * a rank: the next rank decides), ranks up to `weakest`; `spans` are sorted by rank. One pass,
 * no allocation: it runs once per network row.
 */
function ownerAmong(spans: readonly Span[], weakest: number, ts: number | null): string | null {
  let rank = -1;
  let owner: string | null = null;
  let several = false;
  for (const s of spans) {
    if (s.rank > weakest) break;
    if (s.rank !== rank) {
      if (owner !== null && !several) return owner;
      rank = s.rank;
      owner = null;
      several = false;
    }
    if (!covers(s, ts)) continue;
    if (owner === null) owner = s.host;
    else if (owner !== s.host) several = true;
  }
  return owner !== null && !several ? owner : null;
}

/**
 * The kept claims as lookups. A row's own addresses are its capture's claims and the pins;
 * where its capture knows none of that host's addresses (by the host's own word), the same
 * host's claims and leases from other captures at that time (hearsay never: it is not the
 * host's own word). An address's owner at a time is the one host whose claim of the strongest
 * rank covers it (a rank where several do gives way to the next).
 */
export class AddressBook {
  private readonly own = new Map<string, Span[]>();
  private readonly owners = new Map<string, Span[]>();
  private readonly claimedIn = new Map<string, Set<string>>();
  /** Every address some claim names: most rows' addresses are in none, and need no key built. */
  private readonly ownAddresses = new Set<string>();

  constructor(kept: readonly AddressClaim[], sources: readonly { readonly id: number; readonly path: string }[]) {
    const knows = new Set(kept.filter((c) => c.capture !== null && rankOf(c) === OWN).map((c) => `${c.capture}\u0000${c.host}`));
    const add = (map: Map<string, Span[]>, key: string, span: Span): void => {
      const list = map.get(key);
      if (list) list.push(span);
      else map.set(key, [span]);
    };
    for (const c of kept) {
      const [lo, hi] = claimSpan(c);
      const span: Span = { host: c.host, rank: rankOf(c), lo, hi };
      if (isHearsay(c)) {
        add(this.owners, c.address, span);
        continue;
      }
      this.ownAddresses.add(c.address);
      if (c.capture === null) add(this.own, `*\u0000${c.host}\u0000${c.address}`, span);
      else {
        for (const s of sources) if (s.path === c.capture || !knows.has(`${s.path}\u0000${c.host}`)) add(this.own, `${s.id}\u0000${c.host}\u0000${c.address}`, span);
        if (span.rank === OWN) {
          const key = `${c.host}\u0000${c.address}`;
          this.claimedIn.set(key, (this.claimedIn.get(key) ?? new Set()).add(c.capture));
        }
      }
      if (identifiesHost(c.address)) add(this.owners, c.address, span);
    }
    for (const spans of this.owners.values()) spans.sort((a, b) => a.rank - b.rank);
  }

  /** Whether `ip` is `host`'s own address for a row of source `sourceId` at `ts`. */
  isOwn(sourceId: number, host: string, ip: string | null, ts: number | null): boolean {
    if (ip === null || !this.owners.has(ip) && !this.ownAddresses.has(ip)) return false;
    return anyCovers(this.own.get(`${sourceId}\u0000${host}\u0000${ip}`), ts) || anyCovers(this.own.get(`*\u0000${host}\u0000${ip}`), ts);
  }

  /**
   * The one host that held `ip` at `ts`, or null, by the strongest claims that tell (a pin's,
   * the host's own word's, a lease's, then hearsay's unless `ownWord`). Runs once per network row.
   */
  ownerAt(ip: string | null, ts: number | null, ownWord = false): string | null {
    const spans = ip === null ? undefined : this.owners.get(ip);
    return spans ? ownerAmong(spans, ownWord ? LEASE : WEAKEST, ts) : null;
  }

  /** The captures in which `host` claimed `ip` by its own word (pins and leases excluded). */
  capturesClaiming(host: string, ip: string): ReadonlySet<string> | undefined {
    return this.claimedIn.get(`${host}\u0000${ip}`);
  }
}
