// Sightings: what a host's log says about another machine's address, kept while the load
// stores its records (fixUps.ts, HostPass) and learned as hearsay claims (addressBook.ts).
// Security 4624 names the client of a logon twice: WorkstationName (normalized into the row's
// `src_host`, the initiator's host) and IpAddress (`src_ip`). Local logons (loopback, no
// address) and names that are addresses say nothing about which machine is which.

import type { NormalizedEvent } from '../schema/columns';
import type { ClaimEvidence } from '../types/reports';
import { addressScope } from './peerScope';

export interface Sighting {
  readonly sourceId: number;
  readonly ts: number | null;
  /** The machine seen (short name, upper case). */
  readonly host: string;
  readonly address: string;
  readonly evidence: ClaimEvidence;
}

const SECURITY = 'Microsoft-Windows-Security-Auditing';

/** The sighting a stored event makes, if any. */
export function sightingOf(sourceId: number, event: NormalizedEvent): Sighting | null {
  if (event.category !== 'logon' || Number(event.event_id) !== 4624 || event.provider !== SECURITY) return null;
  const [host, address] = [event.src_host, event.src_ip];
  if (host == null || address == null) return null;
  const [name, ip] = [String(host), String(address)];
  // A name that is itself an address (some clients send their IP) names no machine.
  if (addressScope(name) !== null || addressScope(ip) === null) return null;
  return { sourceId, ts: event.ts == null ? null : Number(event.ts), host: name, address: ip, evidence: 'logon_workstation' };
}
