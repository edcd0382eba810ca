// raw_field() on an EVTX-XML or binary EVTX record finds `<Data Name="X">` or an element `<X>`
// in the record's text. It did so with a lazy regex up to the closing tag, tried again at every
// later opening tag when it failed: a record holding `<Foo>` 100,000 times in CDATA and no
// `</Foo>` took 11 s for one raw_field(id, 'Foo') (quadratic: a 16 MB record, hours, and an
// analytic reading an original field cannot be stopped inside one). Now one pass. And a
// character reference past U+10FFFF in CDATA (text there, so the event loads) made
// String.fromCodePoint throw: the query, or the whole run of analytics, failed with
// "Invalid code point 99999999".

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { xmlField } from '../../../src/core/raw/field';

const REPEATS = 100_000;
/** One pass over these texts takes milliseconds; the old search took 11 s and more. */
const BOUND_MS = 2_000;

const event = (data: string) => '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Sysmon"/>'
  + '<EventID>1</EventID><TimeCreated SystemTime="2024-01-01T10:00:00.000Z"/><Computer>WS1</Computer></System>'
  + `<EventData><Data Name="Image">C:\\x.exe</Data><Data Name="Empty"/>${data}</EventData></Event>`;

test('an opening tag repeated 100,000 times without its closing tag is searched in one pass', () => {
  const elements = event(`<Data Name="Junk"><![CDATA[${'<Foo>'.repeat(REPEATS)}]]></Data>`);
  const data = event(`<Data Name="Junk"><![CDATA[${'<Data Name="Foo">'.repeat(REPEATS)}]]></Data>`).replace(/<\/Data>/g, '</X>');
  const started = Date.now();
  assert.equal(xmlField(elements, 'Foo'), null);
  assert.equal(xmlField(data, 'Foo'), null);
  const elapsed = Date.now() - started;
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('raw_field reads what it read before: Data by name, element text, an attribute, without case', () => {
  const text = event('<Data Name="CommandLine">cmd /c &quot;a &amp; b&quot;</Data><UserData><Rule><Name>r1</Name></Rule></UserData>');
  assert.equal(xmlField(text, 'Image'), 'C:\\x.exe');
  assert.equal(xmlField(text, 'commandline'), 'cmd /c "a & b"');
  assert.equal(xmlField(text, 'Empty'), null);
  assert.equal(xmlField(text, 'Computer'), 'WS1');
  assert.equal(xmlField(text, 'eventid'), '1');
  assert.equal(xmlField(text, 'TimeCreated'), '2024-01-01T10:00:00.000Z');
  assert.equal(xmlField(text, 'Provider'), 'Microsoft-Windows-Sysmon');
  assert.equal(xmlField(text, 'Name'), 'r1');
  assert.equal(xmlField(text, 'Rule'), null);
  assert.equal(xmlField(text, 'Missing'), null);
});

test('a character reference past U+10FFFF (text in CDATA) stays as written instead of failing the query', () => {
  const text = event('<Data Name="Foo"><![CDATA[&#99999999; &#x110000; &#x41;]]></Data><Bar>&#1114112;</Bar>');
  assert.equal(xmlField(text, 'Foo'), '<![CDATA[&#99999999; &#x110000; A]]>');
  assert.equal(xmlField(text, 'Bar'), '&#1114112;');
});
