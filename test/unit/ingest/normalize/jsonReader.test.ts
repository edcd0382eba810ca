// The JSON reader's framing: arrays vs NDJSON, encodings, and damaged input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixture, readBytes } from './read';
import { ArrayScanner } from '../../../../src/core/ingest/formats/jsonArray';
import { UTF8 } from '../../../../src/core/raw/encoding';
import type { Rejection } from '../../../../src/core/types/records';

const nx = (id: number, extra = ''): string =>
  `{"EventID":${id},"SourceName":"Microsoft-Windows-Security-Auditing","Channel":"Security","Hostname":"H1","@timestamp":"2020-01-01T00:00:0${id % 10}Z"${extra}}`;

test('a JSON array: elements found across chunk boundaries, strings with brackets and escapes, offsets exact', async () => {
  const text = `[\n  ${nx(4624, ',"X":"a]}[{\\"q\\\\"')},\n  ${nx(4625)} ,${nx(4634)}\n]\n`;
  const bytes = Buffer.from(text);
  for (const chunkSize of [1, 3, 64, 4096]) {
    const { records, rejections, warnings } = await readBytes(bytes, chunkSize);
    assert.deepEqual([rejections, warnings], [[], []], `chunk ${chunkSize}`);
    assert.deepEqual(records.map((r) => r.event.event_id), [4624, 4625, 4634]);
    assert.deepEqual(records.map((r) => r.pointer.line), [2, 3, 3]);
    for (const { pointer } of records) {
      assert.doesNotThrow(() => JSON.parse(bytes.subarray(pointer.offset, pointer.offset + pointer.length).toString()));
    }
  }
});

test('an array element that is not valid JSON is rejected by offset and the rest loads', async () => {
  const text = `[${nx(4624)},{"EventID": 1, oops},${nx(4634)}]`;
  const { records, rejections } = await readBytes(Buffer.from(text));
  assert.deepEqual(records.map((r) => r.event.event_id), [4624, 4634]);
  assert.equal(rejections.length, 1);
  assert.equal(rejections[0]!.offset, text.indexOf('{"EventID": 1'));
  assert.match(rejections[0]!.reason, /invalid JSON/);
});

test('a truncated array keeps its complete elements and reports the cut one', async () => {
  const text = `[${nx(4624)},${nx(4625)},{"EventID":46`;
  const { records, rejections } = await readBytes(Buffer.from(text));
  assert.equal(records.length, 2);
  assert.match(rejections[0]!.reason, /truncated/);
  assert.equal(rejections[0]!.offset, text.lastIndexOf('{'));
});

test('content after the closing bracket is warned about, not loaded', async () => {
  const { records, warnings } = await readBytes(Buffer.from(`[${nx(4624)}] {"junk":1}`));
  assert.equal(records.length, 1);
  assert.match(warnings[0]!, /after the array's closing bracket/);
});

test('NDJSON with BOM, CRLF, blank and NUL-padded lines; a NUL inside a record is named', async () => {
  const body = `\uFEFF${nx(4624)}\r\n\r\n${nx(4625).replace('"H1"', '"H\u00001"')}\r\n${nx(4634)}\n\0\0\0\0\n\t \0 \0\0\n`;
  const bytes = Buffer.from(body);
  const { records, rejections, warnings } = await readBytes(bytes);
  assert.deepEqual(records.map((r) => [r.event.event_id, r.pointer.line]), [[4624, 1], [4634, 4]]);
  assert.equal(records[0]!.pointer.offset, 3, 'offsets count the BOM');
  assert.equal(bytes.subarray(records[1]!.pointer.offset, records[1]!.pointer.offset + records[1]!.pointer.length).toString(), nx(4634));
  assert.deepEqual(rejections.map((r) => r.line), [3]);
  assert.match(rejections[0]!.reason, /NUL character at column/);
  assert.ok(warnings.some((w) => /NUL padding/.test(w)));
});

test('UTF-16LE (PowerShell Out-File) arrays and NDJSON are read with byte offsets of the stored file', async () => {
  const array = `[${nx(4624, ',"U":"caf\u00e9"')},${nx(4625)}]`;
  const bytes = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(array, 'utf16le')]);
  const { records, rejections } = await readBytes(bytes, 5);
  assert.deepEqual(rejections, []);
  assert.deepEqual(records.map((r) => r.event.event_id), [4624, 4625]);
  const second = records[1]!.pointer;
  assert.equal(bytes.subarray(second.offset, second.offset + second.length).toString('utf16le'), nx(4625));
  const lines = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(`${nx(4624)}\r\n${nx(4625)}\r\n`, 'utf16le')]);
  const read = await readBytes(lines, 9);
  assert.deepEqual(read.records.map((r) => r.event.event_id), [4624, 4625]);
});

test('records of no known dialect are rejected with the keys they had', async () => {
  const { records, rejections } = await readBytes(Buffer.from('{"foo":1,"bar":2}\n[1,2]\n'));
  assert.equal(records.length, 0);
  assert.match(rejections[0]!.reason, /not a known JSON event dialect.*foo, bar/);
  assert.match(rejections[1]!.reason, /expected a JSON object, found an array/);
});

test('the array scanner refuses an element over its size limit without keeping it', () => {
  const rejections: Rejection[] = [];
  const scanner = new ArrayScanner(UTF8, 16, (r) => rejections.push(r), () => {});
  const elements = scanner.push(Buffer.from('[{"a":"0123456789abcdef"},{"b":1}]'));
  scanner.end();
  assert.deepEqual(elements.map((e) => e.bytes.toString()), ['{"b":1}']);
  assert.match(rejections[0]!.reason, /longer than 16 bytes/);
});

test('Zeek JSON: conn records (underscored names) become network rows; other Zeek records in a conn log are rejected', async () => {
  const conn = '{"ts":"2020-05-02T03:06:39.824370Z","uid":"C1","id_orig_h":"10.0.1.6","id_orig_p":59617,"id_resp_h":"10.0.0.4","id_resp_p":445,"proto":"tcp","conn_state":"S0"}';
  const http = '{"ts":"2020-05-02T03:06:40Z","uid":"C2","id_orig_h":"10.0.1.6","id_orig_p":50100,"id_resp_h":"10.0.0.30","id_resp_p":80,"method":"GET","host":"intranet"}';
  const { records, rejections } = await readBytes(Buffer.from(`${conn}\n${http}\n`));
  assert.deepEqual(records.map((r) => [r.event.provider, r.event.src_ip, r.event.dst_port, r.event.conn_state, r.event.ts]), [['zeek', '10.0.1.6', 445, 'S0', Date.UTC(2020, 4, 2, 3, 6, 39, 824)]]);
  assert.deepEqual(rejections.map((r) => r.line), [2]);
  assert.match(rejections[0]!.reason, /only conn, dns and dhcp logs are loaded/);
});

test('pretty-printed objects one after another (jq ., ConvertTo-Json of one event) are read as a sequence', async () => {
  const pretty = (id: number): string => JSON.stringify(JSON.parse(nx(id)), null, 2);
  const text = `${pretty(4624)}\n${pretty(4625)}\n{\n  "EventID": 46\n`;
  const bytes = Buffer.from(text);
  for (const chunkSize of [3, 4096]) {
    const { records, rejections } = await readBytes(bytes, chunkSize);
    assert.deepEqual(records.map((r) => [r.event.event_id, r.pointer.line]), [[4624, 1], [4625, pretty(4624).split('\n').length + 1]]);
    const second = records[1]!.pointer;
    assert.equal(bytes.subarray(second.offset, second.offset + second.length).toString(), pretty(4625));
    assert.equal(rejections.length, 1, 'the cut last object');
    assert.match(rejections[0]!.reason, /JSON truncated/);
  }
});

test('a stray closing bracket in a sequence is rejected and reading resynchronises', async () => {
  const text = `{\n"EventID": 1,\n"x": 2\n}\n}\n${JSON.stringify(JSON.parse(nx(4634)), null, 1)}\n`;
  const { records, rejections } = await readBytes(Buffer.from(text));
  assert.deepEqual(records.map((r) => r.event.event_id), [4634]);
  assert.deepEqual(rejections.map((r) => [r.line, r.reason.replace(/ \(.*/, '')]).sort(), [[1, 'not a known JSON event dialect'], [5, 'unbalanced closing bracket']]);
});

test('the reader names the dialects it found, in the order they appeared', async () => {
  const nxlog = fixture('nxlog.ndjson');
  const ecs = fixture('ecs.ndjson');
  assert.deepEqual((await readBytes(nxlog, 4096)).dialects, ['nxlog']);
  const mixed = await readBytes(Buffer.concat([nxlog, ecs]), 4096);
  assert.deepEqual(mixed.dialects, ['nxlog', 'nxlog+ecs']);
});

test('a Zeek log other than conn, dns and dhcp is skipped with one warning, decided from its first record', async () => {
  const http = (i: number) => `{"@stream":"http","ts":1588205199.8${i},"uid":"C${i}","id_orig_h":"10.0.1.6","id_orig_p":50100,"id_resp_h":"10.0.0.30","id_resp_p":80,"method":"GET"}`;
  const weird = (i: number) => `{"_path":"weird","ts":1588205199.8${i},"name":"ip_hdr_len_zero","notice":false}`;
  for (const [line, log] of [[http, 'http'], [weird, 'weird']] as const) {
    const { records, rejections, warnings } = await readBytes(Buffer.from(Array.from({ length: 300 }, (_, i) => line(i)).join('\n')), 4096);
    assert.deepEqual([records.length, rejections.length], [0, 0]);
    assert.deepEqual(warnings, [`zeek ${log}.log is not supported yet; only conn, dns and dhcp logs are loaded`]);
  }
});

test('Zeek dns.log and dhcp.log JSON (with @stream / _path) load without a warning', async () => {
  const dns = (i: number) => `{"@stream":"dns","ts":1588205199.8${i},"uid":"C${i}","id_orig_h":"10.0.1.6","id_orig_p":54243,"id_resp_h":"10.0.0.4","id_resp_p":53,"proto":"udp","query":"q${i}.corp.local","qtype_name":"A","answers":["10.0.0.${i % 250}"]}`;
  const dhcp = (i: number) => `{"_path":"dhcp","ts":1588205199.8${i},"uids":["C${i}"],"host_name":"ws${i}","assigned_addr":"10.0.1.${i % 250}","lease_time":3600,"msg_types":["REQUEST","ACK"]}`;
  for (const [line, category] of [[dns, 'dns'], [dhcp, 'dhcp']] as const) {
    const { records, rejections, warnings } = await readBytes(Buffer.from(Array.from({ length: 300 }, (_, i) => line(i)).join('\n')), 4096);
    assert.deepEqual([records.length, rejections.length, warnings], [300, 0, []]);
    assert.ok(records.every((r) => r.event.category === category && r.event.provider === 'zeek'));
  }
});
