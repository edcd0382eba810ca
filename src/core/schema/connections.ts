// What makes records one connection (an "observation"): the same host, protocol and 5-tuple
// (src is the initiator once the address book has run), at times that follow each other
// within REPEAT_GAP_MS. Shared by the loader, which estimates clock skews from it
// (hosts/observations.ts), and the matcher, which takes an observation once per step and
// lists all its records (match/observations.ts). The gap is wide on purpose: a TCP 5-tuple is
// not reused while it sits in TIME_WAIT (minutes), and logs of one host disagree by seconds (a
// collector's EventTime ~10 s after Sysmon's UtcTime in the OTRF sets).

export const REPEAT_GAP_MS = 2 * 60_000;

/** The columns a row needs for connectionKey(). */
export const CONNECTION_COLUMNS = ['host', 'protocol', 'src_ip', 'src_port', 'dst_ip', 'dst_port'] as const;

type Value = string | number | null | undefined | Uint8Array;

/** Host, protocol and 5-tuple as one key; null when a part is missing. */
export function connectionKey(row: Readonly<Record<string, Value>>): string | null {
  // A loop, not map/join: the matcher asks this of every candidate of every network step.
  let key = '';
  for (let i = 0; i < CONNECTION_COLUMNS.length; i++) {
    const column = CONNECTION_COLUMNS[i]!;
    const part = row[column];
    if (part == null && column !== 'protocol') return null;
    key += (i === 0 ? '' : '\u0000') + (part == null ? '' : String(part));
  }
  return key;
}

/** Records of one key in time order, split where the gap to the previous one exceeds REPEAT_GAP_MS. */
export function splitByGap<T>(records: readonly T[], ts: (record: T) => number): T[][] {
  const connections: T[][] = [];
  for (const record of records) {
    const current = connections[connections.length - 1];
    if (current && ts(record) - ts(current[current.length - 1]!) <= REPEAT_GAP_MS) current.push(record);
    else connections.push([record]);
  }
  return connections;
}

/**
 * Registered ports (1024-49151) that are services' listening ports in Windows estates and lateral
 * movement, not clients' source ports: SQL servers, the global catalog, RDP, VNC, WinRM, AD web
 * services, the usual web alternates. Other ports from 1024 up are treated as possibly ephemeral
 * (Linux clients pick 32768-60999, Windows 49152-65535, old Windows 1025-5000).
 */
const REGISTERED_SERVICE_PORTS: ReadonlySet<number> = new Set([1433, 1521, 2179, 3268, 3269, 3306, 3389, 5432, 5722, 5900, 5985, 5986, 8080, 8443, 9389]);

/** Whether a port is a service's listening port: well-known (below 1024) or a registered service port above. */
export function isServicePort(port: number): boolean {
  return (port > 0 && port < 1024) || REGISTERED_SERVICE_PORTS.has(port);
}

/**
 * Which side of a TCP connection accepted it, told by its ports alone: the side at a service
 * port, when the other side's port is not one. Null for other protocols (a UDP reply from
 * port 53 comes from the server, whatever a log calls it) and when the ports do not tell.
 */
export function acceptingSide(protocol: string | null, srcPort: number | null, dstPort: number | null): 'src' | 'dst' | null {
  if (protocol === null || protocol.toLowerCase() !== 'tcp' || srcPort === null || dstPort === null) return null;
  const [src, dst] = [isServicePort(srcPort), isServicePort(dstPort)];
  return src === dst ? null : src ? 'src' : 'dst';
}
