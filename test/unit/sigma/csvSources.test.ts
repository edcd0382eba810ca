// Sigma rules over CSV exports of Windows events read each row as the loader did, by its
// export's dialect: the event data inside EvtxECmd's Payload, or in the rendered Message of
// PowerShell's Export-Csv (whose `#TYPE` line comes before the header), is seen by name, as
// from the EVTX it came from. Fields the schema does not hold (IntegrityLevel,
// OriginalFileName) cannot come from the normalized columns, so only that reading matches.
// raw_field() reads the same fields (ProcessId is the event's, 4812, not the writer's column), and
// the export's other columns under its header, after the `#TYPE` line too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { runSigmaRules } from '../../../src/core/sigma/run';
import { compileDetection } from './helpers';

const RULE = 'selection:\n  OriginalFileName: whoami.exe\n  IntegrityLevel: High\ncondition: selection';

const SYSMON_1: readonly (readonly [string, string])[] = [
  ['UtcTime', '2020-09-04 03:00:00.120'], ['ProcessGuid', '{39e4a257-af46-5f51-7b03-000000000700}'], ['ProcessId', '4812'],
  ['Image', 'C:\\Windows\\System32\\whoami.exe'], ['OriginalFileName', 'whoami.exe'], ['CommandLine', 'whoami /all'],
  ['User', 'CORP\\bob'], ['IntegrityLevel', 'High'], ['ParentImage', 'C:\\Windows\\System32\\cmd.exe'],
];

function csvField(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

function csv(header: readonly string[], row: readonly string[], before = ''): string {
  return `${before}${header.map(csvField).join(',')}\r\n${row.map(csvField).join(',')}\r\n`;
}

const EVTXECMD_HEADER = ['RecordNumber', 'EventRecordId', 'TimeCreated', 'EventId', 'Level', 'Provider', 'Channel', 'ProcessId', 'ThreadId', 'Computer',
  'ChunkNumber', 'UserId', 'MapDescription', 'UserName', 'RemoteHost', 'PayloadData1', 'PayloadData2', 'PayloadData3', 'PayloadData4',
  'PayloadData5', 'PayloadData6', 'ExecutableInfo', 'HiddenRecord', 'SourceFile', 'Keywords', 'ExtraDataOffset', 'Payload'];

function evtxECmd(): string {
  const payload = JSON.stringify({ EventData: { Data: SYSMON_1.map(([name, text]) => ({ '@Name': name, '#text': text })) } });
  const values: Record<string, string> = {
    RecordNumber: '7', EventRecordId: '7', TimeCreated: '2020-09-04 03:00:00.1234567', EventId: '1', Level: 'Info', Provider: 'Microsoft-Windows-Sysmon',
    Channel: 'Microsoft-Windows-Sysmon/Operational', ProcessId: '2044', ThreadId: '3120', Computer: 'ws01.corp.example', ChunkNumber: '0', UserId: 'S-1-5-18',
    MapDescription: 'Process creation', PayloadData1: 'ProcessID: 4812', ExecutableInfo: 'whoami /all', HiddenRecord: 'False',
    SourceFile: 'C:\\Triage\\Sysmon.evtx', Keywords: 'Classic', ExtraDataOffset: '0', Payload: payload,
  };
  return csv(EVTXECMD_HEADER, EVTXECMD_HEADER.map((name) => values[name] ?? ''));
}

function exportCsv(): string {
  const message = ['Process Create:', ...SYSMON_1.map(([name, text]) => `${name}: ${text}`)].join('\r\n');
  const header = ['Message', 'Id', 'Level', 'RecordId', 'ProviderName', 'LogName', 'ProcessId', 'MachineName', 'TimeCreated'];
  const row = [message, '1', '4', '7', 'Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational', '2044', 'ws01.corp.example', '2020-09-04T03:00:00.1234567Z'];
  return csv(header, row, '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n');
}

// Each with a column (and its value) that the event's fields do not hold.
for (const [name, text, [column, value]] of [['EvtxECmd CSV', evtxECmd(), ['ThreadId', '3120']], ['PowerShell Export-Csv', exportCsv(), ['MachineName', 'ws01.corp.example']]] as const) {
  test(`Sigma over ${name}: the event's own fields are matched by name`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-csv-'));
    const file = join(dir, 'events.csv');
    writeFileSync(file, text);
    const session = await HuntSession.create(defaultModules);
    try {
      const report = await session.load([file]);
      assert.equal(report.events, 1, JSON.stringify(report.sources[0]));
      const { compiled } = compileDetection(RULE);
      assert.equal(runSigmaRules(session.store, [compiled!]).detections[0]!.events.length, 1);
      const { compiled: other } = compileDetection('selection:\n  OriginalFileName: cmd.exe\ncondition: selection');
      assert.equal(runSigmaRules(session.store, [other!]).detections[0]!.events.length, 0, 'a value the event does not have');
      // The event's fields first, as Sigma reads them; a column the event lacks, read back from
      // the raw row under the header (after `#TYPE`).
      assert.equal(session.query("SELECT raw_field(id, 'ProcessId') FROM events").rows[0]![0], '4812');
      assert.equal(session.query('SELECT raw_field(id, ?) FROM events', [column]).rows[0]![0], value);
    } finally {
      session.close();
    }
  });
}
