// Record shapes that other exports of the same events write: each test is one variant a
// collector or pipeline produces, read through normalizeJsonRecord as the JSON reader does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isJsonRecordError, normalizeJsonRecord } from '../../../../src/core/ingest/normalize/json';
import type { NormalizedEvent } from '../../../../src/core/schema/columns';

function normalized(record: unknown): NormalizedEvent {
  const result = normalizeJsonRecord(record);
  assert.ok(!isJsonRecordError(result), isJsonRecordError(result) ? result.error : '');
  return result.event;
}

test('ECS with every key flattened (winlog.event_data.Name at the top level): the event data is read', () => {
  const row = normalized({
    '@timestamp': '2021-03-01T10:00:01.000Z', 'event.code': '4688', 'winlog.channel': 'Security',
    'winlog.provider_name': 'Microsoft-Windows-Security-Auditing', 'winlog.computer_name': 'ws01.corp.example',
    'winlog.event_data.NewProcessId': '0x10', 'winlog.event_data.NewProcessName': 'C:\\Windows\\System32\\cmd.exe',
    'winlog.event_data.ProcessId': '0x20', 'winlog.event_data.ParentProcessName': 'C:\\Windows\\System32\\services.exe',
    'winlog.event_data.CommandLine': 'cmd.exe /c whoami',
  });
  assert.deepEqual([row.category, row.action, row.host], ['process', 'start', 'WS01']);
  assert.deepEqual([row.pid, row.process_name, row.ppid, row.parent_name, row.command_line], [0x10, 'cmd.exe', 0x20, 'services.exe', 'cmd.exe /c whoami']);
});

test("ECS Sysmon 22 from Winlogbeat's Sysmon module (QueryName, QueryResults moved to dns.*): query_name and answers are read", () => {
  const row = normalized({
    '@timestamp': '2021-03-01T10:00:02.000Z', event: { code: '22' },
    winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', computer_name: 'ws01', event_id: 22 },
    process: { entity_id: '{e1}', pid: 4100, executable: 'C:\\Windows\\System32\\svchost.exe' },
    dns: {
      question: { name: 'files.corp.example' },
      answers: [{ type: 'CNAME', data: 'fs01.corp.example' }, { type: 'A', data: '10.0.0.31' }, { type: 'AAAA', data: '::ffff:10.0.0.32' }, { type: 'TXT', data: 'v=spf1' }],
      resolved_ip: ['10.0.0.31', '10.0.0.32'],
    },
  });
  assert.deepEqual([row.category, row.action, row.process_name], ['dns', 'query', 'svchost.exe']);
  assert.deepEqual([row.query_name, row.answers], ['files.corp.example', 'fs01.corp.example,10.0.0.31,10.0.0.32']);
  const resolvedOnly = normalized({ '@timestamp': '2021-03-01T10:00:02.000Z', event: { code: '22' }, winlog: { channel: 'Microsoft-Windows-Sysmon/Operational' }, dns: { question: { name: 'a.example' }, resolved_ip: ['10.0.0.5'] } });
  assert.deepEqual([resolvedOnly.query_name, resolvedOnly.answers], ['a.example', '10.0.0.5']);
});

test('Splunk classic WinEventLog result: extracted fields named after message labels, the rendered Message is read for the event data', () => {
  const message = 'An account was successfully logged on.\r\n\r\nSubject:\r\n\tSecurity ID:\t\tS-1-0-0\r\n\tAccount Name:\t\t-\r\n\r\n'
    + 'Logon Information:\r\n\tLogon Type:\t\t3\r\n\r\nNew Logon:\r\n\tSecurity ID:\t\tS-1-5-21-1\r\n\tAccount Name:\t\tbob\r\n\tAccount Domain:\t\tCORP\r\n\tLogon ID:\t\t0x2153A91CB\r\n\r\n'
    + 'Network Information:\r\n\tWorkstation Name:\tWS02\r\n\tSource Network Address:\t10.0.0.5\r\n';
  const system = { _time: '2020-09-20T12:16:38.000-04:00', EventCode: '4624', LogName: 'Security', SourceName: 'Microsoft Windows security auditing.', ComputerName: 'dc01.corp.example', Logon_Type: '3', Source_Network_Address: '10.0.0.5' };
  const withMessage = normalized({ preview: false, result: { ...system, Message: message } });
  assert.deepEqual([withMessage.action, withMessage.logon_type, withMessage.src_ip, withMessage.src_host, withMessage.target_user, withMessage.logon_id], ['logon', 3, '10.0.0.5', 'WS02', 'CORP\\bob', '0x2153A91CB']);
  // Without an extracted Message, the message is the end of the classic _raw (key=value lines, then Message=).
  const raw = `09/20/2020 12:16:38 PM\r\nLogName=Security\r\nEventCode=4624\r\nMessage=${message}`;
  const fromRaw = normalized({ preview: false, result: { ...system, _raw: raw } });
  assert.deepEqual([fromRaw.logon_type, fromRaw.src_ip, fromRaw.target_user], [3, '10.0.0.5', 'CORP\\bob']);
});

test('Splunk XmlWinEventLog result: the channel from Channel or from source when there is no LogName', () => {
  const result = { _time: '2020-09-20T16:16:38.000+00:00', EventCode: '1', Computer: 'ws01.corp.example', Image: 'C:\\Windows\\System32\\cmd.exe', UtcTime: '2020-09-20 16:16:37.523', _raw: '<Event/>' };
  const bySource = normalized({ result: { ...result, source: 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', sourcetype: 'XmlWinEventLog' } });
  assert.deepEqual([bySource.channel, bySource.category, bySource.action, bySource.process_name, bySource.ts], ['Microsoft-Windows-Sysmon/Operational', 'process', 'start', 'cmd.exe', Date.UTC(2020, 8, 20, 16, 16, 37, 523)]);
  const byChannel = normalized({ result: { ...result, Channel: 'Microsoft-Windows-Sysmon/Operational' } });
  assert.deepEqual([byChannel.channel, byChannel.action], ['Microsoft-Windows-Sysmon/Operational', 'start']);
});

test("ECS Security events through Winlogbeat's Security module (event data renamed into process.*, source.*): each event's own meaning is kept", () => {
  const security = (eventId: number, eventData: object, ecs: object) => normalized({
    '@timestamp': '2021-03-01T10:00:00.000Z', event: { code: String(eventId), module: 'security' },
    winlog: { channel: 'Security', provider_name: 'Microsoft-Windows-Security-Auditing', computer_name: 'ws01.corp.example', event_id: eventId, event_data: eventData },
    ...ecs,
  });
  const logon = security(4624, { TargetUserName: 'bob', TargetDomainName: 'CORP', TargetLogonId: '0x1', LogonType: '3' },
    { source: { ip: '10.0.0.5', port: 50000, domain: 'WS02' }, process: { pid: 0, executable: '-' } });
  assert.deepEqual([logon.src_ip, logon.src_port, logon.src_host, logon.image, logon.process_name], ['10.0.0.5', 50000, 'WS02', null, null]);
  const network = security(4624, { SubjectUserName: '-', SubjectDomainName: '-', TargetUserName: 'bob', TargetDomainName: 'CORP', LogonType: '3' },
    { user: { name: 'bob', domain: 'CORP' } });
  assert.deepEqual([network.user, network.target_user], [null, 'CORP\\bob'], "the module's user.* copies the Target: no acting account, as from EVTX");
  const explicit = security(4648, { SubjectUserName: 'bob', SubjectDomainName: 'CORP', TargetUserName: 'admin', TargetDomainName: 'CORP' },
    { source: { ip: '10.0.0.7', port: 445 }, process: { pid: 1234, executable: 'C:\\Windows\\System32\\runas.exe' } });
  assert.deepEqual([explicit.dst_ip, explicit.dst_port, explicit.src_ip, explicit.src_port, explicit.process_name, explicit.pid], ['10.0.0.7', 445, null, null, 'runas.exe', 1234],
    "4648's address is the server the credentials were used on");
  const start = security(4688, { SubjectUserName: 'bob', SubjectDomainName: 'CORP', ProcessId: '0x20', CommandLine: 'cmd /c whoami' },
    { process: { pid: 16, executable: 'C:\\Windows\\System32\\cmd.exe', parent: { executable: 'C:\\Windows\\explorer.exe' } } });
  assert.deepEqual([start.pid, start.process_name, start.ppid, start.parent_name, start.command_line], [16, 'cmd.exe', 0x20, 'explorer.exe', 'cmd /c whoami']);
});

test('ECS fields fill columns through the same coercions as event data: `-` is nothing, IPv4-mapped and long IPv6 addresses in one spelling', () => {
  const row = normalized({
    '@timestamp': '2021-03-01T10:00:03.000Z', ecs: { version: '8.0.0' }, host: { name: 'ws01' },
    process: { pid: '77', executable: 'C:\\Tools\\nc.exe', parent: { executable: '-', name: '-' } },
    source: { ip: '::ffff:10.0.0.7', port: 4444 }, destination: { ip: 'fe80:0:0:0:1:2:3:4', port: '443' },
    user: { name: '-', domain: '-' }, network: { transport: '6', direction: 'egress' },
  });
  assert.deepEqual([row.pid, row.process_name, row.parent_image, row.parent_name, row.user], [77, 'nc.exe', null, null, null]);
  assert.deepEqual([row.src_ip, row.dst_ip, row.dst_port, row.protocol], ['10.0.0.7', 'fe80::1:2:3:4', 443, 'tcp']);
});

test('PowerShell export, flattened: SourceName is the provider, ProviderName may be event data (5058, 5061)', () => {
  const row = normalized({
    SourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security', Hostname: 'ADFS01.corp.example', TimeCreated: '2021-04-27T04:07:34.160Z',
    EventID: 5058, SubjectUserName: 'LOCAL SERVICE', ProviderName: 'Microsoft Software Key Storage Provider', KeyName: 'k1',
  });
  assert.deepEqual([row.provider, row.channel, row.host], ['Microsoft-Windows-Security-Auditing', 'Security', 'ADFS01']);
});

test("PowerShell Get-WinEvent | ConvertTo-Json: names from the rendered Message, the record's own ProcessId (the log writer) is not event data", () => {
  const record = (id: number, provider: string, logName: string, message: string, properties: unknown[]) => ({
    Id: id, Version: 5, ProviderName: provider, LogName: logName, ProcessId: 3392, ThreadId: 5552, MachineName: 'ws01.corp.example',
    TimeCreated: '/Date(1603973769000)/', RecordId: 77, Message: message.replace(/\n/g, '\r\n'), Properties: properties.map((Value) => ({ Value })),
  });
  const sysmon = normalized(record(1, 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational',
    'Process Create:\nRuleName: -\nUtcTime: 2020-10-29 12:16:09.123\nProcessGuid: {a}\nProcessId: 4812\nImage: C:\\Windows\\System32\\cmd.exe\nCommandLine: cmd.exe /c whoami\nParentProcessGuid: {p}\nParentProcessId: 704\nParentImage: C:\\Windows\\System32\\services.exe',
    ['-', '2020-10-29 12:16:09.123', '{a}', 4812, 'C:\\Windows\\System32\\cmd.exe']));
  assert.deepEqual([sysmon.ts, sysmon.process_guid, sysmon.pid, sysmon.process_name, sysmon.command_line, sysmon.ppid, sysmon.parent_name],
    [Date.UTC(2020, 9, 29, 12, 16, 9, 123), '{a}', 4812, 'cmd.exe', 'cmd.exe /c whoami', 704, 'services.exe']);
  const start = normalized(record(4688, 'Microsoft-Windows-Security-Auditing', 'Security',
    'A new process has been created.\n\nCreator Subject:\n\tAccount Name:\t\tbob\n\tAccount Domain:\t\tCORP\n\nProcess Information:\n\tNew Process ID:\t\t0x12cc\n\tNew Process Name:\tC:\\Windows\\System32\\cmd.exe\n\tCreator Process ID:\t0x2c0',
    ['S-1-5-21-1', 'bob', 'CORP', '0x1', '0x12cc', 'C:\\Windows\\System32\\cmd.exe']));
  assert.deepEqual([start.pid, start.ppid, start.user, start.process_name], [0x12cc, 0x2c0, 'CORP\\bob', 'cmd.exe']);
});

test('Event XML converted by xmltodict (attributes as @Name keys, EventData as a list of Data elements): time, provider and named data are read', () => {
  const system = {
    Provider: { '@Name': 'Microsoft-Windows-Security-Auditing', '@Guid': '{54849625-5478-4994-a5ba-3e3b0328c30d}' },
    EventID: { '@Qualifiers': '0', '#text': '4624' }, TimeCreated: { '@SystemTime': '2020-01-01T00:00:00.123456Z' },
    EventRecordID: '5', Channel: 'Security', Computer: 'dc01.corp.example',
  };
  const row = normalized({ Event: { '@xmlns': 'http://schemas.microsoft.com/win/2004/08/events/event', System: system,
    EventData: { Data: [{ '@Name': 'LogonType', '#text': '3' }, { '@Name': 'IpAddress', '#text': '10.0.0.5' }, { '@Name': 'TargetUserName', '#text': 'bob' }, { '@Name': 'TargetDomainName', '#text': 'CORP' }] } } });
  assert.deepEqual([row.ts, row.provider, row.event_id, row.record_id, row.host], [Date.UTC(2020, 0, 1, 0, 0, 0, 123), 'Microsoft-Windows-Security-Auditing', 4624, 5, 'DC01']);
  assert.deepEqual([row.logon_type, row.src_ip, row.target_user], [3, '10.0.0.5', 'CORP\\bob']);
  const one = normalized({ Event: { System: { ...system, Provider: { '@Name': 'Service Control Manager' }, EventID: '7036', Channel: 'System' },
    EventData: { Data: { '@Name': 'param1', '#text': 'Print Spooler' } } } });
  assert.deepEqual([one.service_name, one.action], ['Print Spooler', 'state']);
});

test("ECS Sysmon 20 from Winlogbeat's Sysmon module: the WMI consumer's command (Destination, moved to process.executable) is no acting image", () => {
  const row = normalized({
    '@timestamp': '2021-03-01T10:00:04.000Z', event: { code: '20' },
    winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', computer_name: 'ws01', event_id: 20, event_data: { Operation: 'Created', Name: 'Updater', Type: 'Command Line' } },
    process: { executable: 'powershell.exe -nop -w hidden -c iex(x)', name: 'powershell.exe -nop -w hidden -c iex(x)' }, user: { domain: 'CORP', name: 'admin' },
  });
  assert.deepEqual([row.category, row.action, row.image, row.process_name, row.user], ['wmi', 'consumer', null, null, 'CORP\\admin']);
});

test('OpenWEC JSON (System and EventData at the top, Provider.Name, TimeCreated a time string): read as event XML', () => {
  const row = normalized({
    System: {
      Provider: { Name: 'Microsoft-Windows-Security-Auditing', Guid: '{54849625-5478-4994-a5ba-3e3b0328c30d}' }, EventID: 4624, Version: 2,
      TimeCreated: '2022-12-14T16:06:51.0643605Z', EventRecordID: 114689, Execution: { ProcessID: 664, ThreadID: 2512 }, Channel: 'Security', Computer: 'win10.windomain.local',
    },
    EventData: { LogonType: '3', IpAddress: '192.168.58.12', IpPort: '51000', TargetUserName: 'bob', TargetDomainName: 'WINDOMAIN', WorkstationName: 'WS02' },
    OpenWEC: { IpAddress: '192.168.58.100', TimeReceived: '2022-12-14T17:07:03.331+01:00', Subscription: { Name: 'Test' } },
  });
  assert.deepEqual([row.ts, row.provider, row.event_id, row.record_id, row.host], [Date.UTC(2022, 11, 14, 16, 6, 51, 64), 'Microsoft-Windows-Security-Auditing', 4624, 114689, 'WIN10']);
  assert.deepEqual([row.logon_type, row.src_ip, row.src_port, row.src_host, row.target_user], [3, '192.168.58.12', 51000, 'WS02', 'WINDOMAIN\\bob']);
});
