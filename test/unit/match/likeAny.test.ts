// Long wildcard lists in the SQL prefilter: one call of the JS matcher from SQL (hb_like_any),
// so the prefilter agrees with the predicate (case-insensitive, whole value, negation true on a
// missing value) and the rows it rejects never leave SQLite.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHuntText } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';

const LIST = '["*\\\\Users\\\\*", "*\\\\ProgramData\\\\*", "*\\\\Windows\\\\Temp\\\\*", "*\\\\PerfLogs\\\\*", "\\\\\\\\*", "C:\\\\x?.exe"]';
const analytic = (negated: boolean): string => `list paths = ${LIST}
analytic "L" {
  title "l"
  severity low
  sequence by host
    step s: process where image ${negated ? 'not like' : 'like'} paths
}`;

const images = ['C:\\users\\bob\\a.exe', 'C:\\Windows\\System32\\cmd.exe', '\\\\srv\\share\\t.exe', 'C:\\x1.exe', 'C:\\x12.exe', null];

async function matched(negated: boolean): Promise<(string | null)[]> {
  const file = loadHuntText('l.hunt', analytic(negated));
  const plan = file.plans[0]!;
  assert.match(plan.steps[0]!.alternatives[0]!.filter.sql, /hb_like_any\(.*"image"\), \?\)/);
  const store = await storeOf('e', images.map((image, i) => normalizeTestEvent({ ts: 1_700_000_000_000 + i, host: 'H', category: 'process', image })));
  try {
    return runAnalytics(store, [plan]).chains.map((c) => c.steps[0]!.events[0]!.id).map((id) => images[id - 1] ?? null);
  } finally {
    store.close();
  }
}

test('a long list selects what the wildcard matcher selects', async () => {
  assert.deepEqual(await matched(false), ['C:\\users\\bob\\a.exe', '\\\\srv\\share\\t.exe', 'C:\\x1.exe']);
});

test('its negation keeps the rest, a missing value included', async () => {
  assert.deepEqual(await matched(true), ['C:\\Windows\\System32\\cmd.exe', 'C:\\x12.exe', null]);
});
