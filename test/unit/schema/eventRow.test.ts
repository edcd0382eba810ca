// emptyRow lists exactly the schema's event fields, in COLUMNS order, and copyFields copies
// each of them to its place in that order; fillFields sets them back from there.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_NAMES, type NormalizedEvent } from '../../../src/core/schema/columns';
import { copyFields, emptyRow, EVENT_FIELD_COUNT, fillFields } from '../../../src/core/schema/eventRow';

const POINTER_COLUMNS = new Set(['id', 'source_id', 'line', 'offset', 'length']);
const EVENT_FIELDS = COLUMN_NAMES.filter((name) => !POINTER_COLUMNS.has(name));

test('emptyRow has every event field, null, in column order', () => {
  const row = emptyRow();
  assert.deepEqual(Object.keys(row), EVENT_FIELDS);
  assert.ok(Object.values(row).every((value) => value === null));
});

test('copyFields puts every event field at its column position after the offset', () => {
  // Each field holds its own name, in an object whose keys are in reverse order: placement
  // must follow the schema, not the object's property order.
  const event = Object.fromEntries([...EVENT_FIELDS].reverse().map((name) => [name, name])) as unknown as NormalizedEvent;
  const out: unknown[] = ['kept', 'kept'];
  copyFields(event, out, 2);
  assert.deepEqual(out, ['kept', 'kept', ...EVENT_FIELDS]);
});

test('fillFields sets every event field from its column position, the inverse of copyFields', () => {
  const values: unknown[] = ['skipped', ...EVENT_FIELDS];
  const event = emptyRow();
  fillFields(values as NormalizedEvent[keyof NormalizedEvent][], 1, event);
  assert.deepEqual(Object.entries(event), EVENT_FIELDS.map((name) => [name, name]));
  assert.equal(EVENT_FIELD_COUNT, EVENT_FIELDS.length);
});
