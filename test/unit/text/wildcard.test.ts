// Wildcard patterns in the language: SQLite LIKE semantics, and a pattern no longer takes down
// check/run/test (a `-` used to make every command fail with "Invalid regular expression …
// Invalid escape"). The translation itself is fuzzed against a reference in fuzz/patterns.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { wildcardMatcher } from '../../../src/core/dsl/semantics/values';
import { loadHuntFile, loadHuntText } from '../../../src/core/dsl/load';
import { runInlineTests } from '../../../src/core/session/inlineTests';

test('language semantics stay SQLite LIKE: ASCII letters fold, others compare exactly', () => {
  const m = wildcardMatcher(['*\\Acme-Agent\\*.exe', 'É?']);
  assert.ok(m('C:\\Program Files\\ACME-agent\\agent.EXE'));
  assert.ok(m('Éx') && !m('éx'));
});

const ANALYTIC = (where: string, extra = ''): string => `${extra}analytic "W" {\n title "t"\n severity low\n sequence by host within 5m\n`
  + `  step a: process where ${where}\n  test "hit" expect 1 [ {"host": "H", "ts": "2024-01-01T00:00:00Z", "category": "process", "image": "C:\\\\Program Files\\\\Acme-Agent\\\\agent.exe"} ]\n}\n`;

test('patterns with "-" (inline, and from a list file) check, compile and run their tests', async () => {
  const inline = loadHuntText('/tmp/w.hunt', ANALYTIC('image like "*-*"'));
  assert.deepEqual(inline.diagnostics, []);
  assert.equal(inline.plans.length, 1);
  assert.deepEqual((await runInlineTests(inline)).map((r) => r.passed), [true]);
  const dir = mkdtempSync(join(tmpdir(), 'hb-wild-'));
  writeFileSync(join(dir, 'binaries.txt'), '# vendor agents\nC:\\Program Files\\Acme-Agent\\agent.exe\n[a-z]+(?=x)\\1\n');
  writeFileSync(join(dir, 'w.hunt'), ANALYTIC('image like bins', 'list bins from "binaries.txt"\n'));
  const listed = loadHuntFile(join(dir, 'w.hunt'));
  assert.deepEqual(listed.diagnostics, []);
  assert.deepEqual((await runInlineTests(listed)).map((r) => r.passed), [true]);
});
