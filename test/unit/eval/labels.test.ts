// Labels files: the shared format parsed, bad cases reported by index without losing the rest.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { parseLabels } from '../../../src/core/eval/labels';

test('cases are read with their baseline, a file-wide default baseline applying per analytic', () => {
  const set = parseLabels(JSON.stringify({
    baseline_for_AN0204: 'base.zip',
    cases: [
      { load: ['a.zip'], analytic: 'AN0204', kind: 'chain', host: 'WS5', why: 'new peers' },
      { load: ['b.zip'], baseline: ['own.zip'], analytic: 'AN0204', kind: 'none' },
      { load: ['c.zip'], analytic: 'AN0327', kind: 'none' },
    ],
  }), 'labels.json');
  assert.deepEqual(set.errors, []);
  assert.deepEqual(set.cases.map((c) => [c.analytic, c.kind, c.host, c.baseline]), [
    ['AN0204', 'chain', 'WS5', ['base.zip']],
    ['AN0204', 'none', null, ['own.zip']],
    ['AN0327', 'none', null, []],
  ]);
});

test('a bad case is reported by index and the good ones still count', () => {
  const set = parseLabels(JSON.stringify({
    cases: [
      { load: ['a.zip'], analytic: 'AN0327', kind: 'chain' },
      { load: ['../../etc/passwd'], analytic: 'AN0327', kind: 'none' },
      { load: [], analytic: 'AN0327', kind: 'none' },
      { load: ['d.zip'], analytic: 'AN0327', kind: 'maybe' },
      { load: ['e.zip'], analytic: 'AN0327', kind: 'none' },
    ],
  }), 'x.json');
  assert.deepEqual(set.cases.map((c) => c.load[0]), ['e.zip']);
  assert.equal(set.errors.length, 4);
  assert.match(set.errors[0]!, /^x\.json: case 0: a "chain" case names its "host"/);
  assert.match(set.errors[1]!, /case 1: a path leaves the labels folder/);
  assert.match(set.errors[3]!, /case 3: "kind" must be "chain" or "none", not "maybe"/);
});

test('text that is not a labels file is one error', () => {
  assert.match(parseLabels('{', 'l.json').errors[0]!, /^l\.json: not JSON/);
  assert.match(parseLabels('[]', 'l.json').errors[0]!, /expected an object with a "cases" array/);
});
