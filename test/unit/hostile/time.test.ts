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
