// The normalized event schema: one `events` table of typed canonical columns.
// Every loader fills these; the DSL, the checker, completion and the exporters read
// the same table, so a column is declared once here with its type and documentation.
// Raw event text is never stored: `source_id`/`line`/`offset`/`length` point back to it.

export type ColumnType = 'integer' | 'text';

export interface ColumnSpec {
  readonly name: string;
  readonly type: ColumnType;
  readonly doc: string;
  /** Values this column may take, when the set is closed (used by checker and completion). */
  readonly values?: readonly string[];
}

export const CATEGORIES = [
  'process', 'network', 'service', 'firewall', 'logon', 'file', 'registry', 'pipe',
  'image_load', 'dns', 'dhcp', 'wmi', 'powershell', 'account', 'audit', 'other',
] as const;
export type Category = (typeof CATEGORIES)[number];

export const DIRECTIONS = ['inbound', 'outbound', 'local'] as const;

/** Peer scopes (hosts/peerScope.ts computes them). */
export const PEER_SCOPES = ['self', 'loopback', 'link_local', 'multicast', 'internal', 'external'] as const;

export const COLUMNS = [
  { name: 'id', type: 'integer', doc: 'Row id of the event in this session (load order).' },
  { name: 'source_id', type: 'integer', doc: 'The source (file or archive member) the event was read from; see the `sources` table.' },
  { name: 'line', type: 'integer', doc: '1-based line of the raw event in its source, for line-oriented formats.' },
  { name: 'offset', type: 'integer', doc: 'Byte offset of the raw event in its (decompressed) source.' },
  { name: 'length', type: 'integer', doc: 'Byte length of the raw event in its (decompressed) source.' },
  { name: 'ts', type: 'integer', doc: 'Event time, UTC, epoch milliseconds.' },
  { name: 'ts_raw', type: 'text', doc: 'The time string the event carried, before normalization.' },
  { name: 'host', type: 'text', doc: 'Short host name of the machine that logged the event, upper case (FQDN suffix removed).' },
  { name: 'host_fqdn', type: 'text', doc: 'Host name as logged (may be an FQDN).' },
  { name: 'provider', type: 'text', doc: 'Event provider (e.g. Microsoft-Windows-Sysmon, Microsoft-Windows-Security-Auditing, zeek, pfirewall).' },
  { name: 'channel', type: 'text', doc: 'Event log channel (e.g. Security, System, Microsoft-Windows-Sysmon/Operational).' },
  { name: 'event_id', type: 'integer', doc: 'Windows event id (Sysmon 1, Security 4688, ...).' },
  { name: 'record_id', type: 'integer', doc: 'Event record number in its log, when known.' },
  { name: 'category', type: 'text', doc: 'What kind of event this is.', values: CATEGORIES },
  { name: 'action', type: 'text', doc: 'What happened, within the category (e.g. start, connect, install, crash, rule_add, listen, drop, logon).' },
  { name: 'process_guid', type: 'text', doc: 'Sysmon ProcessGuid of the acting process.' },
  { name: 'pid', type: 'integer', doc: 'Process id of the acting process (decimal; hex ids from Security events are converted).' },
  { name: 'image', type: 'text', doc: 'Full path of the acting process image (device paths are converted to drive paths when possible).' },
  { name: 'process_name', type: 'text', doc: 'File name of the acting process image, lower case (e.g. services.exe).' },
  { name: 'command_line', type: 'text', doc: 'Command line of the acting process.' },
  { name: 'parent_guid', type: 'text', doc: 'Sysmon ParentProcessGuid.' },
  { name: 'ppid', type: 'integer', doc: 'Parent process id.' },
  { name: 'parent_image', type: 'text', doc: 'Full path of the parent process image.' },
  { name: 'parent_name', type: 'text', doc: 'File name of the parent process image, lower case.' },
  { name: 'user', type: 'text', doc: 'User the process ran as (DOMAIN\\user).' },
  { name: 'src_ip', type: 'text', doc: 'Network initiator address (the side that opened the connection).' },
  { name: 'src_port', type: 'integer', doc: 'Network initiator port.' },
  { name: 'dst_ip', type: 'text', doc: 'Network responder address.' },
  { name: 'dst_port', type: 'integer', doc: 'Network responder port (for listen events, the listening port).' },
  { name: 'protocol', type: 'text', doc: 'Transport protocol, lower case (tcp, udp, icmp).' },
  { name: 'direction', type: 'text', doc: 'From the point of view of the event\'s host (the logging host, or the host a sensor row is attributed to), decided from its own addresses where known.', values: DIRECTIONS },
  { name: 'peer_scope', type: 'text', doc: 'What the other side of a network event is: the host itself, loopback, link-local, multicast/broadcast, an internal (private) or an external address.', values: PEER_SCOPES },
  { name: 'src_host', type: 'text', doc: 'Host that owned the initiator address at that time, from the address book (where known); for a 4624 logon, the client\'s WorkstationName as sent.' },
  { name: 'dst_host', type: 'text', doc: 'Host that owned the responder address at that time, from the address book (where known).' },
  { name: 'conn_state', type: 'text', doc: 'Zeek conn_state (S0, REJ, SF, ...) or a firewall verdict mapped to it.' },
  { name: 'service_name', type: 'text', doc: 'Windows service name.' },
  { name: 'service_state', type: 'text', doc: 'Service state or change (running, stopped, crashed, installed, ...).' },
  { name: 'service_image', type: 'text', doc: 'Service binary path (ImagePath) as registered.' },
  { name: 'rule_id', type: 'text', doc: 'Firewall rule id.' },
  { name: 'rule_name', type: 'text', doc: 'Firewall rule name.' },
  { name: 'fw_action', type: 'text', doc: 'Firewall verdict or rule action (allow, block, drop).' },
  { name: 'local_ports', type: 'text', doc: 'Local ports a firewall rule or listener applies to, as logged (e.g. "3389" or "80,443").' },
  { name: 'logon_type', type: 'integer', doc: 'Windows logon type (3 network, 10 remote interactive, ...).' },
  { name: 'logon_id', type: 'text', doc: 'Logon id (hex string as logged).' },
  { name: 'target_user', type: 'text', doc: 'Account logged on to or acted upon (DOMAIN\\user).' },
  { name: 'query_name', type: 'text', doc: 'DNS: the name queried, as logged (Zeek dns.log `query`, Sysmon 22 `QueryName`).' },
  { name: 'query_type', type: 'text', doc: 'DNS: the query type by name (A, AAAA, PTR, SRV, TXT, ...).' },
  { name: 'answers', type: 'text', doc: 'DNS: the answers in response order (CNAME targets, then addresses), comma-separated.' },
  { name: 'lease_end', type: 'integer', doc: 'DHCP: when the lease the server granted ends (ts + lease time), UTC epoch milliseconds.' },
] as const satisfies readonly ColumnSpec[];

export type ColumnName = (typeof COLUMNS)[number]['name'];
export const COLUMN_NAMES: readonly ColumnName[] = COLUMNS.map((c) => c.name);

/** A first query over the table, offered by the editor's Query Events box. */
export const EXAMPLE_QUERY = 'SELECT host, category, count(*) AS n FROM events GROUP BY host, category ORDER BY n DESC';

const byName = new Map<string, ColumnSpec>(COLUMNS.map((c) => [c.name, c]));
export function column(name: string): ColumnSpec | undefined {
  return byName.get(name);
}

/** The columns a loader fills; the store assigns `id` and the source pointer. */
export type EventField = Exclude<ColumnName, 'id' | 'source_id' | 'line' | 'offset' | 'length'>;

/** A normalized event as loaders produce it. Absent fields are undefined or null. */
export type NormalizedEvent = { [K in EventField]?: string | number | null };
