// Regression test for the crash a hostile timestamp caused: a time far outside any real log
// (epoch 1e17 ms, year 30000, /Date(9e15)/) was stored as ts, and formatting it ("Invalid
// time value") ended the whole load report. Such times now leave ts null (ts_raw keeps them).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTime } from '../../../src/core/ingest/normalize/time';

test('times outside years 1601-9999 are not event times', () => {
  for (const hostile of [1e17, 9e14 * 1000, -1e15, '/Date(9000000000000000)/', '/Date(-99999999999999)/', Number.MAX_VALUE]) {
    assert.equal(parseTime(hostile), null, String(hostile));
  }
  assert.equal(parseTime('1601-01-01T00:00:00Z'), Date.UTC(1601, 0, 1));
  assert.equal(parseTime('9999-12-31 23:59:59.999'), Date.UTC(9999, 11, 31, 23, 59, 59, 999));
  assert.equal(parseTime(1588205201.001), 1588205201001);
  assert.ok(Number.isFinite(new Date(parseTime('2020-09-20T12:16:56Z')!).getTime()));
});

test('years 0-99 are not read as 1900-1999, and an offset past 23:59 is no offset', () => {
  // Date.UTC maps years 0-99 to 1900-1999: these were stored as times in 1900, 1920 and 1999.
  for (const hostile of ['0000-01-01T00:00:00Z', '0020-09-20T12:16:56Z', '0099-12-31 23:59:59', '0050-06-01T00:00:00+14:00']) {
    assert.equal(parseTime(hostile), null, hostile);
  }
  // `+99:99` shifted the time by 100 hours and 39 minutes.
  for (const hostile of ['2020-01-01T00:00:00+99:99', '2020-01-01T00:00:00-24:00', '2020-01-01T00:00:00+01:60']) {
    assert.equal(parseTime(hostile), null, hostile);
  }
  assert.equal(parseTime('2020-01-01T00:00:00+14:00'), Date.UTC(2019, 11, 31, 10));
  assert.equal(parseTime('2020-01-01T00:00:00-0930'), Date.UTC(2020, 0, 1, 9, 30));
  assert.equal(parseTime('1601-01-01T00:00:00Z'), Date.UTC(1601, 0, 1));
});
