// EVTX-XML reader: <Events> documents, root-less <Event> streams, unnamed Data, UserData,
// malformed elements between good ones, UTF-16, pointers back to the raw element.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEvtxXml, parseEventXml } from '../../../../src/core/ingest/formats/evtxXml';
import { fixture, rawText, read, utf16le } from './helpers';

test('an <Events> document: Sysmon, unnamed Data, UserData; RenderingInfo ignored', async () => {
  const bytes = fixture('events.xml');
  const { records, rejections } = await read(readEvtxXml, bytes);
  assert.deepEqual(rejections, []);
  assert.equal(records.length, 3);
  const [sysmon, service, cleared] = records.map((r) => r.event);
  assert.equal(sysmon!.event_id, 1);
  assert.equal(sysmon!.host, 'WORKSTATION6');
  assert.equal(sysmon!.command_line, 'cmd.exe /c "echo <hello> & whoami"');
  assert.equal(sysmon!.record_id, 7741);
  assert.equal(sysmon!.ts, Date.UTC(2020, 8, 4, 3, 7, 2, 512));
  assert.equal(service!.event_id, 7045);
  assert.equal(cleared!.event_id, 1102);
  for (const record of records) assert.match(rawText(bytes, record), /^<Event xmlns=[\s\S]*<\/Event>$/);
  assert.equal(records[1]!.pointer.line, 4);
});

test('WinEvent extraction: named and unnamed Data, UserData leaves, no RenderingInfo', () => {
  const xml = fixture('events.xml').toString();
  const events = xml.split(/(?=<Event )/).slice(1).map((s) => parseEventXml(s.slice(0, s.indexOf('</Event>') + 8)));
  const [sysmon, service, cleared] = events;
  assert.ok(typeof sysmon === 'object' && typeof service === 'object' && typeof cleared === 'object');
  assert.equal(sysmon.provider, 'Microsoft-Windows-Sysmon');
  assert.equal(sysmon.channel, 'Microsoft-Windows-Sysmon/Operational');
  assert.equal(sysmon.timeCreated, '2020-09-04T03:07:02.5171710Z');
  assert.equal(sysmon.data.ParentImage, 'C:\\Windows\\System32\\services.exe');
  assert.equal(sysmon.data.Message, undefined, 'RenderingInfo is not event data');
  assert.equal(service.eventId, 7045);
  assert.deepEqual(Object.keys(service.data), ['Data1', 'Data2', 'Data3', 'Data4', 'Data5']);
  assert.equal(service.data.Data1, 'vWbKpSZR');
  assert.equal(cleared.data.SubjectUserName, 'pgustavo');
  assert.equal(cleared.data.SubjectLogonId, '0x3e7');
});

test('a root-less stream: a malformed element is rejected, neighbours kept, cut-off tail reported', async () => {
  const bytes = fixture('wevtutil-stream.xml');
  for (const chunkSize of [undefined, 7, 64]) {
    const { records, rejections } = await read(readEvtxXml, bytes, chunkSize);
    assert.deepEqual(records.map((r) => r.event.event_id), [4688, 5156], `chunk ${chunkSize}`);
    assert.deepEqual(records.map((r) => r.pointer.line), [1, 3]);
    assert.equal(rejections.length, 2);
    assert.equal(rejections[0]!.line, 2);
    assert.match(rejections[0]!.reason, /^malformed <Event> element: unexpected close tag \(in <Event[^>]*>\) at line 2, column \d+$/);
    assert.equal(rejections[1]!.line, 4);
    assert.match(rejections[1]!.reason, /cut off at the end/);
    for (const record of records) assert.match(rawText(bytes, record), /^<Event [\s\S]*<\/Event>$/);
  }
});

test('an unclosed <Event> before the next one is rejected and the next is read', async () => {
  const good = '<Event><System><EventID>4624</EventID></System></Event>';
  const bytes = Buffer.from(`<Events><Event><System><EventID>1</EventID>\n${good}</Events>`);
  const { records, rejections } = await read(readEvtxXml, bytes);
  assert.deepEqual(records.map((r) => r.event.event_id), [4624]);
  assert.equal(rejections[0]!.offset, 8);
  assert.match(rejections[0]!.reason, /not closed before the next <Event>/);
});

test('UTF-16LE with BOM: same events, offsets in the original bytes', async () => {
  const bytes = utf16le(fixture('events.xml').toString());
  const { records, rejections } = await read(readEvtxXml, bytes, 333);
  assert.deepEqual(rejections, []);
  assert.deepEqual(records.map((r) => r.event.event_id), [1, 7045, 1102]);
  for (const record of records) {
    assert.equal(record.pointer.offset % 2, 0);
    assert.match(rawText(bytes, record, 'utf16le'), /^<Event xmlns=[\s\S]*<\/Event>$/);
  }
});

test('entities: predefined ones decode, a DOCTYPE entity is never expanded', async () => {
  const bomb = `<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaaaaaaaa"><!ENTITY b "&a;&a;&a;&a;&a;">]>\n<Event><System><EventID>1</EventID></System><EventData><Data Name="X">&b;</Data></EventData></Event>\n<Event><System><EventID>2</EventID></System><EventData><Data Name="X">&lt;ok&gt;</Data></EventData></Event>`;
  const { records, rejections } = await read(readEvtxXml, Buffer.from(bomb));
  assert.deepEqual(records.map((r) => r.event.event_id), [2]);
  assert.equal(rejections.length, 1);
  assert.match(rejections[0]!.reason, /malformed <Event> element: .*undefined entity/i);
});

test('empty input and text without events give nothing and no crash', async () => {
  assert.deepEqual((await read(readEvtxXml, new Uint8Array(0))).records, []);
  const { records, rejections } = await read(readEvtxXml, Buffer.from('<?xml version="1.0"?><Events></Events>'));
  assert.deepEqual([records, rejections], [[], []]);
});

test('an element longer than the cap without a closing tag is skipped, the next one read', async () => {
  const { scanElements } = await import('../../../../src/core/ingest/formats/xmlElements');
  const huge = `<Event><System><EventID>1</EventID></System><EventData><Data Name="X">${'y'.repeat(5000)}`;
  const bytes = Buffer.from(`${huge}\n<Event><System><EventID>2</EventID></System></Event>`);
  const rejections: { line?: number; offset?: number; reason: string }[] = [];
  const context = { sourceName: 's', reject: (r: (typeof rejections)[number]) => rejections.push(r), warn: () => undefined };
  const { elements } = await scanElements((async function* () { for (let i = 0; i < bytes.length; i += 100) yield bytes.subarray(i, i + 100); })(), 'Event', context, 1000);
  const found: string[] = [];
  for await (const element of elements) found.push(Buffer.from(element.bytes).toString());
  assert.deepEqual(found, ['<Event><System><EventID>2</EventID></System></Event>']);
  assert.deepEqual(rejections, [{ line: 1, offset: 0, reason: '<Event> element is longer than 1000 bytes without a closing tag; skipped' }]);
});
