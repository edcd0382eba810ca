// CSV reader: Splunk exports, Event Viewer "Save as CSV" (UTF-8 and UTF-16LE with BOM),
// multi-line quoted fields, bad rows and unterminated quotes.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv } from '../../../../src/core/ingest/formats/csv';
import { quoteStateAfter } from '../../../../src/core/ingest/formats/csvRecords';
import { eventViewerEvent } from '../../../../src/core/ingest/formats/eventViewerCsv';
import { localTimeAsIso } from '../../../../src/core/ingest/formats/localTime';
import { normalizeWinEvent } from '../../../../src/core/ingest/normalize/windows';
import { fixture, rawText, read, utf16le } from './helpers';

test('Splunk CSV: system columns, EventData columns, multi-line field, short row rejected', async () => {
  const bytes = fixture('splunk.csv');
  for (const chunkSize of [undefined, 5]) {
    const { records, rejections, dialects } = await read(readCsv, bytes, chunkSize);
    assert.deepEqual(dialects, ['splunk']);
    assert.deepEqual(records.map((r) => r.event.event_id), [1, 4688, 7045]);
    const [sysmon, security, service] = records.map((r) => r.event);
    assert.equal(sysmon!.channel, 'Microsoft-Windows-Sysmon/Operational');
    assert.equal(sysmon!.host, 'WORKSTATION6', 'ComputerName wins over the Splunk host (the forwarder)');
    assert.equal(sysmon!.command_line, 'cmd.exe /c "whoami, hostname"');
    assert.equal(sysmon!.process_guid, '{39e4a257-af46-5f51-7b03-000000000700}');
    assert.equal(sysmon!.ts, Date.UTC(2020, 8, 4, 3, 7, 2, 512));
    assert.equal(security!.channel, 'Security', 'empty LogName falls back to the Splunk source');
    assert.equal(security!.command_line, 'powershell.exe -nop\n-w hidden');
    assert.equal(service!.channel, 'System');
    assert.deepEqual(records.map((r) => r.pointer.line), [2, 3, 6]);
    assert.match(rawText(bytes, records[1]!), /^"2020-09-04T03:07:03\.100\+0000".*\n-w hidden",,,"\.\.\.",""$/s);
    assert.equal(rejections.length, 1);
    assert.equal(rejections[0]!.line, 5);
    assert.match(rejections[0]!.reason, /row has 6 fields, the header has 15/);
  }
});

test('Event Viewer CSV: message fields, local times moved to UTC by the offset Sysmon rows show, bad date rejected', async () => {
  const bytes = fixture('eventviewer.csv');
  const { records, rejections, warnings, dialects } = await read(readCsv, bytes, 11);
  assert.deepEqual(dialects, ['event-viewer']);
  assert.deepEqual(records.map((r) => r.event.event_id), [1, 4624, 7045]);
  const [sysmon, logon, service] = records.map((r) => r.event);
  assert.equal(sysmon!.provider, 'Microsoft-Windows-Sysmon');
  assert.equal(sysmon!.channel, 'Microsoft-Windows-Sysmon/Operational');
  assert.equal(sysmon!.image, 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(sysmon!.command_line, 'cmd.exe /c "whoami"');
  assert.equal(logon!.logon_type, 3);
  assert.equal(logon!.src_ip, '172.18.39.5');
  assert.equal(logon!.ts, Date.UTC(2020, 8, 4, 3, 7, 3), '8:07:03 PM at UTC-7, learned from the Sysmon row');
  assert.equal(logon!.ts_raw, '9/3/2020 8:07:03 PM');
  assert.equal(service!.service_name, 'PSEXESVC');
  assert.equal(service!.service_image, '%SystemRoot%\\PSEXESVC.exe');
  assert.equal(rejections.length, 1);
  assert.equal(rejections[0]!.line, 29);
  assert.match(rejections[0]!.reason, /unreadable date and time "13\/31\/2020 8:07:04 PM"/);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /no computer name, channel or record id/);
  assert.match(warnings[1]!, /local time of an unrecorded zone; 2 event time\(s\) were moved to UTC/);
  assert.match(rawText(bytes, records[0]!), /^Information,9\/3\/2020 8:07:02 PM,.*services\.exe"$/s);
});

test('Event Viewer CSV in UTF-16LE with BOM: same events, offsets in the original bytes', async () => {
  const utf8 = fixture('eventviewer.csv');
  const bytes = utf16le(utf8.toString());
  const plain = await read(readCsv, utf8);
  const wide = await read(readCsv, bytes, 333);
  assert.deepEqual(wide.records.map((r) => r.event), plain.records.map((r) => r.event));
  assert.deepEqual(wide.records.map((r) => r.pointer.line), plain.records.map((r) => r.pointer.line));
  for (const [i, record] of wide.records.entries()) {
    assert.equal(record.pointer.offset, 2 + plain.records[i]!.pointer.offset * 2);
    assert.equal(rawText(bytes, record, 'utf16le'), rawText(utf8, plain.records[i]!));
  }
});

test('Event Viewer message labels map to EventData names by section', () => {
  const row = eventViewerEvent(['Information', '2020-09-04 20:07:03', 'Microsoft-Windows-Security-Auditing', '4688', 'Process Creation',
    'A new process has been created.\r\n\r\nCreator Subject:\r\n\tAccount Name:\t\tWS6$\r\n\r\nTarget Subject:\r\n\tAccount Name:\t\tpgustavo\r\n\r\nProcess Information:\r\n\tNew Process ID:\t\t0x12cc\r\n\tNew Process Name:\tC:\\Windows\\System32\\cmd.exe\r\n\tCreator Process Name:\tC:\\Windows\\System32\\services.exe\r\n\tProcess Command Line:\tcmd.exe /c whoami']);
  assert.equal(row.event.channel, 'Security');
  assert.equal(row.event.eventId, 4688);
  assert.equal(row.event.data.TargetUserName, 'pgustavo');
  assert.equal(row.event.data.NewProcessId, '0x12cc');
  assert.equal(row.event.data.CommandLine, 'cmd.exe /c whoami');
  assert.equal(row.event.data.ParentProcessName, 'C:\\Windows\\System32\\services.exe');
});

test('Security message labels that name other EventData per event: logon and share clients, logoffs, Kerberos, explicit credentials, creator subject', () => {
  const security = (eventId: number, message: string) =>
    normalizeWinEvent(eventViewerEvent(['Information', '2020-09-04 20:07:03', 'Microsoft-Windows-Security-Auditing', String(eventId), '', message.replace(/\n/g, '\r\n')]).event);
  const logon = security(4624, 'An account was successfully logged on.\n\nLogon Information:\n\tLogon Type:\t\t3\n\nNetwork Information:\n\tWorkstation Name:\tWS02\n\tSource Network Address:\t10.0.0.5\n\tSource Port:\t\t49822');
  assert.deepEqual([logon.src_ip, logon.src_port], ['10.0.0.5', 49822]);
  const share = security(5145, 'A network share object was checked.\n\nSubject:\n\tAccount Name:\t\tbob\n\tAccount Domain:\t\tCORP\n\nNetwork Information:\n\tObject Type:\t\tFile\n\tSource Address:\t\t10.0.0.5\n\tSource Port:\t\t49823\n\nShare Information:\n\tShare Name:\t\t\\\\*\\IPC$');
  assert.deepEqual([share.src_ip, share.src_port, share.user], ['10.0.0.5', 49823, 'CORP\\bob']);
  const wfp = security(5156, 'The Windows Filtering Platform has permitted a connection.\n\nNetwork Information:\n\tDirection:\t\tInbound\n\tSource Address:\t\t10.0.0.5\n\tSource Port:\t\t49824\n\tDestination Address:\t10.0.0.6\n\tDestination Port:\t\t445\n\tProtocol:\t\t6');
  assert.deepEqual([wfp.src_ip, wfp.src_port, wfp.dst_port, wfp.direction], ['10.0.0.5', 49824, 445, 'inbound'], 'the WFP events keep Source as SourceAddress');
  const logoff = security(4634, 'An account was logged off.\n\nSubject:\n\tAccount Name:\t\tbob\n\tAccount Domain:\t\tCORP\n\tLogon ID:\t\t0x5A3F21\n\nLogon Type:\t\t\t3');
  assert.deepEqual([logoff.target_user, logoff.logon_id, logoff.logon_type], ['CORP\\bob', '0x5A3F21', 3]);
  const explicit = security(4648, 'A logon was attempted using explicit credentials.\n\nAccount Whose Credentials Were Used:\n\tAccount Name:\t\tadmin\n\tAccount Domain:\t\tCORP\n\nNetwork Information:\n\tNetwork Address:\t10.0.0.7\n\tPort:\t\t\t445');
  assert.deepEqual([explicit.target_user, explicit.dst_ip, explicit.dst_port], ['CORP\\admin', '10.0.0.7', 445]);
  const ticket = security(4769, 'A Kerberos service ticket was requested.\n\nAccount Information:\n\tAccount Name:\t\tbob@CORP.LOCAL\n\tAccount Domain:\t\tCORP.LOCAL\n\nService Information:\n\tService Name:\t\tFS01$\n\nNetwork Information:\n\tClient Address:\t\t::ffff:10.0.0.5\n\tClient Port:\t\t49825');
  assert.deepEqual([ticket.target_user, ticket.service_name, ticket.src_ip, ticket.src_port], ['CORP.LOCAL\\bob@CORP.LOCAL', 'FS01$', '10.0.0.5', 49825]);
  const start = security(4688, 'A new process has been created.\n\nCreator Subject:\n\tAccount Name:\t\tbob\n\tAccount Domain:\t\tCORP\n\tLogon ID:\t\t0x5A3F21\n\nTarget Subject:\n\tAccount Name:\t\t-\n\tAccount Domain:\t\t-\n\nProcess Information:\n\tNew Process Name:\tC:\\Windows\\System32\\cmd.exe');
  assert.deepEqual([start.user, start.logon_id, start.process_name], ['CORP\\bob', '0x5A3F21', 'cmd.exe']);
});

test('Event Viewer firewall rule message: the rendered Direction and Action read like their numeric codes', () => {
  const message = 'A rule has been added to the Windows Defender Firewall exception list.\r\n\r\nAdded Rule:\r\n\tRule ID:\tRemoteDesktop-UserMode-In-TCP\r\n'
    + '\tRule Name:\tRemote Desktop - User Mode (TCP-In)\r\n\tDirection:\tInbound\r\n\tAction:\tAllow\r\n\tProtocol:\tTCP\r\n\tLocal Ports:\t3389\r\n'
    + '\tModifying Application:\tC:\\Windows\\System32\\netsh.exe';
  const row = normalizeWinEvent(eventViewerEvent(['Information', '2020-09-04 20:07:03', 'Microsoft-Windows-Windows Firewall With Advanced Security', '2004', 'None', message]).event);
  assert.deepEqual([row.action, row.rule_id, row.direction, row.fw_action, row.protocol, row.local_ports, row.process_name],
    ['rule_add', 'RemoteDesktop-UserMode-In-TCP', 'inbound', 'allow', 'tcp', '3389', 'netsh.exe']);
});

test('Event Viewer Service Control Manager sentences (7036, 7040, 7034, 7009) are read back into their params', () => {
  const scm = (eventId: number, message: string) => normalizeWinEvent(eventViewerEvent(['Information', '2020-09-04 20:07:03', 'Service Control Manager', String(eventId), 'None', message]).event);
  const state = scm(7036, 'The Windows Update service entered the running state.');
  assert.deepEqual([state.action, state.service_name, state.service_state], ['state', 'Windows Update', 'running']);
  const startType = scm(7040, 'The start type of the Background Intelligent Transfer Service service was changed from auto start to demand start.');
  assert.deepEqual([startType.service_name, startType.service_state], ['Background Intelligent Transfer Service', 'demand start']);
  const crash = scm(7034, 'The Updater service terminated unexpectedly.  It has done this 1 time(s).');
  assert.deepEqual([crash.action, crash.service_name, crash.service_state], ['crash', 'Updater', 'crashed']);
  const timeout = scm(7009, 'A timeout was reached (30000 milliseconds) while waiting for the Updater service to connect.');
  assert.deepEqual([timeout.service_name, timeout.service_state], ['Updater', 'timeout']);
  assert.equal(scm(7036, 'Der Dienst "Windows Update" befindet sich jetzt im Status "Wird ausgeführt".').service_name, null, 'another language matches no template');
});

test('locale date formats', () => {
  assert.equal(localTimeAsIso('9/4/2020 8:07:02 PM'), '2020-09-04 20:07:02');
  assert.equal(localTimeAsIso('9/4/2020 12:00:00 AM'), '2020-09-04 00:00:00');
  assert.equal(localTimeAsIso('04.09.2020 20:07:02'), '2020-09-04 20:07:02');
  assert.equal(localTimeAsIso('25/12/2020 08:00:00'), '2020-12-25 08:00:00');
  assert.equal(localTimeAsIso('2020-09-04 20:07:02'), '2020-09-04 20:07:02');
  // The Azure portal's CSV export: a comma after the date, milliseconds (`,` in some locales).
  assert.equal(localTimeAsIso('2/25/2025, 9:19:25.391 AM'), '2025-02-25 09:19:25.391');
  assert.equal(localTimeAsIso('25.2.2025, 17:14:32,12'), '2025-02-25 17:14:32.120');
  assert.equal(localTimeAsIso('13/31/2020 8:07:04 PM'), null);
  assert.equal(localTimeAsIso('yesterday'), null);
});

test('an unterminated quote is rejected at its line and the rows after it are kept', async () => {
  const text = 'EventCode,_time,CommandLine\n1,2020-09-04T03:07:02Z,"ok"\n1,2020-09-04T03:07:03Z,"never closed\n1,2020-09-04T03:07:04Z,after\n1,2020-09-04T03:07:05Z,"last"\n';
  const { records, rejections } = await read(readCsv, Buffer.from(text), 4);
  assert.deepEqual(records.map((r) => r.pointer.line), [2, 4, 5]);
  assert.equal(rejections.length, 1);
  assert.equal(rejections[0]!.line, 3);
  assert.match(rejections[0]!.reason, /malformed CSV record: .*; line skipped/);
  const cut = await read(readCsv, Buffer.from(text + '1,2020-09-04T03:07:06Z,"open\n1,2020-09-04T03:07:07Z,x\n'));
  assert.deepEqual(cut.records.map((r) => r.pointer.line), [2, 4, 5, 7]);
  assert.equal(cut.rejections[1]!.line, 6);
  assert.match(cut.rejections[1]!.reason, /unterminated quoted field starting on this line \(end of source reached\)/);
});

test('a quote bomb past the record cap is rejected without holding the file', async () => {
  const header = 'EventCode,_time,CommandLine\n';
  const bomb = '1,2020-09-04T03:07:03Z,"' + 'x'.repeat(1000).concat('\n').repeat(5000);
  const { records, rejections } = await read(readCsv, Buffer.from(header + bomb + '"\n4688,2020-09-04T03:07:09Z,tail\n'), 65536);
  assert.equal(rejections[0]!.line, 2);
  assert.match(rejections[0]!.reason, /record exceeds \d+ bytes/);
  assert.ok(records.some((r) => r.event.event_id === 4688), 'the row after the bomb is still read');
});

test('quote state follows RFC 4180: opening quotes only at field start, "" escapes', () => {
  assert.equal(quoteStateAfter('a,"b', false), true);
  assert.equal(quoteStateAfter('a,"b""c', false), true);
  assert.equal(quoteStateAfter('a,"b""c"', false), false);
  assert.equal(quoteStateAfter('a,b"c', false), false);
  assert.equal(quoteStateAfter('still inside",x', true), false);
});

test('a CSV without event id or time columns is not loaded as events', async () => {
  const { records, warnings } = await read(readCsv, Buffer.from('name,owner,location\nWS6,it,HQ\n'));
  assert.equal(records.length, 0);
  assert.deepEqual(warnings, ['CSV header (name,owner,location) has neither an event id column (EventCode, EventID) nor a time column (_time, TimeCreated): not a Windows event export; rows skipped']);
});

test('Event Viewer CSV from a German Windows is recognised by its shape', async () => {
  const text = 'Ebene,Datum und Uhrzeit,Quelle,Ereignis-ID,Aufgabenkategorie\r\nInformationen,04.09.2020 20:07:02,Microsoft-Windows-Sysmon,1,Process Create (rule: ProcessCreate),"Process Create:\r\nUtcTime: 2020-09-04 03:07:02.512\r\nImage: C:\\Windows\\System32\\cmd.exe"\r\n';
  const { records, dialects, rejections } = await read(readCsv, Buffer.from(text));
  assert.deepEqual(rejections, []);
  assert.deepEqual(dialects, ['event-viewer']);
  assert.equal(records.length, 1);
  assert.equal(records[0]!.event.image, 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(records[0]!.event.ts, Date.UTC(2020, 8, 4, 3, 7, 2, 512), 'Sysmon UtcTime is exact whatever the export locale');
});

test('PowerShell Get-WinEvent | Export-Csv: #TYPE line skipped, message fields, writer pid kept out, local time corrected', async () => {
  const { records, rejections, warnings, dialects } = await read(readCsv, fixture('export-csv.csv'), 29);
  assert.deepEqual(rejections, []);
  assert.deepEqual(dialects, ['powershell']);
  const [created, network] = records.map((r) => r.event);
  assert.equal(created!.event_id, 4688);
  assert.equal(created!.record_id, 4402);
  assert.equal(created!.host, 'WORKSTATION6');
  assert.equal(created!.image, 'C:\\Windows\\System32\\cmd.exe');
  assert.equal(created!.pid, 0x12cc);
  assert.equal(created!.ppid, 0x27c, 'the creator process id comes from the message, not the log writer ProcessId column');
  assert.equal(created!.command_line, 'cmd.exe /c whoami');
  assert.equal(created!.ts, Date.UTC(2020, 8, 4, 3, 7, 3), 'corrected by the offset of the Sysmon row after it');
  assert.equal(network!.event_id, 3);
  assert.equal(network!.pid, 636);
  assert.equal(network!.dst_port, 49671);
  assert.equal(network!.ts, Date.UTC(2020, 8, 4, 3, 7, 4, 250));
  assert.deepEqual(warnings, ["the export's time column is a local time of an unrecorded zone; 1 event time(s) were moved to UTC by the offset Sysmon's UtcTime shows (WORKSTATION6 UTC-07:00)"]);
  assert.deepEqual(records.map((r) => r.pointer.line), [3, 15]);
});

test('local times with no Sysmon row to learn the offset from are taken as UTC, and the load says so', async () => {
  const text = 'Level,Date and Time,Source,Event ID,Task Category\r\nInformation,9/3/2020 8:07:03 PM,Microsoft-Windows-Security-Auditing,4624,Logon,"An account was successfully logged on."\r\n';
  const { records, warnings } = await read(readCsv, Buffer.from(text));
  assert.equal(records[0]!.event.ts, Date.UTC(2020, 8, 3, 20, 7, 3));
  assert.match(warnings.at(-1)!, /local time of an unrecorded zone; 1 event\(s\) had no Sysmon UtcTime to learn the offset from and were taken as UTC/);
});
