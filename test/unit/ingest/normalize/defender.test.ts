// Microsoft Defender XDR advanced hunting exports (DeviceProcessEvents, DeviceNetworkEvents,
// DeviceLogonEvents) as JSON (API, "Export to JSON") and as the portal's CSV export: a PsExec
// moment on FS01 (an inbound SMB connection accepted by System, services.exe starting cmd.exe,
// a network logon from WS02) is written as Defender rows and as the Sysmon 1 / Sysmon 3 /
// Security 4624 <Event> XML of the same moment, and both must normalize alike where the schema
// overlaps; the rest is what docs/formats.md documents.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readCsv } from '../../../../src/core/ingest/formats/csv';
import { readEvtxXml } from '../../../../src/core/ingest/formats/evtxXml';
import { readJson } from '../../../../src/core/ingest/formats/json';
import { defaultModules } from '../../../../src/core/ingest/loadModules';
import { huntFiles, loadHuntFile } from '../../../../src/core/dsl/load';
import { runAnalytics } from '../../../../src/core/match/run';
import type { NormalizedEvent } from '../../../../src/core/schema/columns';
import { HuntSession } from '../../../../src/core/session/session';
import { read } from '../formats/helpers';

const REPO = join(__dirname, '..', '..', '..', '..');
const NS = 'http://schemas.microsoft.com/win/2004/08/events/event';
const DEVICE = 'fs01.corp.example';

function eventXml(provider: string, channel: string, eventId: number, time: string, data: Record<string, string>): string {
  const fields = Object.entries(data).map(([name, value]) => `<Data Name="${name}">${value}</Data>`).join('');
  return `<Event xmlns="${NS}"><System><Provider Name="${provider}"/><EventID>${eventId}</EventID><TimeCreated SystemTime="${time}"/>`
    + `<EventRecordID>7</EventRecordID><Channel>${channel}</Channel><Computer>${DEVICE}</Computer></System><EventData>${fields}</EventData></Event>\n`;
}

const SYSMON = ['Microsoft-Windows-Sysmon', 'Microsoft-Windows-Sysmon/Operational'] as const;

/** The SMB server (System, pid 4) accepts WS02's connection on 445. */
const SYSMON_3 = eventXml(...SYSMON, 3, '2024-05-06T07:08:10.000Z', {
  UtcTime: '2024-05-06 07:08:09.120', ProcessGuid: '{5770385f-0000-0000-0000-000000000004}', ProcessId: '4', Image: 'System',
  User: 'NT AUTHORITY\\SYSTEM', Protocol: 'tcp', Initiated: 'false', SourceIp: '10.0.0.22', SourcePort: '50311',
  DestinationIp: '10.0.0.31', DestinationPort: '445',
});
const NETWORK_ROW = {
  Timestamp: '2024-05-06T07:08:09.1200000Z', DeviceId: 'a1b2c3d4e5f6a1b2c3d4e5f6a1b2c3d4e5f6a1b2', DeviceName: DEVICE,
  ActionType: 'InboundConnectionAccepted', RemoteIP: '10.0.0.22', RemotePort: 50311, RemoteUrl: '', LocalIP: '::ffff:10.0.0.31',
  LocalPort: 445, Protocol: 'Tcp', LocalIPType: 'Private', RemoteIPType: 'Private', InitiatingProcessFileName: 'System',
  InitiatingProcessFolderPath: '', InitiatingProcessId: 4, InitiatingProcessAccountDomain: 'nt authority',
  InitiatingProcessAccountName: 'system', ReportId: 1201, AdditionalFields: { direction: 'In' },
};

/** services.exe starts the service's command. */
const SYSMON_1 = eventXml(...SYSMON, 1, '2024-05-06T07:08:11.000Z', {
  UtcTime: '2024-05-06 07:08:10.456', ProcessGuid: '{5770385f-c22a-43e0-bf4c-06f5698ffbd9}', ProcessId: '5120',
  Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: 'cmd.exe /c "whoami &gt; C:\\Windows\\Temp\\o.txt"', User: 'NT AUTHORITY\\SYSTEM',
  LogonId: '0x3e7', ParentProcessGuid: '{5770385f-c22a-43e0-bf4c-06f5698ffb01}', ParentProcessId: '640',
  ParentImage: 'C:\\Windows\\System32\\services.exe', ParentCommandLine: 'C:\\Windows\\system32\\services.exe',
});
const PROCESS_ROW = {
  Timestamp: '2024-05-06T07:08:10.4560000Z', DeviceId: NETWORK_ROW.DeviceId, DeviceName: DEVICE, ActionType: 'ProcessCreated',
  FileName: 'cmd.exe', FolderPath: 'C:\\Windows\\System32\\cmd.exe', SHA1: 'ab'.repeat(20), ProcessId: 5120,
  ProcessCommandLine: 'cmd.exe /c "whoami > C:\\Windows\\Temp\\o.txt"', ProcessIntegrityLevel: 'System',
  ProcessCreationTime: '2024-05-06T07:08:10.4520000Z', AccountDomain: 'NT AUTHORITY', AccountName: 'SYSTEM', AccountSid: 'S-1-5-18',
  LogonId: 999, InitiatingProcessFileName: 'services.exe', InitiatingProcessFolderPath: 'c:\\windows\\system32\\services.exe',
  InitiatingProcessId: 640, InitiatingProcessCommandLine: 'services.exe', InitiatingProcessParentFileName: 'wininit.exe', ReportId: 1202,
};

/** WS02's network logon as bob. */
const LOGON_4624 = eventXml('Microsoft-Windows-Security-Auditing', 'Security', 4624, '2024-05-06T07:08:08.777Z', {
  SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0', TargetUserSid: 'S-1-5-21-1-1104',
  TargetUserName: 'bob', TargetDomainName: 'CORP', TargetLogonId: '0x2153a91c', LogonType: '3', LogonProcessName: 'NtLmSsp ',
  AuthenticationPackageName: 'NTLM', WorkstationName: 'WS02', ProcessId: '0x0', ProcessName: '-', IpAddress: '10.0.0.22', IpPort: '50312',
});
const LOGON_ROW = {
  Timestamp: '2024-05-06T07:08:08.7770000Z', DeviceId: NETWORK_ROW.DeviceId, DeviceName: DEVICE, ActionType: 'LogonSuccess',
  AccountDomain: 'CORP', AccountName: 'bob', AccountSid: 'S-1-5-21-1-1104', LogonType: 'Network', Protocol: 'NTLM', FailureReason: '',
  IsLocalAdmin: true, LogonId: 559130908, RemoteDeviceName: 'ws02.corp.example', RemoteIP: '10.0.0.22', RemoteIPType: 'Private',
  RemotePort: 50312, InitiatingProcessFileName: 'lsass.exe', InitiatingProcessFolderPath: 'c:\\windows\\system32\\lsass.exe',
  InitiatingProcessId: 688, InitiatingProcessAccountDomain: 'nt authority', InitiatingProcessAccountName: 'system', ReportId: 1200,
};

const ROWS = [LOGON_ROW, NETWORK_ROW, PROCESS_ROW];

async function fromXml(xml: string): Promise<NormalizedEvent> {
  const { records, rejections } = await read(readEvtxXml, Buffer.from(xml));
  assert.deepEqual(rejections, []);
  return records[0]!.event;
}

/** The columns Defender has no value for (no event id, GUIDs or record number), the source's own names, and the time as written. */
const NOT_COMPARED = ['provider', 'channel', 'event_id', 'record_id', 'ts_raw', 'process_guid', 'parent_guid'] as const;

function overlap(event: NormalizedEvent, also: readonly (keyof NormalizedEvent)[] = []): Partial<NormalizedEvent> {
  const copy: Partial<NormalizedEvent> = { ...event };
  for (const column of [...NOT_COMPARED, ...also]) delete copy[column];
  return copy;
}

/** What each Defender row must give: the Windows event's columns where they overlap, and the documented rest. */
async function assertLikeWindows(events: readonly NormalizedEvent[]): Promise<void> {
  const [logon, network, process] = events;
  assert.deepEqual(events.map((e) => [e.provider, e.channel, e.event_id, e.record_id]), [
    ['Microsoft-Defender-XDR', 'DeviceLogonEvents', null, null],
    ['Microsoft-Defender-XDR', 'DeviceNetworkEvents', null, null],
    ['Microsoft-Defender-XDR', 'DeviceProcessEvents', null, null],
  ]);
  // The process start, parent and logon id (Defender's decimal LUID in hex) as Sysmon 1 gives
  // them; the parent's path as Defender writes InitiatingProcessFolderPath (lower case).
  assert.deepEqual(overlap(process!, ['parent_image']), overlap(await fromXml(SYSMON_1), ['parent_image']));
  assert.deepEqual([process!.parent_image, process!.parent_name, process!.logon_id], ['c:\\windows\\system32\\services.exe', 'services.exe', '0x3e7']);
  // The inbound connection as Sysmon 3 (Initiated false) gives it; Defender writes the account in lower case.
  assert.deepEqual(overlap(network!, ['user']), overlap(await fromXml(SYSMON_3), ['user']));
  assert.deepEqual([network!.direction, network!.src_ip, network!.dst_ip, network!.dst_port, network!.pid, network!.process_name, network!.user],
    ['inbound', '10.0.0.22', '10.0.0.31', 445, 4, 'system', 'nt authority\\system']);
  // The logon as 4624 gives it, but its acting process: 4624 names none for a network logon, Defender the initiating one.
  const acting = ['pid', 'image', 'process_name', 'user'] as const;
  assert.deepEqual(overlap(logon!, acting), overlap(await fromXml(LOGON_4624), acting));
  assert.deepEqual([logon!.logon_type, logon!.target_user, logon!.src_host, logon!.logon_id, logon!.process_name, logon!.user],
    [3, 'CORP\\bob', 'WS02', '0x2153a91c', 'lsass.exe', 'nt authority\\system']);
}

function ndjson(rows: readonly object[]): Buffer {
  return Buffer.from(rows.map((row) => JSON.stringify(row)).join('\n') + '\n');
}

/** The portal's CSV export: a header of the projected columns, ISO times with seven fraction digits, CRLF. */
function portalCsv(rows: readonly Record<string, unknown>[]): Buffer {
  const columns = [...new Set(rows.flatMap((row) => Object.keys(row)))];
  const cell = (value: unknown): string => {
    const text = typeof value === 'object' && value !== null ? JSON.stringify(value) : String(value ?? '');
    return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
  };
  return Buffer.from([columns.join(','), ...rows.map((row) => columns.map((c) => cell(row[c])).join(','))].join('\r\n') + '\r\n');
}

test('Defender JSON (API, one table per record or a union): process, network and logon rows normalize as Sysmon 1, Sysmon 3 and 4624', async () => {
  const { records, rejections, warnings, dialects } = await read(readJson, ndjson(ROWS), 11);
  assert.deepEqual([rejections, warnings, dialects], [[], [], ['defender-xdr']]);
  await assertLikeWindows(records.map((r) => r.event));
  // "Export to JSON" writes an array.
  const array = await read(readJson, Buffer.from(JSON.stringify(ROWS, null, 2)), 13);
  assert.deepEqual(array.records.map((r) => r.event), records.map((r) => r.event));
});

test('Defender portal CSV: one table per export, or a union of the three in one header', async () => {
  for (const rows of ROWS) {
    const csv = await read(readCsv, portalCsv([rows]), 17);
    assert.deepEqual([csv.rejections, csv.warnings, csv.dialects, csv.records.length], [[], [], ['defender-xdr'], 1]);
  }
  const union = await read(readCsv, portalCsv(ROWS));
  assert.deepEqual([union.rejections, union.warnings, union.dialects], [[], [], ['defender-xdr']]);
  await assertLikeWindows(union.records.map((r) => r.event));
  assert.equal(union.records[0]!.event.ts_raw, '2024-05-06T07:08:08.7770000Z');
});

test('Defender network ActionTypes: outbound success and failure, listeners; ConnectionFound says no side and stays other', async () => {
  const base = { ...NETWORK_ROW, InitiatingProcessFileName: 'powershell.exe', InitiatingProcessFolderPath: 'C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\', InitiatingProcessId: 7000 };
  const rows = [
    { ...base, ActionType: 'ConnectionSuccess', LocalIP: '10.0.0.31', LocalPort: 50400, RemoteIP: '10.0.0.5', RemotePort: 5985, Protocol: 'TcpV4' },
    { ...base, ActionType: 'ConnectionFailed', LocalIP: '10.0.0.31', LocalPort: 50401, RemoteIP: '10.0.0.6', RemotePort: 135 },
    { ...base, ActionType: 'ListeningConnectionCreated', LocalIP: '0.0.0.0', LocalPort: 4444, RemoteIP: '', RemotePort: '' },
    { ...base, ActionType: 'ConnectionFound' },
  ];
  const { records } = await read(readJson, ndjson(rows));
  const got = records.map(({ event: e }) => [e.category, e.action, e.direction, e.protocol, e.src_ip, e.src_port, e.dst_ip, e.dst_port, e.local_ports]);
  assert.deepEqual(got, [
    ['network', 'connect', 'outbound', 'tcp', '10.0.0.31', 50400, '10.0.0.5', 5985, null],
    ['network', 'attempt', 'outbound', 'tcp', '10.0.0.31', 50401, '10.0.0.6', 135, null],
    ['network', 'listen', null, 'tcp', null, null, '0.0.0.0', 4444, '4444'],
    ['other', null, null, null, null, null, null, null, null],
  ]);
  // A FolderPath that is the folder gets the file name.
  assert.deepEqual([records[0]!.event.image, records[0]!.event.pid], ['C:\\Windows\\System32\\WindowsPowerShell\\v1.0\\powershell.exe', 7000]);
});

test('a Defender row of another table that has a process row\'s columns is not filed as DeviceProcessEvents', async () => {
  const file = { ...PROCESS_ROW, ActionType: 'FileCreated', FolderPath: 'C:\\Windows\\Temp\\cmd.exe', ProcessCommandLine: undefined };
  const image = { ...PROCESS_ROW, ActionType: 'ImageLoaded', FolderPath: 'C:\\Windows\\System32\\wininet.dll', ProcessCommandLine: undefined };
  const { records } = await read(readJson, ndjson([file, image, PROCESS_ROW]));
  assert.deepEqual(records.map(({ event: e }) => [e.channel, e.category]), [[null, 'other'], [null, 'other'], ['DeviceProcessEvents', 'process']]);
});

test('hostile Defender rows: names of Object members, objects for text and bad times cost their own row only', async () => {
  const lines = [
    JSON.stringify({ ...LOGON_ROW, LogonType: 'constructor', ActionType: 'toString' }),
    JSON.stringify({ ...PROCESS_ROW, FolderPath: { toString: 'x' }, ProcessId: 1e300 }).replace('{', '{"__proto__":"p","constructor":"c",'),
    '{"Timestamp": "2024-05-06T07:08:10Z", "DeviceName": ',
    JSON.stringify(PROCESS_ROW),
  ];
  const json = await read(readJson, Buffer.from(lines.join('\n') + '\n'));
  assert.deepEqual(json.rejections.map((r) => r.line), [3]);
  const [odd, objects, good] = json.records.map((r) => r.event);
  assert.deepEqual([odd!.category, odd!.channel, odd!.logon_type], ['other', 'DeviceLogonEvents', null]);
  assert.deepEqual([objects!.category, objects!.image, objects!.process_name, objects!.pid], ['process', 'cmd.exe', 'cmd.exe', null]);
  assert.equal(good!.process_name, 'cmd.exe');
  const csv = await read(readCsv, portalCsv([PROCESS_ROW, { ...PROCESS_ROW, Timestamp: 'yesterday' }, PROCESS_ROW]));
  assert.equal(csv.records.length, 2);
  assert.deepEqual(csv.rejections.map((r) => [r.line, r.reason]), [[3, 'unreadable time "yesterday" in column Timestamp']]);
});

test('a Defender export of a PsExec-style service execution, loaded with the real loader, is an SVC-RPC-EXEC chain', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-defender-'));
  const session = await HuntSession.create(defaultModules);
  try {
    const file = join(dir, 'hunting.json');
    writeFileSync(file, JSON.stringify(ROWS));
    await session.load([file]);
    const plans = huntFiles([join(REPO, 'analytics')]).flatMap((p) => loadHuntFile(p).plans);
    const chains = runAnalytics(session.store, plans).chains.filter((c) => c.analytic === 'SVC-RPC-EXEC');
    assert.equal(chains.length, 1);
    assert.equal(chains[0]!.key.host, 'FS01');
    const steps = Object.fromEntries(chains[0]!.steps.map((s) => [s.name, s.events.map((e) => e.id)]));
    const rows = session.store.all('SELECT id, channel, peer_scope FROM events ORDER BY id');
    const idOf = (channel: string) => rows.find((r) => r.channel === channel)!.id;
    assert.deepEqual([steps.inbound, steps.child], [[idOf('DeviceNetworkEvents')], [idOf('DeviceProcessEvents')]]);
    assert.equal(rows.find((r) => r.channel === 'DeviceNetworkEvents')!.peer_scope, 'internal');
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
