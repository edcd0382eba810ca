// Sysmon (Microsoft-Windows-Sysmon/Operational) events → canonical columns.
// Network events (3) keep Sysmon's Source as the initiator, as 2020+ builds log it; older
// builds that log the local listener as Source are fixed after the load from the hosts'
// own addresses (hostAddresses.ts), since field names alone cannot tell them apart.

import type { Category } from '../../schema/columns';
import { setImage, setParentImage, type EventData, type EventRow, type Mapper } from './eventData';
import { address, isAddress } from './fields';

function acting(d: EventData, row: EventRow): void {
  row.process_guid = d.text('ProcessGuid');
  row.pid = d.int('ProcessId');
  setImage(row, d.text('Image'));
  row.user = d.text('User');
}

function processStart(d: EventData, row: EventRow): void {
  acting(d, row);
  row.command_line = d.text('CommandLine');
  row.parent_guid = d.text('ParentProcessGuid');
  row.ppid = d.int('ParentProcessId');
  setParentImage(row, d.text('ParentImage'));
  row.logon_id = d.text('LogonId');
}

function networkConnect(d: EventData, row: EventRow): void {
  acting(d, row);
  row.protocol = d.protocol('Protocol');
  row.src_ip = d.address('SourceIp');
  row.src_port = d.int('SourcePort');
  row.dst_ip = d.address('DestinationIp');
  row.dst_port = d.int('DestinationPort');
  const initiated = d.bool('Initiated');
  row.direction = initiated === null ? null : initiated ? 'outbound' : 'inbound';
}

function dnsQuery(d: EventData, row: EventRow): void {
  acting(d, row);
  row.query_name = d.text('QueryName');
  row.answers = dnsAnswers(d.text('QueryResults'));
}

/** A CNAME in QueryResults: `type:  5 target` (other record types than addresses and CNAMEs are left out). */
const CNAME = /^type:\s*5\s+(\S+)$/i;

/**
 * Sysmon's QueryResults (`type:  5 alias.example.com;::ffff:10.0.0.5;fe80::1;`, in response
 * order) as the `answers` column holds them (docs/schema.md): CNAME targets and addresses,
 * comma-separated, IPv4-mapped addresses as plain IPv4. Null when nothing is left.
 */
function dnsAnswers(results: string | null): string | null {
  if (results === null) return null;
  const answers: string[] = [];
  for (const part of results.split(';')) {
    const entry = part.trim();
    const cname = CNAME.exec(entry);
    if (cname) answers.push(cname[1]!);
    else if (isAnsweredAddress(entry)) answers.push(address(entry)!);
  }
  return answers.length ? answers.join(',') : null;
}

/** Dotted-quad IPv4 or IPv6 only: the address parser also takes `5` or `0x0a000005` as IPv4. */
function isAnsweredAddress(entry: string): boolean {
  return (/^\d{1,3}(\.\d{1,3}){3}$/.test(entry) || entry.includes(':')) && isAddress(entry);
}

/** Events 8 and 10 act from a source process on a target; the source is the actor. */
function sourceProcess(d: EventData, row: EventRow): void {
  row.process_guid = d.text('SourceProcessGuid');
  row.pid = d.int('SourceProcessId');
  setImage(row, d.text('SourceImage'));
  row.user = d.text('SourceUser');
}

function registry(d: EventData, row: EventRow, eventId: number): void {
  acting(d, row);
  const type = d.text('EventType')?.toLowerCase() ?? '';
  if (eventId === 12) row.action = type.startsWith('delete') ? 'delete' : 'create';
}

type Entry = readonly [Category, string, Mapper];

const BY_ID: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [1, ['process', 'start', processStart]],
  [2, ['file', 'time_change', acting]],
  [3, ['network', 'connect', networkConnect]],
  [5, ['process', 'end', acting]],
  [6, ['image_load', 'driver_load', acting]],
  [7, ['image_load', 'load', acting]],
  [8, ['process', 'remote_thread', sourceProcess]],
  [9, ['file', 'raw_read', acting]],
  [10, ['process', 'access', sourceProcess]],
  [11, ['file', 'create', acting]],
  [12, ['registry', 'create', registry]],
  [13, ['registry', 'set_value', registry]],
  [14, ['registry', 'rename', registry]],
  [15, ['file', 'stream_create', acting]],
  [17, ['pipe', 'create', acting]],
  [18, ['pipe', 'connect', acting]],
  [19, ['wmi', 'filter', acting]],
  [20, ['wmi', 'consumer', acting]],
  [21, ['wmi', 'binding', acting]],
  [22, ['dns', 'query', dnsQuery]],
  [23, ['file', 'delete', acting]],
  [24, ['other', 'clipboard', acting]],
  [25, ['process', 'tamper', acting]],
  [26, ['file', 'delete', acting]],
  [27, ['file', 'block_executable', acting]],
  [28, ['file', 'block_shredding', acting]],
  [29, ['file', 'executable_detected', acting]],
]);

export function mapSysmon(d: EventData, row: EventRow, eventId: number): void {
  const entry = BY_ID.get(eventId);
  if (entry === undefined) return;
  row.category = entry[0];
  row.action = entry[1];
  entry[2](d, row, eventId);
}
