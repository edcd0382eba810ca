// The address book: which host owned which address, when, according to which capture.
// A capture is one file on disk (an archive and all its members are one capture). Claims are
// learned only from what a host says about itself, evidence that cannot be misread:
//   - Sysmon 3 with Initiated=true: SourceIp is the host's (normalized `outbound`);
//   - Security 5156 outbound (%%14593): SourceAddress is the host's;
//   - Security 5154/5158 (listen/bind) on a specific address: that address is the host's;
// plus pins from an inventory file (hosts/inventory.ts), which hold in every capture.
// A claim holds from its first to its last evidence, widened by CLAIM_MARGIN_MS.
// Scoping is the point: a capture's claims decide its own rows (which side is local, swaps,
// `self`); rows that name no host (Zeek, pfirewall) are attributed from the claims of every
// capture, where exactly one host held the address at that time. Conflicts are reported.

import type { EventStore } from '../types/store';
import type { AddressConflict } from '../types/reports';
import { SYSMON_PROVIDER } from '../ingest/normalize/windows';
import { addressScope } from './peerScope';

/** Evidence and pins hold this long before the first and after the last record that shows them. */
export const CLAIM_MARGIN_MS = 60 * 60_000;

export type ClaimEvidence = 'sysmon_initiated' | 'wfp_outbound' | 'wfp_listen' | 'inventory';

export interface AddressClaim {
  readonly host: string;
  readonly address: string;
  /** The capture (file path) the claim was learned in; null for inventory pins, which hold everywhere. */
  readonly capture: string | null;
  /** Epoch ms, inclusive, before widening; null = unbounded. */
  readonly from: number | null;
  readonly to: number | null;
  readonly evidence: ClaimEvidence;
  /** Records that showed it (0 for pins). */
  readonly events: number;
}

const SECURITY = 'Microsoft-Windows-Security-Auditing';

/** Own-address evidence among the rows from `firstEventId` on, grouped per capture, host, address and kind. */
const EVIDENCE_SQL = `SELECT s.path AS capture, e.host AS host, e.src_ip AS address,
    CASE WHEN e.provider = ? THEN 'sysmon_initiated' ELSE 'wfp_outbound' END AS evidence,
    min(e.ts) AS first, max(e.ts) AS last, count(*) AS n
  FROM events e JOIN sources s ON s.id = e.source_id
  WHERE e.id >= ? AND e.host IS NOT NULL AND e.src_ip IS NOT NULL AND e.direction = 'outbound'
    AND ((e.provider = ? AND e.event_id = 3) OR (e.provider = ? AND e.event_id = 5156))
  GROUP BY 1, 2, 3, 4
  UNION ALL
  SELECT s.path, e.host, e.dst_ip, 'wfp_listen', min(e.ts), max(e.ts), count(*)
  FROM events e JOIN sources s ON s.id = e.source_id
  WHERE e.id >= ? AND e.host IS NOT NULL AND e.dst_ip IS NOT NULL AND e.provider = ? AND e.event_id IN (5154, 5158)
  GROUP BY 1, 2, 3, 4`;

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

/** Claims shown by the rows loaded from `firstEventId` on. */
export function learnClaims(store: EventStore, firstEventId: number): AddressClaim[] {
  const claims: AddressClaim[] = [];
  store.each(EVIDENCE_SQL, [SYSMON_PROVIDER, firstEventId, SYSMON_PROVIDER, SECURITY, firstEventId, SECURITY], (row) => {
    const address = String(row.address);
    if (!ownWithinCapture(address)) return;
    claims.push({
      host: String(row.host),
      address,
      capture: String(row.capture),
      from: row.first === null ? null : Number(row.first),
      to: row.last === null ? null : Number(row.last),
      evidence: row.evidence as ClaimEvidence,
      events: Number(row.n),
    });
  });
  return claims;
}

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
export function resolveClaims(claims: readonly AddressClaim[]): { kept: AddressClaim[]; conflicts: AddressConflict[] } {
  const byAddress = new Map<string, AddressClaim[]>();
  for (const c of claims) {
    let group = byAddress.get(c.address);
    if (!group) byAddress.set(c.address, (group = []));
    group.push(c);
  }
  const dropped = new Set<AddressClaim>();
  const conflicts: AddressConflict[] = [];
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
