// Microsoft Sentinel / Log Analytics exports (SecurityEvent, Event, WindowsEvent) as JSON (`az
// monitor log-analytics query`) and as the portal's CSV export: each event is built once as
// its data, written as the <Event> XML the EVTX-XML reader reads and as the table's row, and
// both must normalize alike (all but record_id, which the tables do not carry, and ts_raw).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv } from '../../../../src/core/ingest/formats/csv';
import { readEvtxXml } from '../../../../src/core/ingest/formats/evtxXml';
import { readJson } from '../../../../src/core/ingest/formats/json';
import { parallelJsonReader } from '../../../../src/core/ingest/parallel/parallelJson';
import type { NormalizedEvent } from '../../../../src/core/schema/columns';
import { read } from '../formats/helpers';

interface WindowsEvent {
  readonly provider: string;
  readonly channel: string;
  readonly eventId: number;
  /** TimeCreated as the EVTX writes it (UTC). */
  readonly time: string;
  readonly data: Readonly<Record<string, string>>;
}

const COMPUTER = 'ws01.corp.example';
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const SECURITY = 'Microsoft-Windows-Security-Auditing';
const SYSMON = 'Microsoft-Windows-Sysmon';
const SYSMON_CHANNEL = 'Microsoft-Windows-Sysmon/Operational';

const PROCESS_4688: WindowsEvent = {
  provider: SECURITY, channel: 'Security', eventId: 4688, time: '2024-05-06T07:08:09.123Z',
  data: {
    SubjectUserSid: 'S-1-5-21-1-1104', SubjectUserName: 'bob', SubjectDomainName: 'CORP', SubjectLogonId: '0x2153a91c',
    NewProcessId: '0x1a2c', NewProcessName: 'C:\\Windows\\System32\\cmd.exe', TokenElevationType: '%%1938', ProcessId: '0x994',
    CommandLine: 'cmd.exe /c "whoami & hostname" <nul', TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-',
    TargetLogonId: '0x0', ParentProcessName: 'C:\\Windows\\explorer.exe', MandatoryLabel: 'S-1-16-8192',
  },
};

const LOGON_4624: WindowsEvent = {
  provider: SECURITY, channel: 'Security', eventId: 4624, time: '2024-05-06T07:08:10.500Z',
  data: {
    SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0', TargetUserSid: 'S-1-5-21-1-1104',
    TargetUserName: 'bob', TargetDomainName: 'CORP', TargetLogonId: '0x2153a91c', LogonType: '3', LogonProcessName: 'NtLmSsp ',
    AuthenticationPackageName: 'NTLM', WorkstationName: 'WS02', LogonGuid: '{00000000-0000-0000-0000-000000000000}', ProcessId: '0x0',
    ProcessName: '-', IpAddress: '::ffff:10.0.0.5', IpPort: '50123',
  },
};

const SERVICE_7045: WindowsEvent = {
  provider: 'Service Control Manager', channel: 'System', eventId: 7045, time: '2024-05-06T07:08:11.000Z',
  data: { ServiceName: 'PSEXESVC', ImagePath: '%SystemRoot%\\PSEXESVC.exe', ServiceType: 'user mode service', StartType: 'demand start', AccountName: 'LocalSystem' },
};

const SYSMON_1: WindowsEvent = {
  provider: SYSMON, channel: SYSMON_CHANNEL, eventId: 1, time: '2024-05-06T07:08:12.345Z',
  data: {
    RuleName: '-', UtcTime: '2024-05-06 07:08:12.340', ProcessGuid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}', ProcessId: '6700',
    Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all', CurrentDirectory: 'C:\\Users\\bob\\', User: 'CORP\\bob',
    LogonGuid: '{5770385f-0000-0000-0000-000000000000}', LogonId: '0x2153A91C', IntegrityLevel: 'Medium', Hashes: 'SHA256=AB',
    ParentProcessGuid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd8}', ParentProcessId: '6604', ParentImage: 'C:\\Windows\\System32\\cmd.exe',
    ParentCommandLine: 'cmd.exe', ParentUser: 'CORP\\bob',
  },
};

const SYSMON_3: WindowsEvent = {
  provider: SYSMON, channel: SYSMON_CHANNEL, eventId: 3, time: '2024-05-06T07:08:14.000Z',
  data: {
    RuleName: '-', UtcTime: '2024-05-06 07:08:13.001', ProcessGuid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}', ProcessId: '6700',
    Image: 'C:\\Windows\\System32\\whoami.exe', User: 'CORP\\bob', Protocol: 'tcp', Initiated: 'true', SourceIsIpv6: 'false',
    SourceIp: '10.0.0.21', SourceHostname: 'ws01.corp.example', SourcePort: '50200', SourcePortName: '-', DestinationIsIpv6: 'false',
    DestinationIp: '10.0.0.5', DestinationHostname: 'dc01.corp.example', DestinationPort: '445', DestinationPortName: 'microsoft-ds',
  },
};

function escape(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

/** The <EventData> element of an event, as its <Event> holds it and as SecurityEvent's EventData column does. */
function eventDataXml(event: WindowsEvent): string {
  const data = Object.entries(event.data).map(([name, value]) => `<Data Name="${name}">${escape(value)}</Data>`).join('');
  return `<EventData xmlns="${NS}">${data}</EventData>`;
}

function eventXml(event: WindowsEvent, recordId: number): string {
  return `<Event xmlns="${NS}"><System><Provider Name="${event.provider}"/><EventID>${event.eventId}</EventID><Level>0</Level>`
    + `<TimeCreated SystemTime="${event.time}"/><EventRecordID>${recordId}</EventRecordID><Channel>${event.channel}</Channel>`
    + `<Computer>${COMPUTER}</Computer></System>${eventDataXml(event)}</Event>\n`;
}

/** The Event table's EventData: the <EventData> inside the agent's <DataItem>. */
function dataItemXml(event: WindowsEvent): string {
  return `<DataItem type="System.XmlData" time="${event.time.replace('Z', '0000+00:00')}" sourceHealthServiceId="7896DB24-81DF-2EAB-B12B-29AED6D69A17">${eventDataXml(event)}</DataItem>`;
}

/** Log Analytics' bookkeeping columns, on every row. */
const BOOKKEEPING = { TenantId: 'b1a8c1a4-0000-0000-0000-000000000000', SourceSystem: 'OpsManager', MG: '00000000-0000-0000-0000-000000000001', ManagementGroupName: 'AOI-b1a8c1a4', _ResourceId: '/subscriptions/x/ws01' };

/** TimeGenerated as the Log Analytics API gives it (seven digits of fraction). */
function timeGenerated(event: WindowsEvent): string {
  return event.time.replace('Z', '0000Z');
}

function securityEventRow(event: WindowsEvent, withEventData = true): Record<string, unknown> {
  return {
    ...BOOKKEEPING, TimeGenerated: timeGenerated(event), Account: `${event.data.SubjectDomainName}\\${event.data.SubjectUserName}`, AccountType: 'User',
    Computer: COMPUTER, EventSourceName: event.provider, Channel: event.channel, Task: 13312, Level: '8',
    ...(withEventData ? { EventData: eventDataXml(event) } : {}),
    EventID: event.eventId, Activity: `${event.eventId} - An event.`, Process: 'cmd.exe', Type: 'SecurityEvent',
    // The service parses EventData into columns of the same names (LogonType as an int).
    ...Object.fromEntries(Object.entries(event.data).map(([name, value]) => [name, name === 'LogonType' ? Number(value) : value])),
  };
}

function eventTableRow(event: WindowsEvent): Record<string, unknown> {
  return {
    ...BOOKKEEPING, Source: event.provider, EventLog: event.channel, Computer: COMPUTER, EventLevel: 4, EventLevelName: 'Information',
    ParameterXml: Object.values(event.data).map((v) => `<Param>${escape(v)}</Param>`).join(''), EventData: dataItemXml(event),
    EventID: event.eventId, RenderedDescription: 'A rendered message.', TimeGenerated: timeGenerated(event), Type: 'Event',
  };
}

function windowsEventRow(event: WindowsEvent, recordId: number): Record<string, unknown> {
  return {
    ...BOOKKEEPING, TimeGenerated: timeGenerated(event), Computer: COMPUTER, Provider: event.provider, Channel: event.channel,
    EventID: event.eventId, EventLevel: 4, EventLevelName: 'Information', EventRecordId: String(recordId), Task: 1, Keywords: '0x8000000000000000',
    TimeCreated: event.time, EventData: event.data, Type: 'WindowsEvent',
  };
}

/** What the EVTX-XML reader makes of the events. */
async function fromEvtxXml(events: readonly WindowsEvent[]): Promise<NormalizedEvent[]> {
  const { records, rejections } = await read(readEvtxXml, Buffer.from(events.map((e, i) => eventXml(e, 100 + i)).join('')));
  assert.deepEqual(rejections, []);
  return records.map((r) => r.event);
}

/** The columns to compare: the tables carry no record id (but WindowsEvent), and ts_raw is the time as each source wrote it. */
function comparable(event: NormalizedEvent): Partial<NormalizedEvent> {
  const { record_id: _recordId, ts_raw: _tsRaw, ...rest } = event;
  return rest;
}

function assertSameEvents(actual: readonly NormalizedEvent[], expected: readonly NormalizedEvent[]): void {
  assert.equal(actual.length, expected.length);
  actual.forEach((event, i) => assert.deepEqual(comparable(event), comparable(expected[i]!), `event ${i + 1}`));
}

/** The portal's "Export to CSV": every field quoted, the time column `TimeGenerated [UTC]` in the browser's locale. */
function portalCsv(rows: readonly Record<string, unknown>[]): Buffer {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown): string => `"${(typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '')).replace(/"/g, '""')}"`;
  const header = columns.map((c) => cell(c === 'TimeGenerated' || c === 'TimeCreated' ? `${c} [UTC]` : c)).join(',');
  const lines = rows.map((row) => columns.map((c) => cell(c === 'TimeGenerated' || c === 'TimeCreated' ? portalTime(row[c] as string) : row[c])).join(','));
  return Buffer.from(`\uFEFF${[header, ...lines].join('\r\n')}\r\n`);
}

/** `2024-05-06T07:08:09.1230000Z` as the en-US portal shows it: `5/6/2024, 7:08:09.123 AM`. */
function portalTime(iso: string): string {
  const d = new Date(iso.replace(/(\.\d{3})\d*Z$/, '$1Z'));
  const hour = d.getUTCHours() % 12 || 12;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCMonth() + 1}/${d.getUTCDate()}/${d.getUTCFullYear()}, ${hour}:${two(d.getUTCMinutes())}:${two(d.getUTCSeconds())}.${String(d.getUTCMilliseconds()).padStart(3, '0')} ${d.getUTCHours() < 12 ? 'AM' : 'PM'}`;
}

function ndjson(rows: readonly Record<string, unknown>[]): Buffer {
  return Buffer.from(rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
}

test('SecurityEvent JSON (az monitor log-analytics query): 4688 and 4624 normalize as from EVTX XML, with EventData or only its columns', async () => {
  const events = [PROCESS_4688, LOGON_4624];
  const expected = await fromEvtxXml(events);
  assert.deepEqual([expected[0]!.category, expected[0]!.command_line, expected[1]!.logon_type, expected[1]!.src_ip], ['process', PROCESS_4688.data.CommandLine, 3, '10.0.0.5']);
  // An array, as az writes it, read in small chunks.
  const array = Buffer.from(JSON.stringify(events.map((e) => securityEventRow(e)), null, 2));
  const fromArray = await read(readJson, array, 13);
  assert.deepEqual([fromArray.rejections, fromArray.warnings, fromArray.dialects], [[], [], ['sentinel-securityevent']]);
  assertSameEvents(fromArray.records.map((r) => r.event), expected);
  // A projection without EventData: the columns the service parsed out of it.
  const columnsOnly = await read(readJson, ndjson(events.map((e) => securityEventRow(e, false))));
  assertSameEvents(columnsOnly.records.map((r) => r.event), expected);
});

test('Event JSON: 7045, Sysmon 1 and Sysmon 3 read from the <DataItem> EventData normalize as from EVTX XML', async () => {
  const events = [SERVICE_7045, SYSMON_1, SYSMON_3];
  const expected = await fromEvtxXml(events);
  assert.deepEqual(expected.map((e) => e.category), ['service', 'process', 'network']);
  const { records, rejections, warnings, dialects } = await read(readJson, ndjson(events.map(eventTableRow)), 29);
  assert.deepEqual([rejections, warnings, dialects], [[], [], ['sentinel-event']]);
  assertSameEvents(records.map((r) => r.event), expected);
  assert.deepEqual([records[1]!.event.process_guid, records[2]!.event.dst_port], [SYSMON_1.data.ProcessGuid, 445]);
});

test('Event JSON without EventData: ParameterXml gives the positional data, as unnamed <Data> from EVTX', async () => {
  const params = { ...SERVICE_7045, data: { param1: 'PSEXESVC', param2: '%SystemRoot%\\PSEXESVC.exe', param3: 'user mode service', param4: 'demand start', param5: 'LocalSystem' } };
  const unnamed = eventXml(params, 7).replace(/<Data Name="param\d">/g, '<Data>');
  const expected = (await read(readEvtxXml, Buffer.from(unnamed))).records.map((r) => r.event);
  const { EventData: _eventData, ...row } = eventTableRow(params);
  const { records, warnings } = await read(readJson, ndjson([row]));
  assert.deepEqual(warnings, []);
  assertSameEvents(records.map((r) => r.event), expected);
  assert.equal(records[0]!.event.service_name, 'PSEXESVC');
});

test('WindowsEvent JSON: Sysmon 1 and 3 from the EventData object normalize as from EVTX XML, record ids included', async () => {
  const events = [SYSMON_1, SYSMON_3];
  const expected = await fromEvtxXml(events);
  const { records, dialects } = await read(readJson, ndjson(events.map((e, i) => windowsEventRow(e, 100 + i))));
  assert.deepEqual(dialects, ['sentinel-windowsevent']);
  assertSameEvents(records.map((r) => r.event), expected);
  assert.deepEqual(records.map((r) => r.event.record_id), expected.map((e) => e.record_id));
});

test('portal CSV export: `TimeGenerated [UTC]` in the browser locale is UTC; SecurityEvent, Event and WindowsEvent (EventData as JSON text)', async () => {
  const security = await read(readCsv, portalCsv([securityEventRow(PROCESS_4688), securityEventRow(LOGON_4624)]), 17);
  assert.deepEqual([security.rejections, security.warnings, security.dialects], [[], [], ['sentinel-securityevent']]);
  assertSameEvents(security.records.map((r) => r.event), await fromEvtxXml([PROCESS_4688, LOGON_4624]));
  const event = await read(readCsv, portalCsv([SERVICE_7045, SYSMON_1, SYSMON_3].map(eventTableRow)));
  assert.deepEqual([event.rejections, event.warnings, event.dialects], [[], [], ['sentinel-event']]);
  assertSameEvents(event.records.map((r) => r.event), await fromEvtxXml([SERVICE_7045, SYSMON_1, SYSMON_3]));
  const windows = await read(readCsv, portalCsv([SYSMON_1, SYSMON_3].map((e, i) => windowsEventRow(e, 100 + i))));
  assert.deepEqual([windows.rejections, windows.warnings, windows.dialects], [[], [], ['sentinel-windowsevent']]);
  assertSameEvents(windows.records.map((r) => r.event), await fromEvtxXml([SYSMON_1, SYSMON_3]));
});

test('a malformed EventData costs its record only its event data: one warning names the first line, the rows still load', async () => {
  const cut = { ...securityEventRow(PROCESS_4688), EventData: '<EventData><Data Name="CommandLine">evil</Data>' };
  const bomb = { ...eventTableRow(SYSMON_1), EventData: '<!DOCTYPE d [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;">]><DataItem><EventData><Data Name="Image">&b;</Data></EventData></DataItem>' };
  const badJson = { ...windowsEventRow(SYSMON_3, 1), EventData: '{"Image": ' };
  const json = await read(readJson, ndjson([securityEventRow(LOGON_4624), cut, bomb, badJson]));
  assert.deepEqual(json.rejections, []);
  assert.equal(json.records.length, 4);
  assert.equal(json.warnings.length, 1);
  assert.match(json.warnings[0]!, /^line 2: EventData is not well-formed XML: .*; the event loaded without its event data \(and 2 more record\(s\) like it\)$/);
  const [, security, sysmon, network] = json.records.map((r) => r.event);
  // SecurityEvent falls back to the columns the service parsed; Event and WindowsEvent have none.
  assert.deepEqual([security!.command_line, security!.process_name], [PROCESS_4688.data.CommandLine, 'cmd.exe']);
  assert.deepEqual([sysmon!.event_id, sysmon!.host, sysmon!.image], [1, 'WS01', null]);
  assert.deepEqual([network!.event_id, network!.dst_ip], [3, null]);
  // The NDJSON parse pool's reader reports them alike.
  const pooled = await read(parallelJsonReader(readJson, 1), ndjson([securityEventRow(LOGON_4624), cut, bomb, badJson]));
  assert.deepEqual([pooled.records.map((r) => r.event), pooled.warnings], [json.records.map((r) => r.event), json.warnings]);
  const csv = await read(readCsv, portalCsv([securityEventRow(LOGON_4624), cut]));
  assert.equal(csv.records.length, 2);
  assert.match(csv.warnings.join('\n'), /^line 3: EventData is not well-formed XML: .*; the event loaded without its event data$/m);
});
