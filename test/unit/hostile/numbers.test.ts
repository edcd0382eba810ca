// Regression test: numbers out of range (1e308, -1e23, 0xFFFF… of 96 bits) were stored in
// integer columns (pid, record_id) as floating-point nonsense that joins and comparisons then
// used. Integer fields now take only safe integers; anything larger is no value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { int } from '../../../src/core/ingest/normalize/fields';

test('integer fields take only safe integers', () => {
  for (const hostile of [1e308, -1e23, Number.MAX_VALUE, '99999999999999999999', '0xFFFFFFFFFFFFFFFFFFFFFFFF', '1e400', 2 ** 53]) {
    assert.equal(int(hostile), null, String(hostile));
  }
  assert.deepEqual([int('0x1f4'), int('4688'), int(-1), int(2 ** 53 - 1), int('12.9')], [500, 4688, -1, 2 ** 53 - 1, 12]);
});
