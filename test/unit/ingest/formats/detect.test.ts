// Format detection: content first (every format, encodings), names second, and clear
// messages for what is not recognised.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { describeUnknown, detectFormat } from '../../../../src/core/ingest/detect';
import { fixture, utf16le } from './helpers';

const bytes = (text: string) => Buffer.from(text);

test('each fixture is detected by content, whatever its name', () => {
  const cases: [string, string][] = [
    ['events.xml', 'evtx-xml'], ['wevtutil-stream.xml', 'evtx-xml'], ['splunk.csv', 'csv'], ['eventviewer.csv', 'csv'],
    ['export-csv.csv', 'csv'], ['conn.log', 'zeek-tsv'], ['dns.log', 'zeek-tsv'], ['pfirewall.log', 'pfirewall'],
  ];
  for (const [name, format] of cases) assert.equal(detectFormat(fixture(name), 'renamed.dat'), format, name);
});

test('a Zeek log whose header lacks #separator, or starts with other directives, is still Zeek', () => {
  const withoutSeparator = fixture('conn.log').toString().split('\n').filter((l) => !l.startsWith('#separator')).join('\n');
  assert.equal(detectFormat(bytes(withoutSeparator), 'x'), 'zeek-tsv');
  assert.equal(detectFormat(bytes('#set_separator\t,\n#path\tconn\n'), 'x'), 'zeek-tsv');
  assert.equal(detectFormat(bytes('# a note\nts,host\n'), 'x'), undefined, 'a comment line alone says nothing');
});

test('JSON, NDJSON, arrays and binary EVTX', () => {
  assert.equal(detectFormat(bytes('{"EventID":1}\n{"EventID":3}\n'), 'x'), 'json');
  assert.equal(detectFormat(bytes('  \n[{"ts":1}]'), 'x'), 'json');
  assert.equal(detectFormat(Buffer.concat([bytes('ElfFile\0'), Buffer.alloc(120)]), 'x'), 'evtx');
  const damagedHeader = Buffer.concat([Buffer.alloc(4096, 0xee), bytes('ElfChnk\0'), Buffer.alloc(120)]);
  assert.equal(detectFormat(damagedHeader, 'x'), 'evtx', 'a damaged file header still has chunks to recover');
});

test('UTF-16LE with BOM, UTF-16LE and UTF-16BE without BOM, UTF-8 BOM', () => {
  const csv = fixture('eventviewer.csv').toString();
  assert.equal(detectFormat(utf16le(csv), 'x'), 'csv');
  assert.equal(detectFormat(Buffer.from(csv, 'utf16le'), 'x'), 'csv');
  assert.equal(detectFormat(Buffer.from(csv, 'utf16le').swap16(), 'x'), 'csv');
  assert.equal(detectFormat(Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), bytes('<Events><Event>')]), 'x'), 'evtx-xml');
});

test('names decide only when content does not', () => {
  assert.equal(detectFormat(bytes('EventCode;host\n'), 'export.csv'), 'csv');
  assert.equal(detectFormat(bytes('just some words'), 'notes.txt'), undefined);
  assert.equal(detectFormat(bytes('just some words'), 'logs/pfirewall.log'), 'pfirewall');
  assert.equal(detectFormat(bytes('<html><body>'), 'page.xml'), undefined, 'content that contradicts the name wins');
});

test('W3C logs that are not the Windows Firewall are not taken for it', () => {
  const iis = bytes('#Software: Microsoft Internet Information Services 10.0\n#Version: 1.0\n#Fields: date time s-ip cs-method cs-uri-stem\n');
  assert.equal(detectFormat(iis, 'u_ex200904.log'), undefined);
  assert.match(describeUnknown(iis, 'u_ex200904.log'), /W3C log that is not a Windows Firewall log/);
});

test('unknown input gets a message saying what was seen', () => {
  assert.equal(describeUnknown(new Uint8Array(0), 'a.log'), 'a.log: the source is empty');
  assert.equal(describeUnknown(bytes('  \n\n'), 'a.log'), 'a.log: the source holds only whitespace');
  const garbage = Buffer.from([0x00, 0x9f, 0x13, 0x37, 0xfe, 0x01, 0x02, 0x03, 0x04, 0x05, 0x06, 0x07, 0x08, 0x0b, 0x0c, 0x0e, 0x0f]);
  assert.equal(detectFormat(garbage, 'x.json'), undefined, 'binary garbage is not JSON because of its name');
  assert.equal(describeUnknown(garbage, 'x.json'), 'x.json: unknown format: binary data that is not EVTX (first bytes 00 9f 13 37 fe 01 02 03 04 05 06 07 08 0b 0c 0e)');
  assert.match(describeUnknown(bytes('hello world\nsecond line'), 'a.txt'), /text starting "hello world" is not JSON, EVTX XML, Zeek TSV/);
});

test('XML that holds no events is not event XML', () => {
  const other = bytes('<?xml version="1.0"?>\n<configuration><appSettings/></configuration>');
  assert.equal(detectFormat(other, 'app.xml'), undefined);
  assert.match(describeUnknown(other, 'app.xml'), /XML that is not Windows event XML/);
});

test('CSV headers in other languages are CSV', () => {
  assert.equal(detectFormat(bytes('Niveau,Date et heure,Source,ID de l’événement,Catégorie de la tâche\r\n'), 'x'), 'csv');
});

test("the Azure portal's CSV export is CSV by its header, whatever its name: time columns carry the zone in brackets", () => {
  const header = '\uFEFF"TimeGenerated [UTC]",Account,AccountType,Computer,EventSourceName,Channel,EventData,EventID\r\n';
  assert.equal(detectFormat(bytes(header), 'query_data'), 'csv');
});
