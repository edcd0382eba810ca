// What reach.ts leaves out before rows are made, on the golden case of observations and reach
// (test/golden/observation-reach): the repeated record and the events with no partner in reach,
// while the step's count of candidates stays what the step selects.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { loadHuntFile } from '../../../src/core/dsl/load';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';
import { stepReach } from '../../../src/core/match/reach';
import { runAnalytics } from '../../../src/core/match/run';

const CASE = join(__dirname, '..', '..', 'golden', 'observation-reach');

test('events out of reach of the other step, and repeats of an observation, are left out; the candidate count is not', async () => {
  const events = JSON.parse(readFileSync(join(CASE, 'events.json'), 'utf8')) as Record<string, unknown>[];
  const store = await storeOf('reach', events.map((e) => normalizeTestEvent(e as never)));
  const plan = loadHuntFile(join(CASE, 'rule.hunt')).plans[0]!;
  const [access, effect] = stepReach(store.columns()!, plan);
  const kept = (near: Int32Array): number[] => [...near].map((p) => p + 1);
  // Accesses: 2 repeats 1 (left out though 3 is in reach), 1, 6 and 9 have no effect within a
  // minute. Effects: 3 is in reach of 2 (a repeat still places its connection), 10 of nothing.
  assert.deepEqual(kept(access!.near), [4, 7, 12]);
  assert.equal(access!.candidates, 6);
  assert.deepEqual(kept(effect!.near), [3, 5, 8, 13]);
  assert.equal(effect!.candidates, 5);
  const { stats } = runAnalytics(store, [plan], { probeLimit: 0 });
  assert.deepEqual(stats.analytics[0]!.candidates, { access: 6, effect: 5 });
});
