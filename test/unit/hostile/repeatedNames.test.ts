// One name repeated many times in one record or header: EVTX-XML UserData leaves, evtx_dump
// JSON leaves and CSV column names. Numbering the repeats counted up from 2 for each one, so n
// repeats cost n²/2 steps: 20,000 `<P/>` in one event took 30 s to load, a CSV header repeating
// one name 20,000 times 17 s (100,000: minutes), and the CSV warning named every repeat.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEvtxXml, parseEventXml } from '../../../src/core/ingest/formats/evtxXml';
import { readCsv } from '../../../src/core/ingest/formats/csv';
import { jsonWinEvent } from '../../../src/core/ingest/normalize/json';
import { uniqueColumnNames } from '../../../src/core/raw/field';
import { read, securityEventXml } from '../ingest/formats/helpers';

const REPEATS = 20_000;
/** Linear work on these inputs takes well under a second; the quadratic one took 17 s and more. */
const BOUND_MS = 5_000;

test('EVTX-XML: 20,000 repeats of one UserData leaf load in linear time, numbered past the names the event has', async () => {
  // A leaf P2 comes first, so the repeats of P are P, P3, P4, ...: the numbering is unchanged.
  const body = `<UserData><X><P2/>${'<P/>'.repeat(REPEATS)}</X></UserData>`;
  const bytes = Buffer.from(`<Events>\n${securityEventXml(1)}${securityEventXml(2, { body })}${securityEventXml(3)}</Events>\n`);
  const started = Date.now();
  const { records, rejections } = await read(readEvtxXml, bytes);
  const event = parseEventXml(securityEventXml(2, { body }));
  const elapsed = Date.now() - started;
  assert.deepEqual(rejections, []);
  assert.deepEqual(records.map((r) => r.event.record_id), [1, 2, 3]);
  assert.ok(typeof event === 'object');
  const names = Object.keys(event.data);
  assert.equal(names.length, REPEATS + 1);
  assert.deepEqual([...names.slice(0, 3), names[REPEATS]], ['P2', 'P', 'P3', `P${REPEATS + 1}`]);
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('evtx_dump JSON: 20,000 nested objects with the same leaf name load in linear time, as P, P2, ...', () => {
  const leaves = Object.fromEntries(Array.from({ length: REPEATS }, (_, i) => [`x${i}`, { P: String(i) }]));
  const record = { Event: { System: { EventID: 4688, Channel: 'Security' }, UserData: { X: leaves } } };
  const started = Date.now();
  const event = jsonWinEvent(record);
  const elapsed = Date.now() - started;
  assert.deepEqual([event?.data.P, event?.data.P2, event?.data[`P${REPEATS}`]], ['0', '1', String(REPEATS - 1)]);
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('CSV: a header repeating one name 20,000 times loads in linear time; the warning names five repeats and counts the rest', async () => {
  const header = `TimeCreated,Id,MachineName,${Array(REPEATS).fill('a').join(',')}`;
  const row = (i: number) => `2024-05-06T07:08:0${i}Z,4688,WS1,${Array(REPEATS).fill('x').join(',')}`;
  const started = Date.now();
  const { records, rejections, warnings } = await read(readCsv, Buffer.from([header, row(0), row(1)].join('\n')));
  const elapsed = Date.now() - started;
  assert.deepEqual(rejections, []);
  assert.equal(records.length, 2);
  const repeats = 'a (column 5, read as a2), a (column 6, read as a3), a (column 7, read as a4), a (column 8, read as a5), a (column 9, read as a6)';
  assert.ok(warnings.includes(`CSV header repeats column name(s): ${repeats} and ${REPEATS - 6} more; the first column of a name keeps it`), JSON.stringify(warnings).slice(0, 2000));
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('uniqueColumnNames (Zeek and firewall raw lookups too): 20,000 repeats in linear time, numbered past the names the header has', () => {
  const started = Date.now();
  const names = uniqueColumnNames(['a', 'A2', ...Array(REPEATS).fill('a'), 'b']);
  const elapsed = Date.now() - started;
  assert.deepEqual(names.slice(0, 5), ['a', 'A2', 'a3', 'a4', 'a5']);
  assert.deepEqual(names.slice(-2), [`a${REPEATS + 2}`, 'b']);
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});
