// The outputs of the DFIR collection tools, EvtxECmd (CSV and JSON) and Velociraptor's
// parse_evtx(), against the EVTX-XML reader: each event is described once, written as the
// `<Event>` XML Event Viewer saves and as each tool writes it (record layouts as published:
// EvtxECmd's column list and Payload of Newtonsoft-converted EventData, Velociraptor's System
// with `EventID.Value` and epoch-seconds SystemTime), and every normalized column but ts_raw
// (each tool spells the time its own way) must equal what the XML gives.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv } from '../../../../src/core/ingest/formats/csv';
import { parseEventXml, readEvtxXml } from '../../../../src/core/ingest/formats/evtxXml';
import { readJson } from '../../../../src/core/ingest/formats/json';
import { detectFormat } from '../../../../src/core/ingest/detect';
import { jsonWinEvent } from '../../../../src/core/ingest/normalize/json';
import type { NormalizedEvent } from '../../../../src/core/schema/columns';
import { read, type ReadResult } from '../formats/helpers';

interface Described {
  readonly provider: string;
  readonly eventId: number;
  readonly channel: string;
  readonly recordId: number;
  /** SystemTime as the XML writes it. */
  readonly time: string;
  /** The log writer (System/Execution): never the event's own ProcessId. */
  readonly writer: { readonly pid: number; readonly tid: number };
  readonly data: ReadonlyArray<readonly [string, string]>;
  /** What EvtxECmd's map renders of the event: must not stand in for its data. */
  readonly map: Readonly<Record<string, string>>;
}

const COMPUTER = 'ws01.corp.example';

const EVENTS: readonly Described[] = [
  {
    provider: 'Microsoft-Windows-Sysmon', eventId: 1, channel: 'Microsoft-Windows-Sysmon/Operational', recordId: 1001,
    time: '2020-09-04T03:00:00.1234567Z', writer: { pid: 2044, tid: 3120 },
    data: [['RuleName', '-'], ['UtcTime', '2020-09-04 03:00:00.120'], ['ProcessGuid', '{39e4a257-af46-5f51-7b03-000000000700}'], ['ProcessId', '4812'],
      ['Image', 'C:\\Windows\\System32\\cmd.exe'], ['CommandLine', 'cmd.exe /c "whoami, hostname"'], ['User', 'CORP\\bob'],
      ['ParentProcessGuid', '{39e4a257-af46-5f51-7a03-000000000700}'], ['ParentProcessId', '704'], ['ParentImage', 'C:\\Windows\\System32\\services.exe'],
      ['ParentCommandLine', 'C:\\Windows\\system32\\services.exe']],
    map: { MapDescription: 'Process creation', UserName: 'CORP\\mallory', ExecutableInfo: 'C:\\Temp\\not-the-image.exe', PayloadData1: 'ProcessID: 9999, ProcessGUID: {x}' },
  },
  {
    provider: 'Microsoft-Windows-Sysmon', eventId: 3, channel: 'Microsoft-Windows-Sysmon/Operational', recordId: 1002,
    time: '2020-09-04T03:00:05.5000000Z', writer: { pid: 2044, tid: 3200 },
    data: [['RuleName', '-'], ['UtcTime', '2020-09-04 03:00:04.010'], ['ProcessGuid', '{39e4a257-af46-5f51-7b03-000000000700}'], ['ProcessId', '4812'],
      ['Image', 'C:\\Windows\\System32\\cmd.exe'], ['User', 'CORP\\bob'], ['Protocol', 'tcp'], ['Initiated', 'true'], ['SourceIsIpv6', 'false'],
      ['SourceIp', '10.0.0.5'], ['SourceHostname', ''], ['SourcePort', '50123'], ['SourcePortName', ''], ['DestinationIsIpv6', 'false'],
      ['DestinationIp', '10.0.0.9'], ['DestinationHostname', 'dc01.corp.example'], ['DestinationPort', '445'], ['DestinationPortName', 'microsoft-ds']],
    map: { MapDescription: 'Network connection', RemoteHost: '203.0.113.66:4444', PayloadData1: 'Protocol: udp' },
  },
  {
    provider: 'Microsoft-Windows-Security-Auditing', eventId: 4624, channel: 'Security', recordId: 5378,
    time: '2020-09-04T03:00:06.0000000Z', writer: { pid: 693, tid: 5958 },
    data: [['SubjectUserSid', 'S-1-5-18'], ['SubjectUserName', 'WS01$'], ['SubjectDomainName', 'CORP'], ['SubjectLogonId', '0x3e7'],
      ['TargetUserSid', 'S-1-5-21-1-2-3-1104'], ['TargetUserName', 'bob'], ['TargetDomainName', 'CORP'], ['TargetLogonId', '0x33946d'],
      ['LogonType', '3'], ['LogonProcessName', 'NtLmSsp '], ['AuthenticationPackageName', 'NTLM'], ['WorkstationName', 'WS02'],
      ['LogonGuid', '{00000000-0000-0000-0000-000000000000}'], ['ProcessId', '0x2c4'], ['ProcessName', 'C:\\Windows\\System32\\lsass.exe'],
      ['IpAddress', '10.0.0.7'], ['IpPort', '49822']],
    map: { MapDescription: 'Successful logon', UserName: '-\\-', RemoteHost: 'WS99 (198.51.100.1)', PayloadData1: 'Target: EVIL\\mallory', PayloadData2: 'LogonType 10' },
  },
  {
    provider: 'Service Control Manager', eventId: 7045, channel: 'System', recordId: 88,
    time: '2020-09-04T03:00:07.0000000Z', writer: { pid: 640, tid: 3364 },
    data: [['ServiceName', 'PSEXESVC'], ['ImagePath', '%SystemRoot%\\PSEXESVC.exe'], ['ServiceType', 'user mode service'],
      ['StartType', 'demand start'], ['AccountName', 'LocalSystem']],
    map: { MapDescription: 'A service was installed in the system', ExecutableInfo: 'C:\\Windows\\evil.exe', PayloadData1: 'Name: Decoy' },
  },
];

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function eventXml(e: Described): string {
  const data = e.data.map(([name, value]) => (value === '' ? `<Data Name="${name}" />` : `<Data Name="${name}">${escapeXml(value)}</Data>`)).join('');
  return '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>'
    + `<Provider Name="${e.provider}"/><EventID>${e.eventId}</EventID><Version>2</Version><Level>4</Level><Keywords>0x8020000000000000</Keywords>`
    + `<TimeCreated SystemTime="${e.time}"/><EventRecordID>${e.recordId}</EventRecordID><Correlation/>`
    + `<Execution ProcessID="${e.writer.pid}" ThreadID="${e.writer.tid}"/><Channel>${e.channel}</Channel><Computer>${COMPUTER}</Computer>`
    + `<Security UserID="S-1-5-18"/></System><EventData>${data}</EventData></Event>`;
}

/** EventData as Newtonsoft's SerializeXmlNode writes it (an empty <Data> has no #text). */
function payload(e: Described): string {
  const data = e.data.map(([name, value]) => (value === '' ? { '@Name': name } : { '@Name': name, '#text': value }));
  return JSON.stringify({ EventData: { Data: data } });
}

/** An EvtxECmd JSON record, keys as it writes them (null values left out). */
function evtxECmdRecord(e: Described, csv = false): Record<string, string | number | boolean> {
  return {
    RecordNumber: e.recordId, EventRecordId: String(e.recordId),
    TimeCreated: csv ? e.time.replace('T', ' ').replace('Z', '') : e.time.replace('Z', '+00:00'),
    EventId: e.eventId, Level: 'Info', Provider: e.provider, Channel: e.channel, ProcessId: e.writer.pid, ThreadId: e.writer.tid,
    Computer: COMPUTER, ChunkNumber: 0, UserId: 'S-1-5-18', ...e.map, HiddenRecord: false,
    SourceFile: `C:\\Triage\\${e.channel.replace('/', '%4')}.evtx`, Keywords: 'Audit success', ExtraDataOffset: 0, Payload: payload(e),
  };
}

const CSV_COLUMNS = ['RecordNumber', 'EventRecordId', 'TimeCreated', 'EventId', 'Level', 'Provider', 'Channel', 'ProcessId', 'ThreadId', 'Computer',
  'ChunkNumber', 'UserId', 'MapDescription', 'UserName', 'RemoteHost', 'PayloadData1', 'PayloadData2', 'PayloadData3', 'PayloadData4',
  'PayloadData5', 'PayloadData6', 'ExecutableInfo', 'HiddenRecord', 'SourceFile', 'Keywords', 'ExtraDataOffset', 'Payload'];

function csvField(value: unknown): string {
  const text = value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function evtxECmdCsv(records: ReadonlyArray<Record<string, unknown>>): Buffer {
  const lines = [CSV_COLUMNS.join(','), ...records.map((r) => CSV_COLUMNS.map((c) => csvField(r[c])).join(','))];
  return Buffer.from(`\uFEFF${lines.join('\r\n')}\r\n`);
}

/** Velociraptor types what the EVTX binary types: a decimal number as a number. */
function typed(value: string): string | number {
  return /^(0|[1-9]\d{0,8})$/.test(value) ? Number(value) : value;
}

/** A parse_evtx() row: System with EventID.Value and SystemTime as epoch seconds, EventData by name, the rendered Message. */
function velociraptorRecord(e: Described): Record<string, unknown> {
  const seconds = Date.parse(e.time) / 1000;
  const fraction = /\.(\d+)Z$/.exec(e.time)![1]!.replace(/0+$/, '');
  return {
    System: {
      Provider: { Name: e.provider, Guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}' }, EventID: { Value: e.eventId }, Version: 2, Level: 4, Task: 1,
      Opcode: 0, Keywords: 9232379236109516800, TimeCreated: { SystemTime: Number(`${Math.floor(seconds)}${fraction ? `.${fraction}` : ''}`) },
      EventRecordID: e.recordId, Correlation: {}, Execution: { ProcessID: e.writer.pid, ThreadID: e.writer.tid }, Channel: e.channel,
      Computer: COMPUTER, Security: { UserID: 'S-1-5-18' },
    },
    EventData: Object.fromEntries(e.data.map(([name, value]) => [name, typed(value)])),
    Message: 'Process Create:\r\nImage: C:\\Temp\\rendered.exe',
  };
}

function ndjson(records: readonly unknown[]): Buffer {
  return Buffer.from(records.map((r) => JSON.stringify(r)).join('\n') + '\n');
}

function columns(event: NormalizedEvent): Omit<NormalizedEvent, 'ts_raw'> {
  const { ts_raw: _tsRaw, ...rest } = event;
  return rest;
}

let fromXmlCache: NormalizedEvent[] | undefined;
async function fromXml(): Promise<NormalizedEvent[]> {
  if (!fromXmlCache) {
    const { records, rejections } = await read(readEvtxXml, Buffer.from(`<Events>${EVENTS.map(eventXml).join('\n')}</Events>`));
    assert.deepEqual(rejections, []);
    fromXmlCache = records.map((r) => r.event);
  }
  return fromXmlCache;
}

async function assertSameAsXml(result: ReadResult, dialect: string): Promise<void> {
  assert.deepEqual(result.rejections, []);
  assert.deepEqual(result.warnings, []);
  assert.deepEqual(result.dialects, [dialect]);
  const expected = await fromXml();
  assert.equal(result.records.length, EVENTS.length);
  result.records.forEach((record, i) => assert.deepEqual(columns(record.event), columns(expected[i]!), `event ${EVENTS[i]!.eventId}`));
}

test('the XML events normalize as the hunt needs them (what the tools are compared with)', async () => {
  const [process, network, logon, service] = await fromXml();
  assert.deepEqual([process!.pid, process!.process_name, process!.command_line, process!.parent_name], [4812, 'cmd.exe', 'cmd.exe /c "whoami, hostname"', 'services.exe']);
  assert.deepEqual([network!.src_ip, network!.dst_ip, network!.dst_port, network!.protocol, network!.ts], ['10.0.0.5', '10.0.0.9', 445, 'tcp', Date.UTC(2020, 8, 4, 3, 0, 4, 10)]);
  assert.deepEqual([logon!.src_ip, logon!.logon_type, logon!.target_user, logon!.pid], ['10.0.0.7', 3, 'CORP\\bob', 0x2c4]);
  assert.deepEqual([service!.service_name, service!.pid], ['PSEXESVC', null]);
});

test('EvtxECmd JSON: Payload read as EventData; its ProcessId/ThreadId (the writer) and map renderings are not event data', async () => {
  const bytes = ndjson(EVENTS.map((e) => evtxECmdRecord(e)));
  for (const chunkSize of [undefined, 11]) await assertSameAsXml(await read(readJson, bytes, chunkSize), 'evtxecmd');
});

test('EvtxECmd CSV (with its BOM, quoted Payload): detected as CSV, rows read as the JSON records are', async () => {
  const bytes = evtxECmdCsv(EVENTS.map((e) => evtxECmdRecord(e, true)));
  assert.equal(detectFormat(bytes.subarray(0, 65536), 'EvtxECmd_Output'), 'csv');
  for (const chunkSize of [undefined, 13]) await assertSameAsXml(await read(readCsv, bytes, chunkSize), 'evtxecmd');
});

test("Velociraptor parse_evtx(): EventID.Value, SystemTime in epoch seconds, typed EventData; the artifacts' added columns do not change the dialect", async () => {
  await assertSameAsXml(await read(readJson, ndjson(EVENTS.map(velociraptorRecord))), 'velociraptor');
  // Windows.EventLogs.Evtx selects `*` plus TimeCreated, Channel, EventRecordID, EventID and FullPath beside System.
  const artifact = EVENTS.map((e) => ({ ...velociraptorRecord(e), TimeCreated: e.time.slice(0, 19) + 'Z', Channel: e.channel, EventRecordID: e.recordId, EventID: e.eventId, FullPath: 'C:\\Windows\\System32\\winevt\\Logs\\x.evtx' }));
  await assertSameAsXml(await read(readJson, ndjson(artifact)), 'velociraptor');
  const velociraptor = (await read(readJson, ndjson(EVENTS.map(velociraptorRecord)))).records[0]!.event;
  assert.equal(velociraptor.ts_raw, '2020-09-04 03:00:00.120', 'Sysmon UtcTime, as from EVTX');
});

test('A Sysmon UtcTime hours from the record time is overruled by TimeCreated, as from EVTX (EvtxECmd, Velociraptor, evtx_dump)', async () => {
  // The ETW clock of a VM restored from a saved state: Sysmon 3 stamped 8 hours behind.
  const skewed = { ...EVENTS[1]!, data: EVENTS[1]!.data.map(([n, v]) => [n, n === 'UtcTime' ? '2020-09-03 19:00:04.010' : v] as const) };
  const xml = (await read(readEvtxXml, Buffer.from(eventXml(skewed)))).records[0]!.event;
  assert.equal(xml.ts, Date.UTC(2020, 8, 4, 3, 0, 5, 500));
  const evtxDump = { Event: { System: { Provider: { '#attributes': { Name: skewed.provider } }, EventID: 3, Channel: skewed.channel, Computer: COMPUTER,
    TimeCreated: { '#attributes': { SystemTime: skewed.time } } }, EventData: Object.fromEntries(skewed.data) } };
  for (const record of [evtxECmdRecord(skewed), velociraptorRecord(skewed), evtxDump]) {
    assert.equal((await read(readJson, ndjson([record]))).records[0]!.event.ts, xml.ts);
  }
});

test('EvtxECmd Payload shapes: a lone Data object, UserData (its xmlns attribute is no field), unnamed Data, the XML of older versions', () => {
  const data = (xml: string) => (parseEventXml(`<Event><System/>${xml}</Event>`) as { data: object }).data;
  const ecmd = (payloadText: string) => jsonWinEvent({ EventId: 1, EventRecordId: '1', ChunkNumber: 0, Payload: payloadText })!.data;
  assert.deepEqual({ ...ecmd('{"EventData":{"Data":{"@Name":"HiveName","#text":"\\\\??\\\\C:\\\\Users\\\\bob\\\\ntuser.dat"}}}') },
    { ...data('<EventData><Data Name="HiveName">\\??\\C:\\Users\\bob\\ntuser.dat</Data></EventData>') });
  const cleared = '<UserData><LogFileCleared xmlns="http://manifests.microsoft.com/win/2004/08/windows/eventlog"><SubjectUserSid>S-1-5-21-1</SubjectUserSid>'
    + '<SubjectUserName>bob</SubjectUserName><SubjectDomainName>CORP</SubjectDomainName><SubjectLogonId>0x1</SubjectLogonId></LogFileCleared></UserData>';
  const clearedJson = JSON.stringify({ UserData: { LogFileCleared: { '@xmlns': 'http://manifests.microsoft.com/win/2004/08/windows/eventlog', SubjectUserSid: 'S-1-5-21-1', SubjectUserName: 'bob', SubjectDomainName: 'CORP', SubjectLogonId: '0x1' } } });
  assert.deepEqual({ ...ecmd(clearedJson) }, { ...data(cleared) });
  const xmltodict = { Event: { System: { Provider: { '@Name': 'Microsoft-Windows-Eventlog' }, EventID: '1102', Channel: 'Security' }, UserData: JSON.parse(clearedJson).UserData } };
  assert.deepEqual({ ...jsonWinEvent(xmltodict)!.data }, { ...data(cleared) }, 'evtx_dump dialect, xmltodict spelling: @xmlns is no field either');
  assert.deepEqual({ ...ecmd('{"EventData":{"Data":["PSEXESVC","running"]}}') }, { ...data('<EventData><Data>PSEXESVC</Data><Data>running</Data></EventData>') });
  assert.deepEqual({ ...ecmd('<EventData><Data Name="ServiceName">PSEXESVC</Data></EventData>') }, { ServiceName: 'PSEXESVC' });
});

test('A malformed or hostile EvtxECmd Payload costs its event the event data only: one warning naming the first line, the other events whole', async () => {
  // Cut JSON and XML that is no element are reported; Data nested 100,000 deep is walked without recursion and holds no value.
  const good = EVENTS.map((e) => evtxECmdRecord(e));
  const deep = '['.repeat(100_000) + ']'.repeat(100_000);
  const bad = [
    { ...good[3]!, Payload: '{"EventData":{"Data":[{"@Name":"ServiceName","#text":"x"}' },
    { ...good[3]!, Payload: `{"EventData":{"Data":${deep}}}` },
    { ...good[3]!, Payload: '<EventData><Data Name="a">x</Data></Event><Event>' },
  ];
  const records: Record<string, unknown>[] = [good[0]!, bad[0]!, good[1]!, bad[1]!, bad[2]!, good[2]!];
  for (const [format, result] of [['json', await read(readJson, ndjson(records))], ['csv', await read(readCsv, evtxECmdCsv(records.map((r) => ({ ...r, TimeCreated: String(r.TimeCreated).replace('T', ' ').replace('+00:00', '') }))))]] as const) {
    assert.deepEqual(result.rejections, [], format);
    assert.equal(result.records.length, 6, format);
    const damaged = [1, 3, 4].map((i) => result.records[i]!.event);
    assert.deepEqual(damaged.map((e) => [e.event_id, e.host, e.service_name, e.category]), Array(3).fill([7045, 'WS01', null, 'service']), format);
    assert.equal(result.records[5]!.event.src_ip, '10.0.0.7', format);
    assert.equal(result.warnings.length, 1, format);
    assert.match(result.warnings[0]!, /^line [23]: EvtxECmd Payload is not valid JSON: .*; the event loaded without its event data \(and 1 more record\(s\) like it\)$/, format);
  }
});
