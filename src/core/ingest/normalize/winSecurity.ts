// Security-Auditing events → canonical columns: logons, process creation (hex ids),
// service installs, share access, and the Windows Filtering Platform (WFP) events.
// WFP writes its direction as an unresolved message code (%%14592 inbound, %%14593
// outbound) and its application as a device path; both are resolved here.

import type { Category } from '../../schema/columns';
import { setImage, setParentImage, type EventData, type EventRow, type Mapper } from './eventData';
import { shortHost } from './fields';

/** A Map: the direction is the log's text, and an object would answer `constructor` with its own. */
const WFP_DIRECTIONS: ReadonlyMap<string, string> = new Map([
  ['%%14592', 'inbound'], ['%%14593', 'outbound'], ['inbound', 'inbound'], ['outbound', 'outbound'],
]);

function subject(d: EventData, row: EventRow): void {
  row.user = d.account('SubjectDomainName', 'SubjectUserName');
  row.logon_id = d.text('SubjectLogonId');
}

function logon(d: EventData, row: EventRow): void {
  row.user = d.account('SubjectDomainName', 'SubjectUserName');
  row.target_user = d.account('TargetDomainName', 'TargetUserName');
  row.logon_id = d.text('TargetLogonId');
  row.logon_type = d.int('LogonType');
  row.src_ip = d.address('IpAddress');
  row.src_port = d.int('IpPort');
  // The client's name as it sent it: the initiator's host by its own word (hosts/sightings.ts).
  row.src_host = shortHost(d.text('WorkstationName'));
  row.pid = d.int('ProcessId');
  setImage(row, d.text('ProcessName'));
}

function logoff(d: EventData, row: EventRow): void {
  row.target_user = d.account('TargetDomainName', 'TargetUserName');
  row.logon_id = d.text('TargetLogonId');
  row.logon_type = d.int('LogonType');
}

function explicitCredentials(d: EventData, row: EventRow): void {
  subject(d, row);
  row.target_user = d.account('TargetDomainName', 'TargetUserName');
  row.dst_ip = d.address('IpAddress');
  row.dst_port = d.int('IpPort');
  row.pid = d.int('ProcessId');
  setImage(row, d.text('ProcessName'));
}

function accountChange(d: EventData, row: EventRow): void {
  subject(d, row);
  row.target_user = d.account('TargetDomainName', 'TargetUserName');
}

/** 4688: the new process runs as the Target account when one is logged (Windows 10+), else as the Subject. */
/** Kerberos (4768, 4769) and NTLM (4776) validation on a domain controller: the client is the source. */
function credentialValidation(d: EventData, row: EventRow): void {
  row.target_user = d.account('TargetDomainName', 'TargetUserName');
  row.src_ip = d.address('IpAddress');
  row.src_port = d.int('IpPort');
  row.service_name = d.text('ServiceName');
}

function processStart(d: EventData, row: EventRow): void {
  subject(d, row);
  row.user = d.account('TargetDomainName', 'TargetUserName') ?? row.user;
  row.pid = d.int('NewProcessId');
  setImage(row, d.text('NewProcessName'));
  row.command_line = d.text('CommandLine');
  row.ppid = d.int('ProcessId');
  setParentImage(row, d.text('ParentProcessName'));
}

function processEnd(d: EventData, row: EventRow): void {
  subject(d, row);
  row.pid = d.int('ProcessId');
  setImage(row, d.text('ProcessName'));
}

function serviceInstall(d: EventData, row: EventRow): void {
  subject(d, row);
  row.service_name = d.text('ServiceName');
  row.service_image = d.text('ServiceFileName');
  row.service_state = 'installed';
}

function shareAccess(d: EventData, row: EventRow): void {
  subject(d, row);
  row.src_ip = d.address('IpAddress');
  row.src_port = d.int('IpPort');
  row.direction = 'inbound';
}

/** WFP connection events; the Source fields are kept as the initiator (see hostAddresses.ts). */
function wfpConnection(d: EventData, row: EventRow): void {
  row.pid = d.int('ProcessId');
  setImage(row, d.text('Application'));
  row.protocol = d.protocol('Protocol');
  row.src_ip = d.address('SourceAddress');
  row.src_port = d.int('SourcePort');
  row.dst_ip = d.address('DestAddress');
  row.dst_port = d.int('DestPort');
  const direction = d.text('Direction');
  row.direction = direction === null ? null : WFP_DIRECTIONS.get(direction.toLowerCase()) ?? null;
  row.rule_id = d.text('FilterRTID');
}

/** WFP listen (5154) and bind (5158): the local port is the one listened on. */
function wfpListen(d: EventData, row: EventRow): void {
  row.pid = d.int('ProcessId');
  setImage(row, d.text('Application'));
  row.protocol = d.protocol('Protocol');
  row.dst_ip = d.address('SourceAddress');
  row.dst_port = d.int('SourcePort');
  row.local_ports = d.text('SourcePort');
  row.rule_id = d.text('FilterRTID');
}

function firewallRule(d: EventData, row: EventRow): void {
  row.rule_id = d.text('RuleId');
  row.rule_name = d.text('RuleName');
  row.user = d.text('ModifyingUser');
  setImage(row, d.text('ModifyingApplication'));
}

type Entry = readonly [Category, string, Mapper, Partial<EventRow>?];

const BY_ID: ReadonlyMap<number, Entry> = new Map<number, Entry>([
  [4624, ['logon', 'logon', logon]],
  [4625, ['logon', 'logon_failed', logon]],
  [4634, ['logon', 'logoff', logoff]],
  [4647, ['logon', 'logoff', logoff]],
  [4648, ['logon', 'explicit_credentials', explicitCredentials]],
  [4672, ['logon', 'special_privileges', subject]],
  [4768, ['logon', 'kerberos_tgt', credentialValidation]],
  [4769, ['logon', 'kerberos_service_ticket', credentialValidation]],
  [4771, ['logon', 'kerberos_preauth_failed', credentialValidation]],
  [4776, ['logon', 'ntlm_validation', credentialValidation]],
  [4688, ['process', 'start', processStart]],
  [4689, ['process', 'end', processEnd]],
  [4697, ['service', 'install', serviceInstall]],
  [5140, ['network', 'share_access', shareAccess]],
  [5145, ['network', 'share_access', shareAccess]],
  [5152, ['network', 'drop', wfpConnection, { fw_action: 'drop', conn_state: 'S0' }]],
  [5157, ['network', 'block', wfpConnection, { fw_action: 'block', conn_state: 'REJ' }]],
  [5156, ['network', 'connect', wfpConnection, { fw_action: 'allow' }]],
  [5154, ['network', 'listen', wfpListen, { fw_action: 'allow' }]],
  [5158, ['network', 'listen', wfpListen, { fw_action: 'allow' }]],
  [5155, ['network', 'listen', wfpListen, { fw_action: 'block' }]],
  [5159, ['network', 'listen', wfpListen, { fw_action: 'block' }]],
  [4946, ['firewall', 'rule_add', firewallRule]],
  [4947, ['firewall', 'rule_modify', firewallRule]],
  [4948, ['firewall', 'rule_delete', firewallRule]],
  [4950, ['firewall', 'setting_change', firewallRule]],
  [4954, ['firewall', 'policy_change', firewallRule]],
  [4957, ['firewall', 'rule_not_applied', firewallRule]],
  [4720, ['account', 'create', accountChange]],
  [4732, ['account', 'group_add', accountChange]],
  [1102, ['audit', 'log_clear', subject]],
]);

export function mapSecurity(d: EventData, row: EventRow, eventId: number): void {
  const entry = BY_ID.get(eventId);
  if (entry === undefined) return;
  row.category = entry[0];
  row.action = entry[1];
  entry[2](d, row, eventId);
  if (entry[3] !== undefined) Object.assign(row, entry[3]);
}
