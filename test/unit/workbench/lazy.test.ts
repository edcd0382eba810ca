// Activation stays lazy and fast: the extension bundle must not carry the engine (sql.js and
// the loaders live in the worker bundle, started on first need), and the manifest must not
// activate Huntbench on startup outside a workspace of hunts.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, statSync } from 'node:fs';

const BUNDLE = 'dist/extension.js';

test('the extension bundle leaves sql.js and the loaders to the worker', { skip: existsSync(BUNDLE) ? false : 'dist/extension.js not built (npm test builds it)' }, () => {
  const text = readFileSync(BUNDLE, 'utf8');
  assert.ok(!text.includes('initSqlJs'), 'sql.js is not in the extension bundle');
  assert.ok(!text.includes('sql-wasm.wasm'), 'the wasm is only referenced by the worker');
  const kb = statSync(BUNDLE).size / 1024;
  assert.ok(kb < 400, `extension bundle is ${Math.round(kb)} KB`);
});

test('no eager activation events, but in a workspace of hunts', () => {
  const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { activationEvents: string[] };
  const eager = manifest.activationEvents.filter((e) => e === '*' || e === 'onStartupFinished' || e.startsWith('workspaceContains:'));
  // A workspace with analytics in hunts/ (the demo workspace) activates at startup, so the
  // walkthrough can open on first start there; nowhere else does Huntbench start early.
  assert.deepEqual(eager, ['workspaceContains:hunts/*.hunt']);
});
