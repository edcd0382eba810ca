// The JSON dialects end to end through the reader: one fixture per dialect.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readFixture } from './read';

test('NXLog: flattened EventData, Hostname as host, hex ids, True/false, EventTime corrected by the Sysmon offset', async () => {
  const { records, rejections, warnings } = await readFixture('nxlog.ndjson');
  assert.equal(records.length, 6);
  assert.deepEqual(rejections.map((r) => r.line), [8]);
  assert.match(rejections[0]!.reason, /invalid JSON/);
  assert.deepEqual(warnings, ["NXLog EventTime is a local time of an unrecorded zone; 3 event time(s) were moved to UTC by the offset Sysmon's UtcTime shows (WORKSTATION6 UTC-04:00, WORKSTATION5 UTC-04:00)"]);
  const [install, start4688, inbound, outbound, wfp, sysmon1] = records.map((r) => r.event);
  // EventTime 12:16:56 at UTC-4 (learned from the Sysmon records below it) is 16:16:56Z.
  assert.equal(install!.ts, Date.UTC(2020, 8, 20, 16, 16, 56));
  assert.equal(install!.ts_raw, '2020-09-20 12:16:56');
  assert.deepEqual([install!.host, install!.host_fqdn, install!.service_name, install!.action], ['WORKSTATION6', 'WORKSTATION6.theshire.local', 'Updater', 'install']);
  assert.deepEqual([start4688!.pid, start4688!.ppid, start4688!.channel, start4688!.host], [0xfec, 0x2c0, 'Security', 'WORKSTATION6']);
  assert.equal(start4688!.ts, Date.UTC(2020, 8, 20, 16, 16, 57));
  assert.deepEqual([inbound!.direction, inbound!.ts, inbound!.pid], ['inbound', Date.UTC(2020, 8, 20, 16, 16, 56, 19), null]);
  assert.deepEqual([outbound!.direction, outbound!.pid], ['outbound', 5112]);
  assert.deepEqual([wfp!.direction, wfp!.process_name, wfp!.image, wfp!.dst_port], ['inbound', 'services.exe', 'C:\\windows\\system32\\services.exe', 49726]);
  assert.equal(sysmon1!.parent_guid, inbound!.process_guid);
  // Pointers: 1-based lines (line 3 is blank) and byte offsets of each line.
  const bytes = fixture('nxlog.ndjson');
  assert.deepEqual(records.map((r) => r.pointer.line), [1, 2, 4, 5, 6, 7]);
  for (const { pointer } of records) {
    const text = bytes.subarray(pointer.offset, pointer.offset + pointer.length).toString('utf8');
    assert.ok(text.startsWith('{') && text.endsWith('}'), `line ${pointer.line} slices to one record`);
  }
});

test('Winlogbeat 6: nested event_data, string record_number, @timestamp as UTC', async () => {
  const { records, rejections } = await readFixture('winlogbeat6.ndjson');
  assert.deepEqual(rejections, []);
  const [listen, rule, ruleAudit, sysmon3, logon] = records.map((r) => r.event);
  assert.deepEqual([listen!.action, listen!.dst_port, listen!.local_ports, listen!.record_id, listen!.host, listen!.process_name], ['listen', 3389, '3389', 287747, 'HR001', 'svchost.exe']);
  assert.equal(listen!.ts, Date.UTC(2019, 4, 18, 20, 37, 15, 419));
  assert.deepEqual([rule!.category, rule!.action, rule!.local_ports, rule!.fw_action, rule!.rule_id], ['firewall', 'rule_add', '3389', 'allow', '{2FCD43B0-5358-48C8-B279-3AE15356AB7E}']);
  assert.deepEqual([ruleAudit!.action, ruleAudit!.rule_name], ['rule_add', 'Remote Desktop - User Mode (TCP-In)']);
  assert.deepEqual([sysmon3!.ts, sysmon3!.direction, sysmon3!.dst_port], [Date.UTC(2019, 4, 18, 20, 35, 52, 569), 'outbound', 5985]);
  assert.deepEqual([logon!.logon_type, logon!.src_ip, logon!.src_port, logon!.target_user], [3, null, null, 'SHIRE\\pgustavo']);
});

test('ECS (Winlogbeat 7/8, Elastic Agent): winlog.* nested or flattened, ECS fields fill the gaps', async () => {
  const { records, rejections } = await readFixture('ecs.ndjson');
  assert.deepEqual(rejections, []);
  const [start, blocked, script, endpoint] = records.map((r) => r.event);
  assert.deepEqual([start!.category, start!.action, start!.host, start!.record_id, start!.pid, start!.parent_name], ['process', 'start', 'WS01', 812, 4100, 'svchost.exe']);
  assert.equal(start!.ts, Date.UTC(2021, 2, 1, 10, 0, 0, 120));
  assert.deepEqual([blocked!.action, blocked!.fw_action, blocked!.conn_state, blocked!.record_id, blocked!.dst_port], ['block', 'block', 'REJ', 9001, 49666]);
  assert.deepEqual([script!.category, script!.action, script!.channel, script!.host], ['powershell', 'script_block', 'Microsoft-Windows-PowerShell/Operational', 'WS01']);
  assert.deepEqual([endpoint!.category, endpoint!.process_name, endpoint!.pid, endpoint!.src_ip, endpoint!.dst_port, endpoint!.protocol, endpoint!.direction, endpoint!.user, endpoint!.host],
    ['other', 'nc.exe', 77, '10.0.0.7', 443, 'tcp', 'outbound', 'CORP\\bob', 'WS01']);
});

test('Splunk: result with extracted fields, JSON _raw unwrapped, XML _raw read as an <Event>, malformed XML rejected with its reason', async () => {
  const { records, rejections } = await readFixture('splunk.ndjson');
  assert.equal(records.length, 3);
  const [created, crashed, sysmon] = records.map((r) => r.event);
  assert.equal(created!.provider, 'Microsoft-Windows-Security-Auditing', "Splunk's display name is mapped to the manifest name");
  assert.deepEqual([created!.event_id, created!.pid, created!.ppid, created!.host, created!.record_id, created!.ts], [4688, 0xfec, 0x4a0, 'WORKSTATION6', 717642, Date.UTC(2020, 8, 20, 16, 16, 37)]);
  assert.deepEqual([crashed!.category, crashed!.action, crashed!.service_name, crashed!.service_state], ['service', 'crash', 'Updater', 'crashed']);
  assert.deepEqual([sysmon!.action, sysmon!.process_name, sysmon!.command_line, sysmon!.host, sysmon!.record_id, sysmon!.ts],
    ['start', 'cmd.exe', 'cmd.exe /c whoami', 'WORKSTATION6', 2974190, Date.UTC(2020, 8, 20, 16, 16, 59, 120)]);
  assert.deepEqual(rejections.map((r) => r.line), [4]);
  assert.match(rejections[0]!.reason, /not a well-formed <Event> element/);
});

test('PowerShell export array: /Date(ms)/, positional Properties, unknown zone warned; a non-object element is rejected', async () => {
  const { records, rejections, warnings } = await readFixture('powershell.json', 5);
  assert.equal(records.length, 4);
  const [appError, crash7031, crash7034, script] = records.map((r) => r.event);
  assert.deepEqual([appError!.category, appError!.action, appError!.process_name, appError!.image, appError!.pid, appError!.host],
    ['process', 'crash', 'spoolsv.exe', 'C:\\Windows\\System32\\spoolsv.exe', 500, 'WS02']);
  assert.equal(appError!.ts, 1603973767900);
  assert.equal(appError!.ts_raw, '/Date(1603973767900)/');
  assert.deepEqual([crash7031!.action, crash7031!.service_name, crash7034!.service_name], ['crash', 'Print Spooler', 'Updater']);
  assert.equal(crash7034!.ts, Date.UTC(2020, 9, 29, 12, 16, 9, 213));
  assert.equal(script!.action, 'script_block');
  assert.equal(rejections.length, 1);
  assert.match(rejections[0]!.reason, /expected a JSON object, found string/);
  assert.equal(rejections[0]!.line, 22);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /PowerShell export TimeCreated is a local time of an unrecorded zone; 4 event\(s\).*taken as UTC/);
});
