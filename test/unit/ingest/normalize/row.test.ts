// emptyRow lists exactly the schema's event fields, in COLUMNS order.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_NAMES } from '../../../../src/core/schema/columns';
import { emptyRow } from '../../../../src/core/ingest/normalize/row';

test('emptyRow has every event field, null, in column order', () => {
  const pointerColumns = new Set(['id', 'source_id', 'line', 'offset', 'length']);
  const row = emptyRow();
  assert.deepEqual(Object.keys(row), COLUMN_NAMES.filter((name) => !pointerColumns.has(name)));
  assert.ok(Object.values(row).every((value) => value === null));
});
