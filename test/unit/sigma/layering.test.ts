// The Sigma runner holds no SQL against `events`: what it reads of the table goes through
// store/recordPointers.ts (and store/events.ts), like every reader outside the store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { REPO } from './shared';

test('src/core/sigma holds no SQL against events', () => {
  const dir = join(REPO, 'src', 'core', 'sigma');
  const sql = /\b(?:FROM|JOIN|INTO|UPDATE)\s+events\b/i;
  const found = readdirSync(dir).filter((f) => f.endsWith('.ts') && sql.test(readFileSync(join(dir, f), 'utf8')));
  assert.deepEqual(found, []);
});
