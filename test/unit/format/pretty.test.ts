// Raw records pretty-printed (src/core/format/pretty.ts): indented, every value kept exactly,
// and anything malformed returned as it was.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { prettyRecord } from '../../../src/core/format/pretty';

test('an EVTX-XML record on one line becomes one element per line, values untouched', () => {
  const xml = '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4688</EventID><Computer>WS6</Computer></System><EventData><Data Name="CommandLine">cmd.exe  /c "a &lt; b"</Data><Data Name="Empty"></Data></EventData></Event>';
  assert.equal(prettyRecord(xml), [
    '<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event">',
    '  <System>',
    '    <Provider Name="Microsoft-Windows-Security-Auditing"/>',
    '    <EventID>4688</EventID>',
    '    <Computer>WS6</Computer>',
    '  </System>',
    '  <EventData>',
    '    <Data Name="CommandLine">cmd.exe  /c "a &lt; b"</Data>',
    '    <Data Name="Empty"></Data>',
    '  </EventData>',
    '</Event>',
  ].join('\n'));
});

test('JSON is indented; malformed JSON or XML, and plain text, come back unchanged', () => {
  assert.equal(prettyRecord('{"a":1,"b":{"c":"x  y"}}'), '{\n  "a": 1,\n  "b": {\n    "c": "x  y"\n  }\n}');
  for (const bad of ['{"a":', '<a><b></a>', '<a>x', '<a>1 < 2</a>', 'plain line']) assert.equal(prettyRecord(bad), bad);
  assert.equal(prettyRecord('<a><![CDATA[</a>]]><!-- c --></a>'), '<a>\n  <![CDATA[</a>]]>\n  <!-- c -->\n</a>');
});
