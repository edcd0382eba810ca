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
// plus pins from an inventory file (hosts/inventory.ts), which hold in every capture.
// One kind of claim is hearsay, a host's word about another: Security 4624's WorkstationName
// with its IpAddress (`logon_workstation`, sightings.ts). The client chooses the name it sends,
// so hearsay only names the other side of a row (src_host/dst_host, sensor attribution); it
// never decides which side of a row is a host's own, and it yields to firsthand claims that
// disagree (`overruled`).
// A claim holds from its first to its last evidence, widened by CLAIM_MARGIN_MS.
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

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

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
  // Hearsay about other machines: only addresses that tell machines apart.
  for (const s of sightings) if (identifiesHost(s.address)) add(s.sourceId, s.host, s.address, s.evidence, s.ts);
  return [...claims.values()];
}

/** Evidence a host gives about another host: it names the other side, never a host's own side. */
export function isHearsay(claim: Pick<AddressClaim, 'evidence'>): boolean {
  return claim.evidence === 'logon_workstation';
}

const earliest = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.min(x, y));
const latest = (x: number | null, y: number | null): number | null => (x === null ? y : y === null ? x : Math.max(x, y));

/** The time a claim holds, widened by the margin; unbounded ends stay unbounded. */
export function claimSpan(claim: Pick<AddressClaim, 'from' | 'to'>): [number, number] {
  return [
    claim.from === null ? Number.NEGATIVE_INFINITY : claim.from - CLAIM_MARGIN_MS,
    claim.to === null ? Number.POSITIVE_INFINITY : claim.to + CLAIM_MARGIN_MS,
  ];
}

function overlap(a: AddressClaim, b: AddressClaim): boolean {
  const [a0, a1] = claimSpan(a);
  const [b0, b1] = claimSpan(b);
  return a0 <= b1 && b0 <= a1;
}

const list = (values: Iterable<string>): string[] => [...new Set(values)].sort();

/**
 * Claims that disagree: two hosts on one address at overlapping times. Within one capture
 * the address is `shared` and proves nothing there (both claims are dropped from the result);
 * across captures each capture keeps its own (`kept_apart`), and rows of other captures at
 * those times are not attributed to either. Pins are never dropped.
 */
export function resolveClaims(all: readonly AddressClaim[]): { kept: AddressClaim[]; conflicts: AddressConflict[] } {
  const { claims, conflicts } = overruleHearsay(all);
  const byAddress = new Map<string, AddressClaim[]>();
  for (const c of claims) {
    let group = byAddress.get(c.address);
    if (!group) byAddress.set(c.address, (group = []));
    group.push(c);
  }
  const dropped = new Set<AddressClaim>();
  for (const [address, group] of [...byAddress].sort(([a], [b]) => (a < b ? -1 : 1))) {
    const shared = new Map<string, AddressClaim[]>();
    const apart: AddressClaim[] = [];
    for (let i = 0; i < group.length; i++) {
      for (let j = i + 1; j < group.length; j++) {
        const [a, b] = [group[i]!, group[j]!];
        if (a.host === b.host || !overlap(a, b)) continue;
        if (a.capture !== null && a.capture === b.capture) {
          shared.set(a.capture, [...(shared.get(a.capture) ?? []), a, b]);
        } else if (identifiesHost(address)) apart.push(a, b);
      }
    }
    for (const [capture, both] of shared) {
      for (const c of both) dropped.add(c);
      const hosts = list(both.map((c) => c.host));
      conflicts.push({ kind: 'shared', address, hosts, captures: [capture], message: `${address} is claimed by ${hosts.join(' and ')} at the same time in ${capture}: not used there` });
    }
    if (apart.length > 0) {
      const hosts = list(apart.map((c) => c.host));
      const captures = list(apart.map((c) => c.capture ?? 'the inventory'));
      conflicts.push({ kind: 'kept_apart', address, hosts, captures, message: `${address} belongs to ${hosts.join(' and ')} at overlapping times in different captures (${captures.join(', ')}): each capture keeps its own; sensor rows then are attributed to neither` });
    }
  }
  return { kept: claims.filter((c) => !dropped.has(c) || c.capture === null), conflicts };
}

/**
 * Hearsay that firsthand claims (a host's own word, or a pin) contradict at an overlapping
 * time is dropped: another host claims that address, or the named host claims other addresses
 * and not this one. A client sends the workstation name it likes.
 */
function overruleHearsay(claims: readonly AddressClaim[]): { claims: AddressClaim[]; conflicts: AddressConflict[] } {
  const firsthand = claims.filter((c) => !isHearsay(c));
  const conflicts: AddressConflict[] = [];
  const kept = claims.filter((c) => {
    if (!isHearsay(c)) return true;
    const near = firsthand.filter((f) => overlap(f, c));
    if (near.some((f) => f.host === c.host && f.address === c.address)) return true;
    const against = near.filter((f) => (f.address === c.address) !== (f.host === c.host));
    if (against.length === 0) return true;
    const hosts = list([c.host, ...against.map((f) => f.host)]);
    const captures = list([c.capture ?? 'the inventory', ...against.map((f) => f.capture ?? 'the inventory')]);
    const said = against.map((f) => `${f.host} at ${f.address}`);
    conflicts.push({ kind: 'overruled', address: c.address, hosts, captures,
      message: `a logon in ${c.capture ?? 'the inventory'} names ${c.host} at ${c.address}, but the hosts' own evidence says ${list(said).join(', ')} at that time: the logon's name is not used` });
    return false;
  });
  return { claims: kept, conflicts };
}

/** Which word a span is, strongest first: a pin, a host's own word, hearsay. */
const PINNED = 0, FIRSTHAND = 1, HEARSAY = 2;

interface Span { readonly host: string; readonly rank: number; readonly lo: number; readonly hi: number }

const covers = (span: { lo: number; hi: number }, ts: number | null): boolean => ts === null || (ts >= span.lo && ts <= span.hi);

/** Whether any span covers `ts` (a loop, not `some` with a closure: it runs per network row). */
function anyCovers(spans: readonly Span[] | undefined, ts: number | null): boolean {
  if (spans) for (const s of spans) if (covers(s, ts)) return true;
  return false;
}

/** The one host among the spans of one rank covering `ts`; null when none or several. */
function ownerAmong(spans: readonly Span[], rank: number, ts: number | null): string | null {
  let owner: string | null = null;
  for (const s of spans) {
    if (s.rank !== rank || !covers(s, ts)) continue;
    if (owner !== null && owner !== s.host) return null;
    owner = s.host;
  }
  return owner;
}

/**
 * The kept claims as lookups. A row's own addresses are its capture's claims and the pins;
 * where its capture knows none of that host's addresses, the same host's claims from other
 * captures at that time (hearsay never: it is not the host's own word). An address's owner at
 * a time is the pinned host, else the one host whose firsthand claim covers it, else the one
 * whose hearsay does (none when several do).
 */
export class AddressBook {
  private readonly own = new Map<string, Span[]>();
  private readonly owners = new Map<string, Span[]>();
  private readonly claimedIn = new Map<string, Set<string>>();
  /** Every address some claim names: most rows' addresses are in none, and need no key built. */
  private readonly ownAddresses = new Set<string>();

  constructor(kept: readonly AddressClaim[], sources: readonly { readonly id: number; readonly path: string }[]) {
    const knows = new Set(kept.filter((c) => c.capture !== null && !isHearsay(c)).map((c) => `${c.capture}\u0000${c.host}`));
    const add = (map: Map<string, Span[]>, key: string, span: Span): void => {
      const list = map.get(key);
      if (list) list.push(span);
      else map.set(key, [span]);
    };
    for (const c of kept) {
      const [lo, hi] = claimSpan(c);
      const span: Span = { host: c.host, rank: c.capture === null ? PINNED : isHearsay(c) ? HEARSAY : FIRSTHAND, lo, hi };
      if (isHearsay(c)) {
        add(this.owners, c.address, span);
        continue;
      }
      this.ownAddresses.add(c.address);
      if (c.capture === null) add(this.own, `*\u0000${c.host}\u0000${c.address}`, span);
      else {
        for (const s of sources) if (s.path === c.capture || !knows.has(`${s.path}\u0000${c.host}`)) add(this.own, `${s.id}\u0000${c.host}\u0000${c.address}`, span);
        const key = `${c.host}\u0000${c.address}`;
        this.claimedIn.set(key, (this.claimedIn.get(key) ?? new Set()).add(c.capture));
      }
      if (identifiesHost(c.address)) add(this.owners, c.address, span);
    }
  }

  /** Whether `ip` is `host`'s own address for a row of source `sourceId` at `ts`. */
  isOwn(sourceId: number, host: string, ip: string | null, ts: number | null): boolean {
    if (ip === null || !this.owners.has(ip) && !this.ownAddresses.has(ip)) return false;
    return anyCovers(this.own.get(`${sourceId}\u0000${host}\u0000${ip}`), ts) || anyCovers(this.own.get(`*\u0000${host}\u0000${ip}`), ts);
  }

  /**
   * The one host that held `ip` at `ts`, or null: a pin's, else the hosts' own word's, else
   * (unless `firsthand`) hearsay's. Runs once per network row: no allocation.
   */
  ownerAt(ip: string | null, ts: number | null, firsthand = false): string | null {
    const spans = ip === null ? undefined : this.owners.get(ip);
    if (!spans) return null;
    return ownerAmong(spans, PINNED, ts) ?? ownerAmong(spans, FIRSTHAND, ts) ?? (firsthand ? null : ownerAmong(spans, HEARSAY, ts));
  }

  /** The captures in which `host` claimed `ip` (pins excluded). */
  capturesClaiming(host: string, ip: string): ReadonlySet<string> | undefined {
    return this.claimedIn.get(`${host}\u0000${ip}`);
  }
}
