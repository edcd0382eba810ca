// BinXML decoding on hand-built chunks: every substitution value type, template definition and
// reuse within a chunk, nested BinXML in a substitution, character/entity references and CDATA,
// EventData (named and unnamed) and UserData shapes, and the XML rendering of a record.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderEvtxRecordXml } from '../../../../src/core/ingest/evtx/index';
import { alwaysRenders, filetimeToIso, readUtf16, renderValue } from '../../../../src/core/ingest/evtx/values';
import fc from 'fast-check';
import { buildChunk, buildFile, el, sub, text, v, type Content, type SubstitutionValue } from './builder';
import { EXPECTED_TIME, FIRST_DATA_SUB, decode, eventTemplate, systemValues } from './events';

/** EventData with one <Data Name=…> per value, substitutions numbered after the System ones. */
function dataTemplate(id: number, names: string[]) {
  return eventTemplate(id, el('EventData', undefined, ...names.map((name, i) => el('Data', { Name: [text(name)] }, sub(FIRST_DATA_SUB + i, 0)))));
}

function decodeOne(template: ReturnType<typeof eventTemplate>, values: SubstitutionValue[]) {
  const decoded = decode(buildChunk({ records: [{ id: 1, template, values }] }).bytes);
  assert.deepEqual(decoded.problems, []);
  assert.equal(decoded.records.length, 1);
  return decoded.records[0].event;
}

test('every substitution value type renders as Windows renders it', () => {
  const cases: [string, SubstitutionValue, string][] = [
    ['String', v.string('C:\\Windows\\System32\\cmd.exe'), 'C:\\Windows\\System32\\cmd.exe'],
    ['Ansi', v.ansi('ansi text'), 'ansi text'],
    ['Int8', v.int8(-5), '-5'],
    ['UInt8', v.uint8(250), '250'],
    ['Int16', v.int16(-300), '-300'],
    ['UInt16', v.uint16(65535), '65535'],
    ['Int32', v.int32(-70000), '-70000'],
    ['UInt32', v.uint32(4294967295), '4294967295'],
    ['Int64', v.int64(-(2n ** 40n)), '-1099511627776'],
    ['UInt64', v.uint64(2n ** 63n + 5n), '9223372036854775813'],
    ['Real32', v.real32(1.5), '1.5'],
    ['Real64', v.real64(-2.25), '-2.25'],
    ['BoolTrue', v.bool(true), 'true'],
    ['BoolFalse', v.bool(false), 'false'],
    ['Binary', v.binary('deadbeef00'), 'DEADBEEF00'],
    ['Guid', v.guid('{12345678-9abc-def0-1234-56789abcdef0}'), '{12345678-9ABC-DEF0-1234-56789ABCDEF0}'],
    ['SizeT', v.sizeT(0x1f40n), '0x1f40'],
    ['FileTime', v.filetime('2019-03-18T14:23:22.134Z', 7224n), '2019-03-18T14:23:22.134722400Z'],
    ['SystemTime', v.systemtime(2020, 2, 6, 29, 23, 59, 58, 7), '2020-02-29T23:59:58.007Z'],
    ['Sid', v.sid('S-1-5-21-1587066498-1489273250-1035260531-500'), 'S-1-5-21-1587066498-1489273250-1035260531-500'],
    ['HexInt32', v.hexInt32(0x1a4), '0x1a4'],
    ['HexInt64', v.hexInt64(0x8020000000000000n), '0x8020000000000000'],
    ['StringArray', v.stringArray(['show advanced options', '1', '']), 'show advanced options, 1, '],
    ['UInt16Array', v.uint16Array([80, 443]), '80, 443'],
    ['SidArray', { type: 0x93, bytes: new Uint8Array([...v.sid('S-1-5-18').bytes, ...v.sid('S-1-5-32-544').bytes]) }, 'S-1-5-18, S-1-5-32-544'],
    ['GuidArray', { type: 0x8f, bytes: new Uint8Array([...v.guid('{00000000-0000-0000-0000-000000000001}').bytes, ...v.guid('{ffffffff-0000-0000-0000-000000000002}').bytes]) }, '{00000000-0000-0000-0000-000000000001}, {FFFFFFFF-0000-0000-0000-000000000002}'],
    ['Null', v.null(), ''],
  ];
  const names = cases.map(([name]) => name);
  const event = decodeOne(dataTemplate(1, names), [...systemValues(7), ...cases.map(([, value]) => value)]);
  // Event data has no prototype (names are the log's); its fields are compared as a plain object.
  assert.deepEqual({ ...event.data }, Object.fromEntries(cases.map(([name, , want]) => [name, want])));
});

test('System fields: provider, event id, record id, time to 100 ns, channel, computer', () => {
  const event = decodeOne(eventTemplate(1), systemValues(437472, 5145));
  assert.deepEqual(
    { ...event, data: undefined },
    { provider: 'Microsoft-Windows-Security-Auditing', eventId: 5145, recordId: 437472, timeCreated: EXPECTED_TIME, channel: 'Security', computer: 'WS1.corp.example', level: null, keywords: null, data: undefined },
  );
});

test('a template defined by one record is reused by later records of the chunk', () => {
  const template = dataTemplate(42, ['Image']);
  const records = [1, 2, 3].map((id) => ({ id, template, values: [...systemValues(id), v.string(`C:\\p${id}.exe`)] }));
  const chunk = buildChunk({ records });
  const decoded = decode(chunk.bytes);
  assert.deepEqual(decoded.problems, []);
  assert.deepEqual(decoded.records.map((r) => [r.recordId, r.event.data.Image]), [[1, 'C:\\p1.exe'], [2, 'C:\\p2.exe'], [3, 'C:\\p3.exe']]);
  // Only the first record carries the definition: later ones are much smaller.
  assert.ok(decoded.records[1].size < decoded.records[0].size / 2, `${decoded.records[1].size} vs ${decoded.records[0].size}`);
});

test('a BinXML substitution value is decoded in place, with its own template', () => {
  const inner = { id: 7, body: [el('EventData', undefined, el('Data', { Name: [text('ServiceName')] }, sub(0, 0x01)), el('Data', { Name: [text('ImagePath')] }, sub(1, 0x01)))] };
  const outer = eventTemplate(8, sub(FIRST_DATA_SUB, 0x21));
  const event = decodeOne(outer, [...systemValues(3, 7045, 'Service Control Manager', 'System'), { nested: { template: inner, values: [v.string('evil'), v.string('%COMSPEC% /c x')] } }]);
  assert.deepEqual({ ...event.data }, { ServiceName: 'evil', ImagePath: '%COMSPEC% /c x' });
});

test('character and entity references and CDATA are resolved in values', () => {
  const body: Content[] = [text('a'), { entity: 'amp' }, text('b'), { charRef: 0x3c }, { entity: 'custom' }, { cdata: '<x>' }];
  const event = decodeOne(eventTemplate(1, el('EventData', undefined, el('Data', { Name: [text('Mixed')] }, ...body))), systemValues(1));
  assert.equal(event.data.Mixed, 'a&b<&custom;<x>');
});

test('unnamed Data are numbered by position; UserData leaves are flattened by name', () => {
  const unnamed = decodeOne(eventTemplate(1, el('EventData', undefined, el('Data', undefined, text('first')), el('Data', undefined, text('second')))), systemValues(1));
  assert.deepEqual({ ...unnamed.data }, { Data1: 'first', Data2: 'second' });
  const userData = el('UserData', undefined,
    el('RuleChange', { xmlns: [text('urn:fw')] }, el('RuleId', undefined, sub(FIRST_DATA_SUB, 0x01)), el('Profile', undefined, el('Name', undefined, text('Domain'))), el('Empty')));
  const event = decodeOne(eventTemplate(2, userData), [...systemValues(2, 2004, 'Microsoft-Windows-Windows Firewall With Advanced Security', 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'), v.string('{R-1}')]);
  assert.deepEqual({ ...event.data }, { RuleId: '{R-1}', Name: 'Domain', Empty: '' });
});

test('an attribute made only of a NULL optional substitution is left out of the XML', () => {
  const chunk = buildChunk({ records: [{ id: 9, template: dataTemplate(1, ['Who']), values: [...systemValues(9), v.string('a<b & "c"')] }] });
  const file = buildFile({ chunks: [chunk.bytes] });
  const pointer = { offset: 4096 + chunk.offsets[0], length: 0, evtx: { chunk: 0, recordId: 9 } };
  const xml = renderEvtxRecordXml(file, pointer);
  assert.equal(xml, [
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
    '  <System>',
    '    <Provider Name="Microsoft-Windows-Security-Auditing"/>',
    '    <EventID>4688</EventID>',
    `    <TimeCreated SystemTime="${EXPECTED_TIME}"/>`,
    '    <EventRecordID>9</EventRecordID>',
    '    <Correlation/>',
    '    <Channel>Security</Channel>',
    '    <Computer>WS1.corp.example</Computer>',
    '  </System>',
    '  <EventData>',
    '    <Data Name="Who">a&lt;b &amp; &quot;c&quot;</Data>',
    '  </EventData>',
    '</Event>',
  ].join('\n'));
  // The chunk alone is enough, and a wrong record id is refused rather than rendered.
  assert.equal(renderEvtxRecordXml(chunk.bytes, pointer), xml);
  assert.throws(() => renderEvtxRecordXml(file, { ...pointer, evtx: { chunk: 0, recordId: 10 } }), /is 9, expected 10/);
});

test('FILETIME renders exactly (100 ns) at the edges of seconds, minutes, the epochs and past year 9999', () => {
  const at = (ticks: bigint) => {
    const b = new Uint8Array(8);
    new DataView(b.buffer).setBigUint64(0, ticks, true);
    return filetimeToIso(b, 0);
  };
  const unix = 116444736000000000n;
  assert.equal(at(unix), '1970-01-01T00:00:00.000000000Z');
  assert.equal(at(unix - 1n), '1969-12-31T23:59:59.999999900Z');
  assert.equal(at(0n), '1601-01-01T00:00:00.000000000Z');
  assert.equal(at(unix + 600_000_000n * 60n - 1n), '1970-01-01T00:59:59.999999900Z');
  assert.equal(at(132_237_938_021_347_224n), '2020-01-18T04:03:22.134722400Z');
  assert.equal(at(132_237_938_021_347_224n + 10_000_000n * 100n), '2020-01-18T04:05:02.134722400Z', 'a later minute after the cached one');
  assert.equal(at(0xffffffffffffffffn), '+060056-05-28T05:36:10.955161500Z', 'seconds kept in a six-digit year');
});

test('UTF-16 text reads as its code units, short or long, at any offset, lone surrogates kept as the string holds them', () => {
  fc.assert(fc.property(
    fc.array(fc.oneof(fc.integer({ min: 0x20, max: 0x7e }), fc.integer({ min: 0, max: 0xffff }), fc.constantFrom(0xd83d, 0xde00, 0xdfff)), { maxLength: 40, size: 'max' }),
    fc.integer({ min: 0, max: 3 }),
    (units, offset) => {
      const bytes = new Uint8Array(offset + units.length * 2 + 1);
      units.forEach((unit, i) => {
        bytes[offset + i * 2] = unit & 0xff;
        bytes[offset + i * 2 + 1] = unit >> 8;
      });
      assert.equal(readUtf16(bytes, offset, units.length), String.fromCharCode(...units));
    },
  ), { numRuns: 500 });
});

test('a value alwaysRenders says renders does render, whatever its bytes (lazily read records rely on it)', () => {
  const types = fc.oneof(fc.integer({ min: 0, max: 0x25 }), fc.integer({ min: 0, max: 0x25 }).map((t) => t | 0x80));
  let judged = 0;
  fc.assert(fc.property(types, fc.uint8Array({ maxLength: 40 }), (type, bytes) => {
    if (!alwaysRenders(type, bytes.length)) return;
    judged++;
    assert.equal(typeof renderValue(bytes, type, 0, bytes.length), 'string');
  }), { numRuns: 5000 });
  assert.ok(judged > 500, `${judged} judged`);
  // And it does not vouch for what can fail: a SID claiming more sub-authorities than it holds, a value too short, an unknown type.
  assert.deepEqual([alwaysRenders(0x13, 8), alwaysRenders(0x08, 3), alwaysRenders(0x30, 4), alwaysRenders(0x81, 4)], [false, false, false, false]);
});
