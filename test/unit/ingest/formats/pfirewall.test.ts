// Windows Firewall pfirewall.log: W3C fields, ALLOW/DROP, S0 for dropped SYNs, direction
// from path, local times with a warning, lost-event reports, bad rows.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readPfirewall } from '../../../../src/core/ingest/formats/pfirewall';
import { fixture, rawText, read } from './helpers';

test('pfirewall.log: verdicts, S0 for dropped SYN/UDP/ICMP, direction, pid, warnings, bad rows', async () => {
  const bytes = fixture('pfirewall.log');
  const { records, rejections, warnings } = await read(readPfirewall, bytes, 17);
  const events = records.map((r) => r.event);
  assert.deepEqual(events.map((e) => [e.action, e.fw_action, e.protocol, e.conn_state ?? null]), [
    ['connect', 'allow', 'tcp', null],
    ['drop', 'drop', 'tcp', 'S0'],
    ['drop', 'drop', 'tcp', null],
    ['connect', 'allow', 'udp', null],
    ['drop', 'drop', 'icmp', 'S0'],
  ]);
  assert.deepEqual(events[1], {
    ts: Date.UTC(2020, 8, 4, 3, 7, 1), ts_raw: '2020-09-04 03:07:01', provider: 'pfirewall', channel: 'pfirewall', category: 'network',
    action: 'drop', fw_action: 'drop', protocol: 'tcp', src_ip: '172.18.39.5', dst_ip: '172.18.39.6', src_port: 55124, dst_port: 445,
    direction: 'inbound', pid: 4, conn_state: 'S0',
  });
  assert.equal(events[3]!.direction, 'outbound');
  assert.equal(events[4]!.src_port, null);
  assert.equal(rawText(bytes, records[0]!), '2020-09-04 03:07:00 ALLOW TCP 172.18.39.5 172.18.39.6 55123 49671 0 - - - - - - - RECEIVE 636');
  assert.deepEqual(rejections.map((r) => r.line), [11, 13]);
  assert.match(rejections[0]!.reason, /expected 18 space-separated fields .* found 5/);
  assert.match(rejections[1]!.reason, /invalid date\/time "2020-13-04 03:07:07"/);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /local time without a zone \(#Time Format: Local\); they are read as UTC/);
  assert.match(warnings[1]!, /lost events \(INFO-EVENTS-LOST\) 1 time/);
});

test('rows before #Fields: are rejected by line', async () => {
  const { records, rejections } = await read(readPfirewall, Buffer.from('2020-09-04 03:07:00 ALLOW TCP 1.1.1.1 2.2.2.2 1 2 0 - - - - - - - SEND\n'));
  assert.equal(records.length, 0);
  assert.deepEqual(rejections, [{ line: 1, offset: 0, reason: 'data line before the #Fields: header' }]);
});
