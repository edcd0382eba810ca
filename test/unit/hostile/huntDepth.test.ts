// Regression test for the crash the .hunt fuzzer's corpus found: an expression nested or
// chained thousands deep (`((((…`, `not not not …`, `a and a and …`) overflowed the stack in
// the parser and checker. Past MAX_EXPRESSION_DEPTH it is now a HUNT1005 diagnostic; up to
// the limit it still parses, checks and compiles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHuntText } from '../../../src/core/dsl/load';
import { MAX_EXPRESSION_DEPTH } from '../../../src/core/dsl/syntax/parser';

const analytic = (where: string) => `analytic "D" {\n  title "t"\n  severity low\n  sequence by host\n    step a: network where ${where}\n}\n`;
const term = 'host == "a"';
const SHAPES: Record<string, (n: number) => string> = {
  parentheses: (n) => `${'('.repeat(n)}${term}${')'.repeat(n)}`,
  not: (n) => `${'not '.repeat(n)}${term}`,
  'and chain': (n) => Array.from({ length: n + 1 }, () => term).join(' and '),
  'or chain': (n) => Array.from({ length: n + 1 }, () => term).join(' or '),
};

for (const [shape, build] of Object.entries(SHAPES)) {
  test(`${shape}: ${MAX_EXPRESSION_DEPTH} deep compiles; 100,000 deep is one diagnostic, not a crash`, () => {
    const atLimit = loadHuntText('/tmp/d.hunt', analytic(build(MAX_EXPRESSION_DEPTH)));
    assert.deepEqual(atLimit.diagnostics.filter((d) => d.severity === 'error'), []);
    assert.equal(atLimit.plans.length, 1);
    const hostile = loadHuntText('/tmp/d.hunt', analytic(build(100_000)));
    assert.deepEqual(hostile.diagnostics.map((d) => d.code), ['HUNT1005']);
    assert.match(hostile.diagnostics[0]!.message, /at most 500 levels deep/);
    assert.equal(hostile.plans.length, 0);
  });
}
