// docs/schema.md documents every column and every category the schema declares.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CATEGORIES, COLUMNS } from '../../../../src/core/schema/columns';

const doc = readFileSync(join(__dirname, '..', '..', '..', '..', 'docs', 'schema.md'), 'utf8');

test('every column has a row in the columns table', () => {
  const missing = COLUMNS.filter((c) => !doc.includes(`| \`${c.name}\` | ${c.type} |`)).map((c) => c.name);
  assert.deepEqual(missing, []);
});

test('every category is named', () => {
  assert.deepEqual(CATEGORIES.filter((c) => !doc.includes(`\`${c}\``)), []);
});
