// normalizeWinEvent: per-provider mapping of the event types the analytics rely on.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { normalizeWinEvent } from '../../../../src/core/ingest/normalize/windows';
import type { WinEvent } from '../../../../src/core/types/records';

function win(provider: string, channel: string, eventId: number, data: WinEvent['data'], extra: Partial<WinEvent> = {}): WinEvent {
  return { provider, channel, eventId, recordId: 7, computer: 'workstation6.theshire.local', timeCreated: '2020-09-20T16:16:57.123456Z', data, ...extra };
}

const SYSMON = ['Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational'] as const;
const SECURITY = ['Microsoft-Windows-Security-Auditing', 'Security'] as const;

test('common fields: short upper-case host, FQDN as logged, time from TimeCreated', () => {
  const row = normalizeWinEvent(win('Some-Provider', 'Some/Channel', 42, {}));
  assert.equal(row.host, 'WORKSTATION6');
  assert.equal(row.host_fqdn, 'workstation6.theshire.local');
  assert.equal(row.ts, Date.UTC(2020, 8, 20, 16, 16, 57, 123));
  assert.equal(row.ts_raw, '2020-09-20T16:16:57.123456Z');
  assert.equal(row.category, 'other');
  assert.equal(row.event_id, 42);
  assert.equal(row.record_id, 7);
  assert.equal(row.provider, 'Some-Provider');
});

test('Sysmon 1: process start with parent, time from UtcTime', () => {
  const row = normalizeWinEvent(win(...SYSMON, 1, {
    UtcTime: '2020-09-20 16:16:56.019', ProcessGuid: '{a}', ProcessId: '4242', Image: 'C:\\Windows\\System32\\cmd.exe',
    CommandLine: 'cmd.exe /c whoami', ParentProcessGuid: '{p}', ParentProcessId: '704', ParentImage: 'C:\\Windows\\System32\\services.exe',
    User: 'NT AUTHORITY\\SYSTEM',
  }));
  assert.deepEqual([row.category, row.action], ['process', 'start']);
  assert.equal(row.ts, Date.UTC(2020, 8, 20, 16, 16, 56, 19));
  assert.equal(row.ts_raw, '2020-09-20 16:16:56.019');
  assert.deepEqual([row.pid, row.process_name, row.ppid, row.parent_name, row.parent_guid], [4242, 'cmd.exe', 704, 'services.exe', '{p}']);
  assert.equal(row.command_line, 'cmd.exe /c whoami');
});

test('Sysmon: a UtcTime hours away from the record\'s own TimeCreated gives way to it; a collector\'s time never overrules UtcTime', () => {
  // A network event stamped by a VM's stale ETW clock 8 h before the log wrote it.
  const stale = win(...SYSMON, 3, { UtcTime: '2020-07-10 02:19:35.898', Initiated: 'false' }, { timeCreated: '2020-07-10T10:20:35.589722200Z' });
  const fromEvtx = normalizeWinEvent(stale, true);
  assert.equal(fromEvtx.ts, Date.UTC(2020, 6, 10, 10, 20, 35, 589));
  assert.equal(fromEvtx.ts_raw, '2020-07-10T10:20:35.589722200Z');
  assert.equal(normalizeWinEvent(stale).ts, Date.UTC(2020, 6, 10, 2, 19, 35, 898), 'a time that may be local or a receipt time does not overrule');
  // Minutes behind (a boot's backlog) is a real delay: UtcTime stays.
  const backlog = win(...SYSMON, 1, { UtcTime: '2019-03-19 20:35:24.460' }, { timeCreated: '2019-03-19T20:41:11.238661Z' });
  assert.equal(normalizeWinEvent(backlog, true).ts, Date.UTC(2019, 2, 19, 20, 35, 24, 460));
});

test('Sysmon 3: Initiated true/True/false decides the logged direction; src stays the initiator', () => {
  const base = { SourceIp: '172.18.39.5', SourcePort: '56608', DestinationIp: '172.18.39.6', DestinationPort: '49726', Protocol: 'tcp', Image: 'C:\\Windows\\System32\\services.exe' };
  const inbound = normalizeWinEvent(win(...SYSMON, 3, { ...base, Initiated: 'false' }));
  assert.deepEqual([inbound.category, inbound.action, inbound.direction], ['network', 'connect', 'inbound']);
  assert.deepEqual([inbound.src_ip, inbound.src_port, inbound.dst_ip, inbound.dst_port, inbound.protocol], ['172.18.39.5', 56608, '172.18.39.6', 49726, 'tcp']);
  assert.equal(normalizeWinEvent(win(...SYSMON, 3, { ...base, Initiated: 'True' })).direction, 'outbound');
  assert.equal(normalizeWinEvent(win(...SYSMON, 3, { ...base, Initiated: true })).direction, 'outbound');
});

test('Sysmon registry, pipe, dns, image load and access map to their categories', () => {
  const cases: [number, WinEvent['data'], string, string][] = [
    [12, { EventType: 'DeleteKey' }, 'registry', 'delete'],
    [12, { EventType: 'CreateKey' }, 'registry', 'create'],
    [13, { EventType: 'SetValue' }, 'registry', 'set_value'],
    [17, {}, 'pipe', 'create'],
    [18, {}, 'pipe', 'connect'],
    [22, {}, 'dns', 'query'],
    [7, {}, 'image_load', 'load'],
    [5, {}, 'process', 'end'],
    [11, {}, 'file', 'create'],
  ];
  for (const [id, data, category, action] of cases) {
    const row = normalizeWinEvent(win(...SYSMON, id, data));
    assert.deepEqual([row.category, row.action], [category, action], `Sysmon ${id}`);
  }
  const access = normalizeWinEvent(win(...SYSMON, 10, { SourceProcessGUID: '{s}', SourceProcessId: '880', SourceImage: 'C:\\x\\lsass.exe' }));
  assert.deepEqual([access.action, access.process_guid, access.pid, access.process_name], ['access', '{s}', 880, 'lsass.exe']);
});

test('Sysmon 22: the name queried and the results as answers (CNAME targets, then addresses; IPv4-mapped as IPv4; other record types left out)', () => {
  const row = normalizeWinEvent(win(...SYSMON, 22, {
    QueryName: 'intranet.theshire.local', QueryStatus: '0', Image: 'C:\\Windows\\System32\\svchost.exe',
    QueryResults: 'type:  5 web01.theshire.local;fe80:0:0:0:4836:1cee:3dbb:158b;::ffff:172.18.39.5;10.0.0.7;type:  33 junk;5;;',
  }));
  assert.deepEqual([row.category, row.action, row.query_name, row.process_name], ['dns', 'query', 'intranet.theshire.local', 'svchost.exe']);
  assert.equal(row.answers, 'web01.theshire.local,fe80::4836:1cee:3dbb:158b,172.18.39.5,10.0.0.7');
  assert.equal(row.query_type ?? null, null);
  // A failed or empty lookup answers nothing.
  assert.equal(normalizeWinEvent(win(...SYSMON, 22, { QueryName: 'nohost', QueryStatus: '9003', QueryResults: '-' })).answers ?? null, null);
  assert.equal(normalizeWinEvent(win(...SYSMON, 22, { QueryName: 'nohost' })).answers ?? null, null);
});

test('Security 4688/4689: hex process ids become decimal; channel case is canonical', () => {
  const row = normalizeWinEvent(win(SECURITY[0], 'security', 4688, {
    NewProcessId: '0xfec', ProcessId: '0x4a0', NewProcessName: 'C:\\Windows\\System32\\cmd.exe', ParentProcessName: 'C:\\Windows\\System32\\services.exe',
    CommandLine: 'cmd /c', SubjectDomainName: 'THESHIRE', SubjectUserName: 'WORKSTATION6$', SubjectLogonId: '0x3e7', TargetUserName: '-',
  }));
  assert.equal(row.channel, 'Security');
  assert.deepEqual([row.category, row.action, row.pid, row.ppid], ['process', 'start', 0xfec, 0x4a0]);
  assert.deepEqual([row.process_name, row.parent_name, row.user], ['cmd.exe', 'services.exe', 'THESHIRE\\WORKSTATION6$']);
  const asTarget = normalizeWinEvent(win(...SECURITY, 4688, { SubjectDomainName: 'THESHIRE', SubjectUserName: 'WS6$', TargetDomainName: 'THESHIRE', TargetUserName: 'pgustavo' }));
  assert.equal(asTarget.user, 'THESHIRE\\pgustavo', 'the new process runs as the Target account when logged');
  const end = normalizeWinEvent(win(...SECURITY, 4689, { ProcessId: '0x1a2', ProcessName: 'C:\\a\\b.exe' }));
  assert.deepEqual([end.action, end.pid], ['end', 0x1a2]);
});

test('Security 5156: WFP direction codes, device paths, protocol numbers', () => {
  const row = normalizeWinEvent(win(...SECURITY, 5156, {
    Direction: '%%14592', Application: '\\device\\harddiskvolume2\\windows\\system32\\services.exe', ProcessId: '704',
    SourceAddress: '172.18.39.5', SourcePort: '56608', DestAddress: '172.18.39.6', DestPort: '49726', Protocol: '6',
  }));
  assert.deepEqual([row.category, row.action, row.direction, row.fw_action], ['network', 'connect', 'inbound', 'allow']);
  assert.equal(row.image, 'C:\\windows\\system32\\services.exe');
  assert.equal(row.process_name, 'services.exe');
  assert.deepEqual([row.src_ip, row.dst_ip, row.dst_port, row.protocol, row.pid], ['172.18.39.5', '172.18.39.6', 49726, 'tcp', 704]);
  const outbound = normalizeWinEvent(win(...SECURITY, 5156, { Direction: '%%14593', ProcessID: '3304' }));
  assert.deepEqual([outbound.direction, outbound.pid], ['outbound', 3304], 'the 5156 template spells it ProcessID');
});

test('Security 5152/5157 are drops/blocks; 5154/5158 are listens on the local port', () => {
  const blocked = normalizeWinEvent(win(...SECURITY, 5157, { Direction: '%%14592', DestPort: '49726', Protocol: '6' }));
  assert.deepEqual([blocked.action, blocked.fw_action, blocked.conn_state, blocked.dst_port], ['block', 'block', 'REJ', 49726]);
  const dropped = normalizeWinEvent(win(...SECURITY, 5152, { Direction: '%%14592', Protocol: '17' }));
  assert.deepEqual([dropped.action, dropped.fw_action, dropped.conn_state, dropped.protocol], ['drop', 'drop', 'S0', 'udp']);
  for (const id of [5154, 5158]) {
    const listen = normalizeWinEvent(win(...SECURITY, id, { SourceAddress: '0.0.0.0', SourcePort: '8000', Protocol: '6', Application: '\\device\\harddiskvolume2\\python\\python.exe' }));
    assert.deepEqual([listen.action, listen.dst_port, listen.local_ports, listen.process_name], ['listen', 8000, '8000', 'python.exe'], `event ${id}`);
  }
});

test('Security logon, service install and firewall rule events', () => {
  const logon = normalizeWinEvent(win(...SECURITY, 4624, { LogonType: '3', TargetUserName: 'pgustavo', TargetDomainName: 'THESHIRE', TargetLogonId: '0x2990d17', IpAddress: '-', IpPort: '-' }));
  assert.deepEqual([logon.category, logon.action, logon.logon_type, logon.target_user, logon.logon_id, logon.src_ip], ['logon', 'logon', 3, 'THESHIRE\\pgustavo', '0x2990d17', null]);
  const ticket = normalizeWinEvent(win(...SECURITY, 4769, { TargetUserName: 'pgustavo@THESHIRE.LOCAL', ServiceName: 'WORKSTATION6$', IpAddress: '::ffff:172.18.39.5', IpPort: '50123' }));
  assert.deepEqual([ticket.category, ticket.action, ticket.src_ip, ticket.src_port, ticket.service_name], ['logon', 'kerberos_service_ticket', '172.18.39.5', 50123, 'WORKSTATION6$'], 'IPv4-mapped addresses become IPv4');
  assert.equal(normalizeWinEvent(win(...SECURITY, 4624, { IpAddress: '::ffff:fe80::1' })).src_ip, '::ffff:fe80::1', 'only IPv4 is unmapped');
  const ntlm = normalizeWinEvent(win(...SECURITY, 4624, { LogonType: '3', WorkstationName: 'workstation5.theshire.local', IpAddress: '172.18.39.5' }));
  assert.deepEqual([ntlm.src_host, ntlm.src_ip], ['WORKSTATION5', '172.18.39.5'], "the client's name as sent is the initiator's host");
  assert.equal(normalizeWinEvent(win(...SECURITY, 4624, { WorkstationName: '-', IpAddress: '172.18.39.5' })).src_host, null);
  const install = normalizeWinEvent(win(...SECURITY, 4697, { ServiceName: 'Updater', ServiceFileName: '%COMSPEC% /C start' }));
  assert.deepEqual([install.category, install.action, install.service_name, install.service_image, install.service_state], ['service', 'install', 'Updater', '%COMSPEC% /C start', 'installed']);
  assert.deepEqual(['rule_add', 'rule_modify', 'rule_delete'], [4946, 4947, 4948].map((id) => normalizeWinEvent(win(...SECURITY, id, { RuleId: 'r' })).action));
  const rule = normalizeWinEvent(win(...SECURITY, 4946, { RuleId: '{2FCD}', RuleName: 'Remote Desktop' }));
  assert.deepEqual([rule.category, rule.rule_id, rule.rule_name], ['firewall', '{2FCD}', 'Remote Desktop']);
});

test('System service control events: install, crash, timeout, failure, state', () => {
  const scm = (id: number, data: WinEvent['data']) => normalizeWinEvent(win('Service Control Manager', 'System', id, data));
  const install = scm(7045, { ServiceName: 'Updater', ImagePath: '%COMSPEC% /C start /b powershell' });
  assert.deepEqual([install.category, install.action, install.service_name, install.service_image], ['service', 'install', 'Updater', '%COMSPEC% /C start /b powershell']);
  assert.deepEqual([scm(7031, { param1: 'Spooler' }).action, scm(7031, { param1: 'Spooler' }).service_name], ['crash', 'Spooler']);
  assert.deepEqual([scm(7034, { param1: 'X' }).action, scm(7034, { param1: 'X' }).service_state], ['crash', 'crashed']);
  assert.deepEqual([scm(7009, { param1: '30000', param2: 'Updater' }).action, scm(7009, { param1: '30000', param2: 'Updater' }).service_name], ['timeout', 'Updater']);
  assert.equal(scm(7000, { param1: 'Updater' }).action, 'fail');
  assert.equal(scm(7036, { param1: 'Network Setup Service', param2: 'running' }).service_state, 'running');
});

test('Application 1000 gives the faulting image and decimal pid; Firewall 2004/2097 give rule and ports', () => {
  const crash = normalizeWinEvent(win('Application Error', 'Application', 1000, { AppName: 'svchost.exe', AppPath: 'C:\\Windows\\System32\\svchost.exe', ProcessId: '0x1f4' }));
  assert.deepEqual([crash.category, crash.action, crash.process_name, crash.pid], ['process', 'crash', 'svchost.exe', 500]);
  const old = normalizeWinEvent(win('Application Error', 'Application', 1000, { param1: 'spoolsv.exe', param9: '0x10' }));
  assert.deepEqual([old.process_name, old.pid], ['spoolsv.exe', 16]);
  const unnamed = normalizeWinEvent(win('Application Error', 'Application', 1000, { Data1: 'spoolsv.exe', Data9: '0x10', Data11: 'C:\\Windows\\System32\\spoolsv.exe' }));
  assert.deepEqual([unnamed.image, unnamed.pid], ['C:\\Windows\\System32\\spoolsv.exe', 16], 'EVTX names unnamed <Data> Data1…');
  const fw = 'Microsoft-Windows-Windows Firewall With Advanced Security';
  for (const id of [2004, 2097]) {
    const rule = normalizeWinEvent(win(fw, `${fw}/Firewall`, id, { RuleId: '{2FCD}', RuleName: 'RDP', LocalPorts: '3389', Action: '3', Direction: '1', Protocol: '6', ModifyingApplication: 'C:\\Windows\\System32\\netsh.exe' }));
    assert.deepEqual([rule.category, rule.action, rule.local_ports, rule.fw_action, rule.direction, rule.process_name], ['firewall', 'rule_add', '3389', 'allow', 'inbound', 'netsh.exe'], `event ${id}`);
  }
});

test('Windows PowerShell 400 takes HostApplication from its positional details (EVTX Data3)', () => {
  const row = normalizeWinEvent(win('PowerShell', 'Windows PowerShell', 400, {
    Data1: 'Available', Data2: 'None', Data3: '\tNewEngineState=Available\r\n\tHostName=ConsoleHost\r\n\tHostApplication=powershell.exe -nop -w hidden -enc AAA\r\n\tEngineVersion=5.1',
  }));
  assert.deepEqual([row.action, row.command_line, row.process_name], ['engine_start', 'powershell.exe -nop -w hidden -enc AAA', 'powershell.exe']);
});

test('PowerShell 4103 takes the host application as command line', () => {
  const row = normalizeWinEvent(win('Microsoft-Windows-PowerShell', 'Microsoft-Windows-PowerShell/Operational', 4103, {
    ContextInfo: '        Host Name = ConsoleHost\r\n        Host Application = C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -noP -enc AAA\r\n        Engine Version = 5.1',
  }));
  assert.deepEqual([row.category, row.action, row.process_name], ['powershell', 'module', 'powershell.exe']);
  assert.equal(row.command_line, 'C:\\windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe -noP -enc AAA');
});

test('PowerShell host image: the name ends at .EXE in any case, also after characters that lower-case to two', () => {
  // 'İ' lower-cases to two UTF-16 units: a position found in a lower-cased copy is one off.
  const row = normalizeWinEvent(win('Microsoft-Windows-PowerShell', 'Microsoft-Windows-PowerShell/Operational', 4103, {
    ContextInfo: '        Host Application = "C:\\Users\\İlker\\PowerShell.EXE" -enc AAA\r\n        Engine Version = 5.1',
  }));
  assert.equal(row.image, 'C:\\Users\\İlker\\PowerShell.EXE');
  assert.equal(row.process_name, 'powershell.exe');
});
