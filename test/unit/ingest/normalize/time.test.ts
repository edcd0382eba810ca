// parseTime: the time spellings of Windows logs, and what it refuses.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseTime } from '../../../../src/core/ingest/normalize/time';

test('accepted spellings', () => {
  const base = Date.UTC(2020, 8, 20, 16, 16, 56, 19);
  assert.equal(parseTime('2020-09-20 16:16:56.019'), base);
  assert.equal(parseTime('2020-09-20T16:16:56.0190000Z'), base);
  assert.equal(parseTime('2020-09-20T16:16:56.019999Z'), base, 'sub-millisecond digits are truncated');
  assert.equal(parseTime('2020-09-20T12:16:56.019-04:00'), base);
  assert.equal(parseTime('2020-09-20T21:46:56.019+0530'), base);
  assert.equal(parseTime('2020-09-20 16:16:56'), base - 19);
  assert.equal(parseTime('/Date(1600618616019)/'), base);
  assert.equal(parseTime('/Date(1600618616019-0400)/'), base, 'the zone suffix is display-only');
  assert.equal(parseTime(1600618616.019), base);
  assert.equal(parseTime(1600618616019), base);
});

test('refused spellings give null', () => {
  for (const bad of ['', '-', '2020-09-20', '20-09-2020 16:16:56', '2020-13-20 16:16:56', '2020-09-20 16:16:56 UTC', '2020-09-20T16:16:56.019Zjunk', '/Date()/', '/Date(abc)/']) {
    assert.equal(parseTime(bad), null, JSON.stringify(bad));
  }
  assert.equal(parseTime(null), null);
  assert.equal(parseTime(Number.NaN), null);
});
