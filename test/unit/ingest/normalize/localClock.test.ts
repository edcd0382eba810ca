// Local-clock correction: offsets learned from Sysmon, per host, with bounded look-ahead.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { LocalClock, roundOffset } from '../../../../src/core/ingest/normalize/localClock';
import type { LoadedRecord } from '../../../../src/core/types/records';

const HOUR = 3_600_000;

function record(host: string, ts: number): LoadedRecord {
  return { pointer: { offset: 0, length: 1 }, event: { host, ts } };
}

test('offsets round to 15 minutes (EventTime has 1 s precision)', () => {
  assert.equal(roundOffset(-4 * HOUR + 2_981), -4 * HOUR);
  assert.equal(roundOffset(5.5 * HOUR - 900), 5.5 * HOUR);
});

test('local times are held until the first sample, then released in order, corrected per host', () => {
  const warnings: string[] = [];
  const clock = new LocalClock((m) => warnings.push(m), () => 'EventTime');
  const early = record('A', 10 * HOUR);
  assert.deepEqual(clock.push(early, { localTime: true, clockSample: null }), []);
  const utcRow = record('A', 0);
  assert.deepEqual(clock.push(utcRow, { localTime: false, clockSample: null }), [], 'order is kept behind held records');
  const sample = record('A', 6 * HOUR);
  const released = clock.push(sample, { localTime: false, clockSample: -4 * HOUR + 500 });
  assert.deepEqual(released, [early, utcRow, sample]);
  assert.equal(early.event.ts, 14 * HOUR);
  clock.push(record('B', 0), { localTime: false, clockSample: 2 * HOUR });
  const b = record('B', 5 * HOUR);
  const other = record('C', 5 * HOUR);
  clock.push(b, { localTime: true, clockSample: null });
  clock.push(other, { localTime: true, clockSample: null });
  assert.equal(b.event.ts, 3 * HOUR, 'host B has its own offset');
  assert.equal(other.event.ts, 9 * HOUR, 'host C falls back to the first offset the source showed');
  assert.deepEqual(clock.finish(), []);
  assert.deepEqual(warnings, ["EventTime is a local time of an unrecorded zone; 3 event time(s) were moved to UTC by the offset Sysmon's UtcTime shows (A UTC-04:00, B UTC+02:00)"]);
  assert.deepEqual([...clock.offsets()], [['A', -4 * HOUR], ['B', 2 * HOUR]]);
});

test('without any sample, held records are released as UTC after the limit and at the end, with one warning', () => {
  const warnings: string[] = [];
  const clock = new LocalClock((m) => warnings.push(m), () => 'NXLog EventTime', 3);
  const out: LoadedRecord[] = [];
  for (let i = 0; i < 5; i++) out.push(...clock.push(record('A', i), { localTime: true, clockSample: null }));
  assert.equal(out.length, 5, 'released at the limit, then passed straight through');
  out.push(...clock.finish());
  assert.deepEqual(out.map((r) => r.event.ts), [0, 1, 2, 3, 4]);
  assert.equal(warnings.length, 1);
  assert.match(warnings[0]!, /NXLog EventTime is a local time of an unrecorded zone; 5 event\(s\)/);
});

test('events without a host (Event Viewer CSV) are corrected by the source offset, and the warning names it', () => {
  const warnings: string[] = [];
  const clock = new LocalClock((m) => warnings.push(m), () => "the export's time column");
  const hostless = (ts: number): LoadedRecord => ({ pointer: { offset: 0, length: 1 }, event: { ts } });
  const sample = hostless(6 * HOUR);
  assert.deepEqual(clock.push(sample, { localTime: false, clockSample: -5 * HOUR + 200 }), [sample]);
  const local = hostless(10 * HOUR);
  clock.push(local, { localTime: true, clockSample: null });
  assert.equal(local.event.ts, 15 * HOUR);
  clock.finish();
  assert.deepEqual(warnings, ["the export's time column is a local time of an unrecorded zone; 1 event time(s) were moved to UTC by the offset Sysmon's UtcTime shows (UTC-05:00)"]);
});
