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
  const parts = CONNECTION_COLUMNS.map((c) => row[c]);
  if (parts.some((p, i) => p == null && CONNECTION_COLUMNS[i] !== 'protocol')) return null;
  return parts.map((p) => String(p ?? '')).join('\u0000');
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
