// Regression test for what the EVTX-XML fuzzer showed: text between <Event> elements was
// never looked at, so an event whose opening tag was damaged (or junk) vanished without a
// word. Such text is now counted and named in one warning; markup between events is not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEvtxXml } from '../../../src/core/ingest/formats/evtxXml';
import { readChecked } from '../fuzz/harness';

const ev = (n: number) => `<Event xmlns='http://schemas.microsoft.com/win/2004/08/events/event'><System><Provider Name='P'/><EventID>1</EventID><TimeCreated SystemTime='2020-09-04T03:07:02Z'/><EventRecordID>${n}</EventRecordID><Computer>W</Computer></System><EventData><Data Name='CommandLine'>c${n}</Data></EventData></Event>`;

test('an event whose <Event> tag is damaged is named in a warning; its neighbours load', async () => {
  const damaged = ev(2).replace('<Event ', '<Evnt ');
  const text = `<?xml version="1.0" encoding="UTF-8"?>\n<Events>\n${ev(1)}\n${damaged}\n${ev(3)}\n</Events>\n`;
  for (const piece of [7, 65536]) {
    const { records, warnings } = await readChecked(readEvtxXml, Buffer.from(text), piece);
    assert.deepEqual(records.map((r) => r.event.record_id), [1, 3]);
    assert.equal(warnings.length, 1);
    // Its markup passes for markup; its text (the first being the event id's) does not.
    const firstText = text.indexOf('<EventID>1', text.indexOf('<Evnt')) + '<EventID>'.length;
    assert.match(warnings[0]!, new RegExp(`^5 byte\\(s\\) of text outside <Event> elements ignored \\(first at line 4, byte offset ${firstText}\\)`));
  }
});

test('markup between events (declaration, root, comments, a DOCTYPE) draws no warning', async () => {
  const text = `\uFEFF<?xml version="1.0"?>\n<!DOCTYPE Events [\n  <!ENTITY a "b">\n]>\n<!-- exported -->\n<Events>\n${ev(1)}\n\n${ev(2)}\n</Events>\n`;
  const { records, warnings } = await readChecked(readEvtxXml, Buffer.from(text));
  assert.equal(records.length, 2);
  assert.deepEqual(warnings, []);
});
