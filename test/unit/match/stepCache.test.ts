// Steps' occurrences remembered per store (match/stepCache.ts): a second run over the same
// store gives the same chains from what the first read; a write to the store, a step of an
// analytic compiled again, or a lifted read-only mode makes the next run read the store again.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHuntText } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';

const TEXT = `analytic "C" {
  title "c"
  severity low
  sequence by host within 1m
    step access: network where dst_port == 3389
    step run: process where process_name == "cmd.exe"
}`;

const at = (minute: number, second: number): number => Date.parse(`2024-01-01T10:${String(minute).padStart(2, '0')}:${String(second).padStart(2, '0')}.000Z`);
const pair = (host: string, minute: number) => [
  normalizeTestEvent({ ts: new Date(at(minute, 0)).toISOString(), host, category: 'network', dst_port: 3389 }),
  normalizeTestEvent({ ts: new Date(at(minute, 5)).toISOString(), host, category: 'process', process_name: 'cmd.exe' }),
];
const hosts = (chains: readonly { key: Record<string, unknown> }[]): unknown[] => chains.map((c) => c.key.host);

test('a second run over an unchanged store finds the same chains', async () => {
  const plan = loadHuntText('c.hunt', TEXT).plans[0]!;
  const store = await storeOf('e', [...pair('A', 0), ...pair('B', 10)]);
  try {
    const first = runAnalytics(store, [plan]).chains;
    assert.equal(first.length, 2);
    assert.deepEqual(runAnalytics(store, [plan]).chains, first);
  } finally {
    store.close();
  }
});

test('events inserted after a run are found by the next run of the same plan', async () => {
  const plan = loadHuntText('c.hunt', TEXT).plans[0]!;
  const store = await storeOf('e', pair('A', 0));
  try {
    assert.deepEqual(hosts(runAnalytics(store, [plan]).chains), ['A']);
    const source = store.addSource({ path: 'more', member: null, format: 'test', dialect: null });
    store.insertBatch(source, pair('B', 10).map((event, i) => ({ pointer: { line: i + 1, offset: 0, length: 0 }, event })));
    assert.deepEqual(hosts(runAnalytics(store, [plan]).chains), ['A', 'B']);
  } finally {
    store.close();
  }
});

test('events changed while the store was writable are seen by the next run', async () => {
  const plan = loadHuntText('c.hunt', TEXT).plans[0]!;
  const store = await storeOf('e', [...pair('A', 0), ...pair('B', 10)]);
  try {
    assert.equal(runAnalytics(store, [plan]).chains.length, 2);
    store.setReadOnly(false);
    store.all("UPDATE events SET dst_port = 445 WHERE host = 'B'");
    store.setReadOnly(true);
    assert.deepEqual(hosts(runAnalytics(store, [plan]).chains), ['A']);
  } finally {
    store.close();
  }
});
