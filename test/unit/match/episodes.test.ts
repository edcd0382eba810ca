// `merge`: chains of one key that follow each other closely are reported as one episode that
// lists every event; chains further apart, or of another key, stay apart.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHuntText } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';

const analytic = (merge: string): string => `analytic "M" {
  title "m"
  severity low
  sequence by host within 1m ${merge}
    step access: network where dst_port == 3389
    step run: process where process_name == "cmd.exe"
}`;

const at = (minute: number, second: number): string => `2024-01-01T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`;
const events = [
  { ts: at(0, 0), host: 'H', category: 'network', dst_port: 3389 },
  { ts: at(0, 5), host: 'H', category: 'process', process_name: 'cmd.exe' },
  { ts: at(1, 0), host: 'H', category: 'network', dst_port: 3389 },
  { ts: at(1, 6), host: 'H', category: 'process', process_name: 'cmd.exe' },
  { ts: at(30, 0), host: 'H', category: 'network', dst_port: 3389 },
  { ts: at(30, 2), host: 'H', category: 'process', process_name: 'cmd.exe' },
  { ts: at(0, 30), host: 'OTHER', category: 'network', dst_port: 3389 },
  { ts: at(0, 31), host: 'OTHER', category: 'process', process_name: 'cmd.exe' },
];

async function chains(merge: string) {
  const plan = loadHuntText('m.hunt', analytic(merge)).plans[0]!;
  const store = await storeOf('events', events.map(normalizeTestEvent));
  try {
    return runAnalytics(store, [plan]).chains.map((c) => [c.key.host, c.steps.map((s) => s.events.length)]);
  } finally {
    store.close();
  }
}

test('without merge every completion is a chain', async () => {
  assert.equal((await chains('')).length, 4);
});

test('merge 5m folds the close completions of one host into one chain listing all their events', async () => {
  assert.deepEqual(await chains('merge 5m'), [['H', [2, 2]], ['OTHER', [1, 1]], ['H', [1, 1]]]);
});

test('a merge longer than a week is reported', () => {
  const file = loadHuntText('m.hunt', analytic('merge 8d'));
  assert.ok(file.diagnostics.some((d) => d.code === 'HUNT2007' && /merging chains over 7 days/.test(d.message)));
});
