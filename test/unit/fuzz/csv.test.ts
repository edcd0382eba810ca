// Fuzzing the CSV reader: Splunk exports, PowerShell Export-Csv (with its #TYPE line and
// local times), plain named columns, EvtxECmd (event data in a quoted JSON Payload), the
// Sentinel portal's export (EventData XML in a column) and Defender XDR's, with quoted fields
// holding commas, quotes and hostile text. See lineFormat.ts for the properties.

import { readCsv } from '../../../src/core/ingest/formats/csv';
import type { LoadedRecord } from '../../../src/core/types/records';
import { fuzzTextFormat } from './lineFormat';

const byRecordId = (r: LoadedRecord) => (typeof r.event.record_id === 'number' ? r.event.record_id : undefined);
const quote = (s: string) => `"${s.replace(/"/g, '""')}"`;

fuzzTextFormat({
  name: 'csv splunk',
  reader: readCsv,
  header: ['"_time",host,source,sourcetype,EventCode,LogName,SourceName,ComputerName,RecordNumber,Image,CommandLine,"_raw"'],
  row: (n) => ['2020-09-04T03:07:02.512+0000', 'wec01', 'XmlWinEventLog:Microsoft-Windows-Sysmon/Operational', 'XmlWinEventLog', '1', 'Microsoft-Windows-Sysmon/Operational',
    'Microsoft-Windows-Sysmon', 'WS6.theshire.local', String(n), 'C:\\Windows\\System32\\cmd.exe', quote(`cmd.exe /c "echo ${n}, done"`), quote('<Event/>')].join(','),
  numberOf: byRecordId,
  rejectsByLine: true,
});

fuzzTextFormat({
  name: 'csv powershell export',
  reader: readCsv,
  header: ['#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord', '"Message","Id","RecordId","ProviderName","LogName","MachineName","TimeCreated"'],
  row: (n) => [quote('The service was installed.'), '"7045"', `"${n}"`, '"Service Control Manager"', '"System"', '"WS02.corp.example"', '"10/29/2020 1:16:08 PM"'].join(','),
  numberOf: byRecordId,
  rejectsByLine: true,
});

fuzzTextFormat({
  name: 'csv named columns',
  reader: readCsv,
  header: ['TimeCreated,EventID,RecordNumber,Computer,Channel,Provider,Image'],
  row: (n) => `2020-09-04T03:07:02Z,4688,${n},WS1,Security,Microsoft-Windows-Security-Auditing,C:\\x${n}.exe`,
  numberOf: byRecordId,
  rejectsByLine: true,
});

fuzzTextFormat({
  name: 'csv evtxecmd',
  reader: readCsv,
  header: ['RecordNumber,EventRecordId,TimeCreated,EventId,Level,Provider,Channel,ProcessId,ThreadId,Computer,ChunkNumber,UserId,MapDescription,UserName,RemoteHost,PayloadData1,PayloadData2,PayloadData3,PayloadData4,PayloadData5,PayloadData6,ExecutableInfo,HiddenRecord,SourceFile,Keywords,ExtraDataOffset,Payload'],
  row: (n) => [String(n), String(n), '2020-09-04 03:00:00.0000000', '1', 'Info', 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', '2044', '3120', 'WS1', '0', 'S-1-5-18',
    'Process creation', '', '', quote(`ProcessID: ${n}`), '', '', '', '', '', quote('cmd.exe /c "x"'), 'False', quote('C:\\Triage\\Sysmon.evtx'), 'Classic', '0',
    quote(JSON.stringify({ EventData: { Data: [{ '@Name': 'Image', '#text': 'C:\\a.exe' }, { '@Name': 'ProcessId', '#text': String(n) }] } }))].join(','),
  numberOf: byRecordId,
  rejectsByLine: true,
});

const byPid = (r: LoadedRecord) => (typeof r.event.pid === 'number' ? r.event.pid : undefined);

fuzzTextFormat({
  name: 'csv sentinel securityevent',
  reader: readCsv,
  header: ['"TimeGenerated [UTC]",Computer,EventID,Channel,EventSourceName,EventData'],
  row: (n) => ['"2/25/2025, 9:19:25.391 AM"', 'WS1', '4688', 'Security', 'Microsoft-Windows-Security-Auditing',
    quote(`<EventData><Data Name="NewProcessId">0x${n.toString(16)}</Data><Data Name="NewProcessName">C:\\a.exe</Data></EventData>`)].join(','),
  numberOf: byPid,
  rejectsByLine: true,
});

fuzzTextFormat({
  name: 'csv defender',
  reader: readCsv,
  header: ['Timestamp,DeviceName,ActionType,FileName,FolderPath,ProcessId,ProcessCommandLine'],
  row: (n) => ['2024-01-02T03:04:05.678Z', 'ws1', 'ProcessCreated', 'a.exe', 'C:\\a.exe', String(n), quote('a.exe /x "y, z"')].join(','),
  numberOf: byPid,
  rejectsByLine: true,
});
