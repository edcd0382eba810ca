// raw_field() reads a record's original fields as Sigma rules read them (one reading,
// ingest/recordFields.ts), in every format: one Sysmon process creation written as EVTX-XML,
// evtx_dump JSON, EvtxECmd JSON and CSV, a Sentinel Event row (EventData XML inside a column),
// PowerShell's Export-Csv and Event Viewer's CSV (event data in the rendered message), and a
// Zeek conn row. For each, raw_field gives what Sigma's record reading gives, and the concrete
// values: System fields (Computer), EventData, and fields that exist only inside a payload or
// message, which raw_field could not reach before.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { RecordReader } from '../../../src/core/sigma/records';
import { recordPointers } from '../../../src/core/store/recordPointers';

const COMPUTER = 'ws01.corp.example';
const PROVIDER = 'Microsoft-Windows-Sysmon';
const CHANNEL = 'Microsoft-Windows-Sysmon/Operational';
const TIME = '2020-09-04T03:00:00.1234567Z';
const DATA: readonly (readonly [string, string])[] = [
  ['UtcTime', '2020-09-04 03:00:00.120'], ['ProcessGuid', '{39e4a257-af46-5f51-7b03-000000000700}'], ['ProcessId', '4812'],
  ['Image', 'C:\\Windows\\System32\\whoami.exe'], ['OriginalFileName', 'whoami.exe'], ['CommandLine', 'whoami /all'],
  ['User', 'CORP\\bob'], ['IntegrityLevel', 'High'], ['ParentImage', 'C:\\Windows\\System32\\cmd.exe'],
];
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function eventDataXml(): string {
  return `<EventData xmlns="${NS}">${DATA.map(([n, v]) => `<Data Name="${n}">${escapeXml(v)}</Data>`).join('')}</EventData>`;
}

function csvField(value: unknown): string {
  const text = String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function csv(header: readonly string[], row: readonly unknown[], before = ''): string {
  return `${before}${header.map(csvField).join(',')}\r\n${row.map(csvField).join(',')}\r\n`;
}

const evtxXml = (): string => `<Events><Event xmlns="${NS}"><System><Provider Name="${PROVIDER}"/><EventID>1</EventID><Level>4</Level>`
  + `<TimeCreated SystemTime="${TIME}"/><EventRecordID>7</EventRecordID><Execution ProcessID="2044" ThreadID="3120"/>`
  + `<Channel>${CHANNEL}</Channel><Computer>${COMPUTER}</Computer></System>${eventDataXml()}</Event></Events>\n`;

const evtxDump = (): string => `${JSON.stringify({
  Event: {
    '#attributes': { xmlns: NS },
    System: {
      Provider: { '#attributes': { Name: PROVIDER } }, EventID: 1, Level: 4, TimeCreated: { '#attributes': { SystemTime: TIME } },
      EventRecordID: 7, Execution: { '#attributes': { ProcessID: 2044, ThreadID: 3120 } }, Channel: CHANNEL, Computer: COMPUTER,
    },
    EventData: Object.fromEntries(DATA),
  },
})}\n`;

/** EvtxECmd's record: System fields as its own columns, the event data only inside Payload's text. */
function evtxECmdRecord(): Record<string, string | number> {
  return {
    RecordNumber: 7, EventRecordId: '7', TimeCreated: '2020-09-04 03:00:00.1234567', EventId: 1, Level: 'Info', Provider: PROVIDER,
    Channel: CHANNEL, ProcessId: 2044, ThreadId: 3120, Computer: COMPUTER, ChunkNumber: 0, UserId: 'S-1-5-18', MapDescription: 'Process creation',
    PayloadData1: 'ProcessID: 4812', ExecutableInfo: 'whoami /all', SourceFile: 'C:\\Triage\\Sysmon.evtx', Keywords: 'Classic', ExtraDataOffset: 0,
    Payload: JSON.stringify({ EventData: { Data: DATA.map(([name, text]) => ({ '@Name': name, '#text': text })) } }),
  };
}

const EVTXECMD_COLUMNS = ['RecordNumber', 'EventRecordId', 'TimeCreated', 'EventId', 'Level', 'Provider', 'Channel', 'ProcessId', 'ThreadId', 'Computer',
  'ChunkNumber', 'UserId', 'MapDescription', 'UserName', 'RemoteHost', 'PayloadData1', 'PayloadData2', 'PayloadData3', 'PayloadData4',
  'PayloadData5', 'PayloadData6', 'ExecutableInfo', 'HiddenRecord', 'SourceFile', 'Keywords', 'ExtraDataOffset', 'Payload'];

const evtxECmdCsv = (): string => {
  const record = evtxECmdRecord();
  return csv(EVTXECMD_COLUMNS, EVTXECMD_COLUMNS.map((c) => record[c] ?? ''));
};

/** Sentinel's Event table: the event data is the `<DataItem><EventData>` XML text of one column. */
const sentinelEvent = (): string => `${JSON.stringify({
  TenantId: 'b1a8c1a4-0000-0000-0000-000000000000', SourceSystem: 'OpsManager', Source: PROVIDER, EventLog: CHANNEL, Computer: COMPUTER,
  EventLevel: 4, EventLevelName: 'Information', EventData: `<DataItem type="System.XmlData" time="2020-09-04T03:00:00.1234567+00:00">${eventDataXml()}</DataItem>`,
  EventID: 1, RenderedDescription: 'Process Create:', TimeGenerated: TIME, Type: 'Event',
})}\n`;

const MESSAGE = ['Process Create:', ...DATA.map(([name, text]) => `${name}: ${text}`)].join('\r\n');

/** PowerShell's Export-Csv of Get-WinEvent: the event data only in the rendered Message's `Label: value` lines. */
const exportCsv = (): string => csv(
  ['Message', 'Id', 'Level', 'RecordId', 'ProviderName', 'LogName', 'ProcessId', 'ThreadId', 'MachineName', 'TimeCreated'],
  [MESSAGE, '1', '4', '7', PROVIDER, CHANNEL, '2044', '3120', COMPUTER, '2020-09-04T03:00:00.1234567Z'],
  '#TYPE System.Diagnostics.Eventing.Reader.EventLogRecord\r\n',
);

/** Event Viewer's "Save as CSV": five named columns and the message, no computer. */
const eventViewerCsv = (): string => csv(
  ['Level', 'Date and Time', 'Source', 'Event ID', 'Task Category'],
  ['Information', '9/4/2020 3:00:00 AM', PROVIDER, '1', 'Process Create (rule: ProcessCreate)', MESSAGE],
);

const ZEEK_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'conn_state', 'history'];
const zeekConn = (): string => [
  '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', '#open\t2020-09-04-03-00-00',
  `#fields\t${ZEEK_FIELDS.join('\t')}`, `#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tstring\tstring`,
  ['1599188400.000000', 'CHhAvVGS1DHFjwGM9', '10.0.0.5', '50123', '10.0.0.9', '445', 'tcp', '-', '0.5', 'SF', 'ShADadFf'].join('\t'),
  '',
].join('\n');

/** Fields of the Sysmon event every Windows format holds, with the values Sigma reads (EventID a number). */
const WINDOWS_FIELDS: Readonly<Record<string, string | number>> = {
  Image: 'C:\\Windows\\System32\\whoami.exe', CommandLine: 'whoami /all', IntegrityLevel: 'High', OriginalFileName: 'whoami.exe',
  ProcessId: '4812', EventID: 1, Provider_Name: PROVIDER, Channel: CHANNEL,
  // Names compare without case and blanks, as Sigma compares them.
  'command line': 'whoami /all', ' Integrity Level ': 'High',
};

interface Case {
  readonly name: string;
  readonly file: string;
  readonly text: () => string;
  /** The values raw_field must give, each also what Sigma reads unless listed in `formatOnly`. */
  readonly expected: Readonly<Record<string, string | number | null>>;
  /** Names only the format's own reading has (an XML element, a CSV column): Sigma does not read them. */
  readonly formatOnly?: readonly string[];
}

const CASES: readonly Case[] = [
  { name: 'EVTX-XML', file: 'events.xml', text: evtxXml, expected: { ...WINDOWS_FIELDS, Computer: COMPUTER, EventRecordID: 7, TimeCreated: TIME }, formatOnly: ['TimeCreated'] },
  { name: 'evtx_dump JSON', file: 'events.json', text: evtxDump, expected: { ...WINDOWS_FIELDS, Computer: COMPUTER, EventRecordID: 7, 'Event.System.Channel': CHANNEL }, formatOnly: ['Event.System.Channel'] },
  { name: 'EvtxECmd JSON', file: 'events.json', text: () => `${JSON.stringify(evtxECmdRecord())}\n`, expected: { ...WINDOWS_FIELDS, Computer: COMPUTER, ThreadId: 3120 }, formatOnly: ['ThreadId'] },
  { name: 'EvtxECmd CSV', file: 'events.csv', text: evtxECmdCsv, expected: { ...WINDOWS_FIELDS, Computer: COMPUTER, ThreadId: '3120' }, formatOnly: ['ThreadId'] },
  { name: 'Sentinel Event JSON', file: 'events.json', text: sentinelEvent, expected: { ...WINDOWS_FIELDS, Computer: COMPUTER, EventLevelName: 'Information' }, formatOnly: ['EventLevelName'] },
  { name: 'PowerShell Export-Csv', file: 'events.csv', text: exportCsv, expected: { ...WINDOWS_FIELDS, Computer: COMPUTER, MachineName: COMPUTER, ThreadId: '3120' }, formatOnly: ['MachineName', 'ThreadId'] },
  { name: 'Event Viewer CSV', file: 'events.csv', text: eventViewerCsv, expected: { ...WINDOWS_FIELDS, Computer: null } },
  {
    name: 'Zeek conn', file: 'conn.log', text: zeekConn,
    expected: { uid: 'CHhAvVGS1DHFjwGM9', 'id.orig_h': '10.0.0.5', 'ID.RESP_P': '445', 'His tory': 'ShADadFf', service: null },
  },
];

/** A Sigma field value as SQL gives it: absent is null, a boolean its text. */
function asSql(value: string | number | boolean | null | undefined): string | number | null {
  if (value === undefined || value === null) return null;
  return typeof value === 'boolean' ? String(value) : value;
}

for (const c of CASES) {
  test(`raw_field over ${c.name} reads the record's fields as Sigma does`, async () => {
    const dir = mkdtempSync(join(tmpdir(), 'huntbench-rawfield-'));
    const file = join(dir, c.file);
    writeFileSync(file, c.text());
    const session = await HuntSession.create(defaultModules);
    try {
      const report = await session.load([file]);
      assert.equal(report.sources[0]?.events, 1, JSON.stringify(report.sources));
      const id = Number(session.query('SELECT id FROM events').rows[0]![0]);
      const sigma = new RecordReader(session.store).event(recordPointers(session.store, [id]).get(id)!);
      for (const [name, value] of Object.entries(c.expected)) {
        const raw = session.query('SELECT raw_field(id, ?) FROM events WHERE id = ?', [name, id]).rows[0]![0];
        assert.deepEqual(raw, value, `raw_field(id, '${name}')`);
        if (!c.formatOnly?.includes(name)) assert.deepEqual(raw, asSql(sigma.value(name)), `Sigma's ${name}`);
      }
    } finally {
      session.close();
    }
  });
}
