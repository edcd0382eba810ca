// Sightings: what a log says about a machine's address other than the host's own word about
// itself, kept while the load stores its records (fixUps.ts, HostPass) and learned as claims
// ranked below the hosts' own (addressBook.ts, EVIDENCE_RANK):
//   - Security 4624 names the client of a logon twice: WorkstationName (normalized into the
//     row's `src_host`, the initiator's host) and IpAddress (`src_ip`) (`logon_workstation`);
//   - a Zeek dhcp.log lease: the name the client sent (`src_host`) holds the address the server
//     assigned (`src_ip`) until the lease ends (`lease_end`) or a release of the address
//     (`dhcp_lease`);
//   - a Zeek dns.log A/AAAA answer or a Sysmon 22 lookup's results: the internal addresses
//     answered hold the name they answer for (the last CNAME target, else the query name)
//     (`dns_answer`), unless that name is the domain of another name queried in the load: an
//     Active Directory domain's own name (`corp.local`, which every client asks for) answers
//     with its domain controllers' addresses and names no machine.
// Local logons (loopback, no address), names that are addresses, and addresses that do not tell
// machines apart say nothing about which machine is which.

import type { NormalizedEvent } from '../schema/columns';
import type { ClaimEvidence } from '../types/reports';
import { shortHost } from '../ingest/normalize/fields';
import { addressScope } from './peerScope';

export interface Sighting {
  readonly sourceId: number;
  readonly ts: number | null;
  /** When a lease ends: the sighting holds from `ts` to here exactly. Null: at `ts` only (widened as every claim is). */
  readonly until: number | null;
  /** The machine seen (short name, upper case). */
  readonly host: string;
  readonly address: string;
  readonly evidence: ClaimEvidence;
}

const SECURITY = 'Microsoft-Windows-Security-Auditing';

/** Whether a name names a machine: not empty, not itself an address (some clients send their IP). */
const namesMachine = (name: string): boolean => name !== '' && addressScope(name) === null;

/** The sightings of one load, told each stored event as the load stores it (HostPass). */
export class SightingLog {
  private readonly found: Sighting[] = [];
  /** DHCP releases: the client gave the address back, which ends the lease it held then. */
  private readonly releases: { readonly sourceId: number; readonly ts: number; readonly address: string }[] = [];
  /** DNS answers with the (lower-case) name they answer for, kept until every query is known. */
  private readonly answers: { readonly sighting: Sighting; readonly name: string }[] = [];
  private readonly queried = new Set<string>();
  /** Every domain above a queried name: `corp.local` and `local` for `fs01.corp.local`. */
  private readonly domains = new Set<string>();

  /** Adds the sightings a stored event makes, if any. Runs once per record of a load: category first. */
  add(sourceId: number, event: NormalizedEvent): void {
    const category = event.category;
    if (category !== 'logon' && category !== 'dhcp' && category !== 'dns') return;
    const ts = event.ts == null ? null : Number(event.ts);
    if (category === 'logon') {
      if (Number(event.event_id) !== 4624 || event.provider !== SECURITY || event.src_host == null || event.src_ip == null) return;
      const [name, ip] = [String(event.src_host), String(event.src_ip)];
      if (namesMachine(name) && addressScope(ip) !== null) this.found.push({ sourceId, ts, until: null, host: name, address: ip, evidence: 'logon_workstation' });
    } else if (category === 'dhcp') {
      if (event.action === 'release' && event.src_ip != null && ts !== null) this.releases.push({ sourceId, ts, address: String(event.src_ip) });
      if (event.action !== 'lease' || event.src_host == null || event.src_ip == null || event.lease_end == null || ts === null) return;
      const name = String(event.src_host);
      if (namesMachine(name)) this.found.push({ sourceId, ts, until: Number(event.lease_end), host: name, address: String(event.src_ip), evidence: 'dhcp_lease' });
    } else if (event.query_name != null) {
      this.query(String(event.query_name).toLowerCase());
      // Sysmon 22 logs no query type (null): its answers hold only CNAME targets and addresses (winSysmon.ts).
      if ((event.query_type != null && event.query_type !== 'A' && event.query_type !== 'AAAA') || event.answers == null) return;
      // Answers come in response order: a CNAME chain, then the addresses of its last name.
      let name = String(event.query_name);
      for (const answer of String(event.answers).split(',')) {
        const scope = addressScope(answer);
        if (scope === null) name = answer;
        else if (scope === 'internal') {
          const host = shortHost(name);
          if (host !== null && namesMachine(host)) this.answers.push({ sighting: { sourceId, ts, until: null, host, address: answer, evidence: 'dns_answer' }, name: name.toLowerCase() });
        }
      }
    }
  }

  /**
   * Every sighting of the load; DNS answers for a name that is the domain of another queried
   * name left out; a lease ends at the first release of its address in the same capture after
   * its grant (`captureOf` maps a source id to its capture), since the server may then give the
   * address to another client.
   */
  all(captureOf: (sourceId: number) => string): Sighting[] {
    const released = new Map<string, number[]>();
    for (const r of this.releases) {
      const key = `${captureOf(r.sourceId)}\u0000${r.address}`;
      const times = released.get(key);
      if (times) times.push(r.ts);
      else released.set(key, [r.ts]);
    }
    for (const times of released.values()) times.sort((a, b) => a - b);
    const ended = (s: Sighting): Sighting => {
      if (s.until === null || s.ts === null) return s;
      const end = released.get(`${captureOf(s.sourceId)}\u0000${s.address}`)?.find((t) => t > s.ts! && t < s.until!);
      return end === undefined ? s : { ...s, until: end };
    };
    return [...this.found.map(ended), ...this.answers.filter((a) => !this.domains.has(a.name)).map((a) => a.sighting)];
  }

  private query(name: string): void {
    if (this.queried.has(name)) return;
    this.queried.add(name);
    for (let dot = name.indexOf('.'); dot >= 0; dot = name.indexOf('.', dot + 1)) this.domains.add(name.slice(dot + 1));
  }
}
