// Regression test for what the Zeek and firewall fuzzers found: a data line given a leading
// `#` (by damage or by an attacker hiding an event) vanished without a word, since both
// formats treat `#` lines as headers. A `#` line that is no header of the format is now
// rejected by line; the real headers still work.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readZeekTsv } from '../../../src/core/ingest/formats/zeek';
import { readPfirewall } from '../../../src/core/ingest/formats/pfirewall';
import { readChecked } from '../fuzz/harness';

test('Zeek TSV: a data line behind a # is rejected by line, the others load', async () => {
  const row = (n: number) => `1588205201.00000${n}\tC${n}\t10.0.1.6\t${n}\t10.0.0.5\t445\ttcp\tS0`;
  const text = ['#separator \\x09', '#path\tconn', '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tconn_state', '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring',
    row(1), `#${row(2)}`, row(3), '#close\t2020-05-01-05-49-13', ''].join('\n');
  const { records, rejections } = await readChecked(readZeekTsv, Buffer.from(text));
  assert.deepEqual(records.map((r) => r.event.src_port), [1, 3]);
  assert.deepEqual(rejections.map((r) => [r.line, r.reason]), [[6, 'not a Zeek header line (#separator, #fields, ...); skipped']]);
});

test('pfirewall: a data line behind a # is rejected by line, the others load', async () => {
  const row = (n: number) => `2020-09-04 03:07:0${n} DROP TCP 172.18.39.5 172.18.39.6 ${n} 445 52 S 1 0 8192 - - - RECEIVE 4`;
  const text = ['#Version: 1.5', '#Software: Microsoft Windows Firewall', '#Time Format: Local',
    '#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path pid', '',
    row(1), `#${row(2)}`, row(3), ''].join('\n');
  const { records, rejections } = await readChecked(readPfirewall, Buffer.from(text));
  assert.deepEqual(records.map((r) => r.event.src_port), [1, 3]);
  assert.deepEqual(rejections.map((r) => [r.line, r.reason]), [[7, 'not a W3C header line (#Version:, #Fields:, ...); skipped']]);
});
