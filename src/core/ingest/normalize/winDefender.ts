// Microsoft Defender XDR advanced hunting rows (dialects/defender.ts) → canonical columns, as
// their Windows equivalents fill them: ProcessCreated as Sysmon 1, the connection events as
// Sysmon 3 (src the initiator), LogonSuccess/LogonFailed as Security 4624/4625. The row's
// table is its channel; what happened is its ActionType. Other ActionTypes keep category
// `other`, as unknown Windows events do: ConnectionFound (a connection seen already open),
// device discovery's ConnectionAttempt/ConnectionAcknowledged and the *Inspected events do not
// say which side opened the connection.

import type { EventData, EventRow } from './eventData';
import type { DefenderTable } from './dialects/defender';
import { setImage, setParentImage } from './eventData';
import { int, shortHost } from './fields';

/**
 * Defender names the logon type (SECURITY_LOGON_TYPE's names); the schema keeps Windows'
 * number. A Map: the name is the log's text, and an object would answer `constructor`.
 */
const LOGON_TYPES: ReadonlyMap<string, number> = new Map([
  ['Interactive', 2], ['Network', 3], ['Batch', 4], ['Service', 5], ['Proxy', 6], ['Unlock', 7], ['NetworkCleartext', 8],
  ['NewCredentials', 9], ['RemoteInteractive', 10], ['CachedInteractive', 11], ['CachedRemoteInteractive', 12], ['CachedUnlock', 13],
]);

interface Connection {
  readonly action: string;
  /** Whether the remote side opened it (it is then src); null for a listener, which has no peer. */
  readonly inbound: boolean | null;
}

const CONNECTIONS: ReadonlyMap<string, Connection> = new Map<string, Connection>([
  ['ConnectionSuccess', { action: 'connect', inbound: false }],
  ['ConnectionFailed', { action: 'attempt', inbound: false }],
  ['InboundConnectionAccepted', { action: 'connect', inbound: true }],
  ['ListeningConnectionCreated', { action: 'listen', inbound: null }],
]);

/** The DeviceProcessEvents ActionType of a process start (the table's only one; other tables' rows may look alike). */
export const DEFENDER_PROCESS_CREATED = 'ProcessCreated';

/** The DeviceNetworkEvents ActionTypes of connections the device (false) or its peer (true) opened. */
export function defenderConnectionActions(inbound: boolean): string[] {
  return [...CONNECTIONS].filter(([, kind]) => kind.inbound === inbound).map(([actionType]) => actionType);
}

const LOGONS: ReadonlyMap<string, string> = new Map([['LogonSuccess', 'logon'], ['LogonFailed', 'logon_failed']]);

/** The table of the ActionTypes mapped here (each is one table's only); undefined for any other. */
export function defenderTableOf(actionType: string): DefenderTable | undefined {
  if (actionType === DEFENDER_PROCESS_CREATED) return 'DeviceProcessEvents';
  if (CONNECTIONS.has(actionType)) return 'DeviceNetworkEvents';
  return LOGONS.has(actionType) ? 'DeviceLogonEvents' : undefined;
}

/**
 * The image of a process: FolderPath is the full path, file name included, in these tables;
 * a folder without it (some exports, other tables) gets FileName appended.
 */
function imagePath(d: EventData, folderField: string, fileField: string): string | null {
  const folder = d.text(folderField);
  const file = d.text(fileField);
  if (folder === null || file === null) return folder ?? file;
  const last = folder.slice(Math.max(folder.lastIndexOf('\\'), folder.lastIndexOf('/')) + 1);
  if (last.toLowerCase() === file.toLowerCase()) return folder;
  return `${folder}${/[\\/]$/.test(folder) ? '' : '\\'}${file}`;
}

/** Defender's LogonId is the LUID as a decimal number; Windows logs write it in hex (`0x3e7`). */
function logonId(d: EventData, field: string): string | null {
  const id = int(d.get(field));
  return id === null || id < 0 ? d.text(field) : `0x${id.toString(16)}`;
}

/** The process that acted (the initiator of a connection or logon): Sysmon's Image, ProcessId and User. */
function initiating(d: EventData, row: EventRow): void {
  row.pid = d.int('InitiatingProcessId');
  setImage(row, imagePath(d, 'InitiatingProcessFolderPath', 'InitiatingProcessFileName'));
  row.user = d.account('InitiatingProcessAccountDomain', 'InitiatingProcessAccountName');
}

function processCreated(d: EventData, row: EventRow): void {
  row.category = 'process';
  row.action = 'start';
  row.pid = d.int('ProcessId');
  setImage(row, imagePath(d, 'FolderPath', 'FileName'));
  row.command_line = d.text('ProcessCommandLine');
  row.user = d.account('AccountDomain', 'AccountName');
  row.logon_id = logonId(d, 'LogonId');
  row.ppid = d.int('InitiatingProcessId');
  setParentImage(row, imagePath(d, 'InitiatingProcessFolderPath', 'InitiatingProcessFileName'));
}

function connection(d: EventData, row: EventRow, kind: Connection): void {
  row.category = 'network';
  row.action = kind.action;
  initiating(d, row);
  row.protocol = transport(d.text('Protocol'));
  const local = { ip: d.address('LocalIP'), port: d.int('LocalPort') };
  if (kind.inbound === null) {
    // As WFP 5154: the listening address and port are the responder's side.
    row.dst_ip = local.ip;
    row.dst_port = local.port;
    row.local_ports = local.port === null ? null : String(local.port);
    return;
  }
  const remote = { ip: d.address('RemoteIP'), port: d.int('RemotePort') };
  const [src, dst] = kind.inbound ? [remote, local] : [local, remote];
  row.src_ip = src.ip;
  row.src_port = src.port;
  row.dst_ip = dst.ip;
  row.dst_port = dst.port;
  row.direction = kind.inbound ? 'inbound' : 'outbound';
}

/** `Tcp`, `Udp`, and the `TcpV4`/`TcpV6`/`UdpV4`/`UdpV6` some sensors write → `tcp`, `udp`. */
function transport(value: string | null): string | null {
  return value === null ? null : value.toLowerCase().replace(/^(tcp|udp)v[46]$/, '$1');
}

function logon(d: EventData, row: EventRow, action: string): void {
  row.category = 'logon';
  row.action = action;
  initiating(d, row);
  row.target_user = d.account('AccountDomain', 'AccountName');
  row.logon_id = logonId(d, 'LogonId');
  const type = d.text('LogonType');
  row.logon_type = type === null ? null : LOGON_TYPES.get(type) ?? int(type);
  row.src_ip = d.address('RemoteIP');
  row.src_port = d.int('RemotePort');
  // The client's name, as 4624's WorkstationName: its own word (hosts/sightings.ts).
  row.src_host = shortHost(d.text('RemoteDeviceName'));
}

export function mapDefender(d: EventData, row: EventRow): void {
  const actionType = d.text('ActionType');
  if (actionType === null) return;
  if (row.channel === 'DeviceProcessEvents' && actionType === DEFENDER_PROCESS_CREATED) return processCreated(d, row);
  const kind = row.channel === 'DeviceNetworkEvents' ? CONNECTIONS.get(actionType) : undefined;
  if (kind !== undefined) return connection(d, row, kind);
  const logonAction = row.channel === 'DeviceLogonEvents' ? LOGONS.get(actionType) : undefined;
  if (logonAction !== undefined) logon(d, row, logonAction);
}
