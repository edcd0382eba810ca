// Fuzzing the JSON reader in each dialect it reads (NXLog, ECS, Winlogbeat 6, Splunk,
// PowerShell, EvtxECmd, Velociraptor, Sentinel, Defender XDR, Zeek) as NDJSON, and in the array layout: see lineFormat.ts for the properties.

import { readJson } from '../../../src/core/ingest/formats/json';
import type { LoadedRecord } from '../../../src/core/types/records';
import { isNulPadding } from '../../../src/core/ingest/normalize/json';
import { fuzzTextFormat } from './lineFormat';

/** A record turned into NULs and blanks is padding (a log preallocated on disk): counted in one warning, not a record. */
const isRecord = (text: string) => text.trim() !== '' && !isNulPadding(text.replace(/,$/, ''));

const byRecordId = (r: LoadedRecord) => (typeof r.event.record_id === 'number' ? r.event.record_id : undefined);
const byPid = (r: LoadedRecord) => (typeof r.event.pid === 'number' ? r.event.pid : undefined);
const bySourcePort = (r: LoadedRecord) => (typeof r.event.src_port === 'number' ? r.event.src_port : undefined);
const json = (value: unknown) => JSON.stringify(value);

const DIALECTS: ReadonlyArray<{ name: string; row: (n: number) => string; numberOf: (r: LoadedRecord) => number | undefined }> = [
  {
    name: 'nxlog',
    row: (n) => json({ EventID: 1, SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Hostname: 'WS1.corp.example', RecordNumber: n, EventTime: '2020-09-20 12:16:56', UtcTime: '2020-09-20 16:16:56.120', Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd.exe /c echo ${n}` }),
    numberOf: byRecordId,
  },
  {
    name: 'ecs',
    row: (n) => json({ '@timestamp': '2021-03-01T10:00:00.123Z', event: { code: '1', provider: 'Microsoft-Windows-Sysmon' }, host: { name: 'ws01' }, winlog: { channel: 'Microsoft-Windows-Sysmon/Operational', provider_name: 'Microsoft-Windows-Sysmon', record_id: n, computer_name: 'WS01', event_id: 1, event_data: { Image: 'C:\\a.exe', ProcessId: String(n) } } }),
    numberOf: byRecordId,
  },
  {
    name: 'winlogbeat6',
    row: (n) => json({ '@timestamp': '2019-05-18T20:37:15.419Z', record_number: String(n), source_name: 'Microsoft-Windows-Security-Auditing', log_name: 'Security', event_id: 4688, computer_name: 'HR001.shire.com', event_data: { NewProcessName: 'C:\\a.exe', NewProcessId: '0x10' } }),
    numberOf: byRecordId,
  },
  {
    name: 'splunk',
    row: (n) => json({ preview: false, result: { _time: '2020-09-20T16:16:37.000+00:00', host: 'WS6', source: 'WinEventLog:Security', sourcetype: 'WinEventLog', EventCode: '4688', LogName: 'Security', SourceName: 'Microsoft Windows security auditing.', ComputerName: 'WS6.theshire.local', RecordNumber: String(n) } }),
    numberOf: byRecordId,
  },
  {
    name: 'powershell',
    row: (n) => json({ Id: 7045, ProviderName: 'Service Control Manager', LogName: 'System', MachineName: 'WS02.corp.example', RecordId: n, TimeCreated: '/Date(1603973768000)/', Properties: [{ Value: 'svc' }, { Value: 'C:\\svc.exe' }] }),
    numberOf: byRecordId,
  },
  {
    name: 'evtxecmd',
    row: (n) => json({ RecordNumber: n, EventRecordId: String(n), TimeCreated: '2020-09-04 03:00:00.0000000', EventId: 1, Provider: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WS1.corp.example', ChunkNumber: 0, MapDescription: 'Process creation', Payload: json({ EventData: { Data: [{ '@Name': 'Image', '#text': 'C:\\a.exe' }, { '@Name': 'ProcessId', '#text': String(n) }] } }) }),
    numberOf: byRecordId,
  },
  {
    name: 'velociraptor',
    row: (n) => json({ System: { Provider: { Name: 'Microsoft-Windows-Sysmon' }, EventID: { Value: 1 }, TimeCreated: { SystemTime: 1599188400.5 }, EventRecordID: n, Channel: 'Microsoft-Windows-Sysmon/Operational', Computer: 'WS1' }, EventData: { Image: 'C:\\a.exe', ProcessId: n } }),
    numberOf: byRecordId,
  },
  {
    name: 'sentinel windowsevent',
    row: (n) => json({ TimeGenerated: '2024-01-02T03:04:05.678Z', Computer: 'WS1', Channel: 'Microsoft-Windows-Sysmon/Operational', Provider: 'Microsoft-Windows-Sysmon', EventID: 1, EventRecordId: n, EventData: { Image: 'C:\\a.exe', ProcessId: String(n) } }),
    numberOf: byRecordId,
  },
  {
    name: 'sentinel securityevent',
    row: (n) => json({ TimeGenerated: '2024-01-02T03:04:05.678Z', Computer: 'WS1', EventID: 4688, Channel: 'Security', EventSourceName: 'Microsoft-Windows-Security-Auditing', EventData: `<EventData><Data Name="NewProcessId">0x${n.toString(16)}</Data><Data Name="NewProcessName">C:\\a.exe</Data></EventData>` }),
    numberOf: byPid,
  },
  {
    name: 'defender',
    row: (n) => json({ Timestamp: '2024-01-02T03:04:05.678Z', DeviceName: 'ws1', ActionType: 'ProcessCreated', FileName: 'a.exe', FolderPath: 'C:\\a.exe', ProcessId: n, ProcessCommandLine: 'a.exe' }),
    numberOf: byPid,
  },
  {
    name: 'zeek',
    row: (n) => json({ _path: 'conn', ts: 1588205201.001, uid: `C${n}`, 'id.orig_h': '10.0.1.6', 'id.orig_p': n, 'id.resp_h': '10.0.0.5', 'id.resp_p': 445, proto: 'tcp', conn_state: 'S0' }),
    numberOf: bySourcePort,
  },
];

for (const dialect of DIALECTS) {
  fuzzTextFormat({ name: `json ${dialect.name}`, reader: readJson, header: [], row: dialect.row, numberOf: dialect.numberOf, rejectsByLine: true, runs: 40, isRecord });
}

// An array: elements are found by a scanner, not by lines, and rejections name offsets.
const nxlog = DIALECTS[0]!;
fuzzTextFormat({ name: 'json array', reader: readJson, header: ['['], row: nxlog.row, wrap: (record) => `${record},`, footer: [`${nxlog.row(0)}]`], extraRecords: 1, numberOf: nxlog.numberOf, rejectsByLine: false, runs: 60, isRecord });
