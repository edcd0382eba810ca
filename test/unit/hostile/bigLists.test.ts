// A list file is the author's (or, in a cloned workspace, anyone's). Every entry of a `like`
// list was compiled into one RE2 alternation, at about 0.7 ms and 30 KB an entry: a list of
// 50,000 whole paths (2 MB) took 36 s and 1.7 GB to check, one of 50,000 wildcard patterns 44 s
// and 1.6 GB. Entries without `*` or `?` are now looked up in a set, and a file whose `like`s
// hold more than MAX_WILDCARD_PATTERNS wildcard patterns is refused with HUNT2011.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadHuntFile, MAX_WILDCARD_PATTERNS } from '../../../src/core/dsl/load';
import { runInlineTests } from '../../../src/core/session/inlineTests';
import { wildcardSetMatcher } from '../../../src/core/text/wildcard';

const work = mkdtempSync(join(tmpdir(), 'huntbench-lists-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const ENTRIES = 50_000;
/** Linear work takes well under a second here; the old compile took 30 s and more. */
const BOUND_MS = 5_000;

const path = (i: number) => `C:\\Program Files\\Vendor${i}\\bin\\tool${i}.exe`;

test('a list file of 50,000 whole paths checks, compiles and runs its tests in bounded time', async () => {
  writeFileSync(join(work, 'known.txt'), `${Array.from({ length: ENTRIES }, (_, i) => path(i)).join('\n')}\nC:\\Tools\\*\\agent?.exe\n`);
  writeFileSync(join(work, 'big.hunt'), 'list known from "known.txt"\nanalytic "L" {\n title "t"\n severity low\n sequence by host within 5m\n'
    + '  step a: process where not image like known\n'
    + `  test "unknown fires" expect 1 [ {"host": "H", "ts": "2024-01-01T00:00:00Z", "category": "process", "image": "C:\\\\evil.exe"} ]\n`
    + `  test "a listed path does not" expect 0 [ {"host": "H", "ts": "2024-01-01T00:00:00Z", "category": "process", "image": "c:\\\\program files\\\\vendor49999\\\\BIN\\\\tool49999.exe"} ]\n`
    + `  test "a wildcard entry does not" expect 0 [ {"host": "H", "ts": "2024-01-01T00:00:00Z", "category": "process", "image": "C:\\\\Tools\\\\x\\\\y\\\\agent7.exe"} ]\n}\n`);
  const started = Date.now();
  const file = loadHuntFile(join(work, 'big.hunt'));
  const results = await runInlineTests(file);
  const elapsed = Date.now() - started;
  assert.deepEqual(file.diagnostics, []);
  assert.deepEqual(results.map((r) => [r.name, r.passed]), [['unknown fires', true], ['a listed path does not', true], ['a wildcard entry does not', true]]);
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('wildcardSetMatcher: whole values match exactly, case as given, beside wildcard patterns', () => {
  const matches = wildcardSetMatcher(['a.exe', 'B.exe', '*.dll', 'x?z', '']);
  assert.deepEqual(['a.exe', 'A.exe', 'B.exe', 'a.exe ', 'k.dll', 'xyz', 'xz', ''].map(matches), [true, false, true, false, true, true, false, true]);
  assert.equal(wildcardSetMatcher(['only.exe'])('only.exe'), true);
  assert.equal(wildcardSetMatcher([])(''), false);
});

const ANALYTIC = (where: string) => `analytic "W" {\n title "t"\n severity low\n sequence by host within 5m\n  step a: process where ${where}\n}\n`;

test('50,000 wildcard patterns in a list file are refused at once with HUNT2011 on the like', () => {
  writeFileSync(join(work, 'wild.txt'), Array.from({ length: ENTRIES }, (_, i) => `*x${i}*y*z${i}*`).join('\n'));
  writeFileSync(join(work, 'wild.hunt'), `list wild from "wild.txt"\n${ANALYTIC('image like wild')}`);
  const started = Date.now();
  const file = loadHuntFile(join(work, 'wild.hunt'));
  const elapsed = Date.now() - started;
  assert.deepEqual(file.diagnostics.map((d) => [d.code, d.message]), [['HUNT2011', 'Invalid wildcard list wild: the file\'s like patterns hold 50,000 with * or ? so far (50,000 here), '
    + 'more than the 2,000 that can be tested in bounded time; entries without * or ? do not count.']]);
  assert.equal(file.text.slice(file.diagnostics[0]!.span.start, file.diagnostics[0]!.span.end), 'image like wild');
  assert.deepEqual(file.plans, []);
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('the wildcard bound counts every like of the file, so splitting a list does not get round it', () => {
  const half = MAX_WILDCARD_PATTERNS / 2 + 1;
  writeFileSync(join(work, 'a.txt'), Array.from({ length: half }, (_, i) => `*a${i}*`).join('\n'));
  writeFileSync(join(work, 'b.txt'), Array.from({ length: half }, (_, i) => `*b${i}*`).join('\n'));
  writeFileSync(join(work, 'one.hunt'), `list a from "a.txt"\n${ANALYTIC('image like a')}`);
  writeFileSync(join(work, 'split.hunt'), `list a from "a.txt"\nlist b from "b.txt"\n${ANALYTIC('image like a or command_line like b')}`);
  assert.deepEqual(loadHuntFile(join(work, 'one.hunt')).diagnostics, []);
  const split = loadHuntFile(join(work, 'split.hunt'));
  assert.deepEqual(split.diagnostics.map((d) => split.text.slice(d.span.start, d.span.end)), ['command_line like b']);
});
