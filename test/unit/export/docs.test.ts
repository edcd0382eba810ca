// docs/export.md shows what the exporters produce today: it must equal what
// scripts/export-docs.ts renders (run the script after changing an exporter or a mapping).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { exportDocs } from '../../../scripts/export-docs';
import { REPO } from './corpus';

test('docs/export.md is up to date with the exporters', () => {
  assert.equal(readFileSync(join(REPO, 'docs', 'export.md'), 'utf8'), exportDocs(), 'run: npx tsx scripts/export-docs.ts');
});
