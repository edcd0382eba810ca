// Fuzzing the CSV reader: Splunk exports, PowerShell Export-Csv (with its #TYPE line and
// local times) and plain named columns, with quoted fields holding commas, quotes and
// hostile text. See lineFormat.ts for the properties.

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
