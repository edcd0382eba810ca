// Threshold steps over long streams: the sliding window lets go of expired events (in bulk,
// past a thousand), and what it reports is only the burst that met the condition.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHuntText } from '../../../src/core/dsl/load';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';
import { runAnalytics } from '../../../src/core/match/run';

const RULE = `analytic "T-BURST" {
  title "burst after a long quiet stream"
  severity low
  sequence by host within 1h
    step probe by src_ip: network where action == "drop"
                          having count >= 3, distinct(dst_port) >= 3 within 2m
    step access by src_ip: network where action == "connect"
}`;

test('a burst after thousands of expired events is found once, with only its own events', async () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  // 3,000 drops from one source, one port, three minutes apart: never three in two minutes.
  const quiet = Array.from({ length: 3000 }, (_, i) => ({ ts: start + i * 180_000, host: 'H1', category: 'network', action: 'drop', src_ip: '10.0.0.9', dst_port: 445 }));
  const end = start + 3000 * 180_000;
  // Then a distinct-port burst, and the connection it leads to.
  const burst = [135, 139, 3389].map((port, i) => ({ ts: end + i * 1000, host: 'H1', category: 'network', action: 'drop', src_ip: '10.0.0.9', dst_port: port }));
  const access = { ts: end + 60_000, host: 'H1', category: 'network', action: 'connect', src_ip: '10.0.0.9', dst_port: 3389 };
  const file = loadHuntText('burst.hunt', RULE);
  const store = await storeOf('burst', [...quiet, ...burst, access].map(normalizeTestEvent));
  try {
    const { chains } = runAnalytics(store, file.plans);
    assert.equal(chains.length, 1);
    assert.deepEqual(chains[0]!.steps[0]!.events.map((e) => e.ts), burst.map((e) => e.ts));
  } finally {
    store.close();
  }
});

test('the fewest events a burst can have follows from its count and distinct conditions', () => {
  const atLeast = (having: string): number => {
    const file = loadHuntText('t.hunt', RULE.replace('having count >= 3, distinct(dst_port) >= 3 within 2m', having));
    assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), [], having);
    return file.plans[0]!.steps[0]!.threshold!.atLeast;
  };
  assert.equal(atLeast('having count >= 3'), 3);
  assert.equal(atLeast('having count > 3'), 4);
  assert.equal(atLeast('having distinct(dst_port) >= 5'), 5);
  assert.equal(atLeast('having count >= 2, distinct(dst_port) >= 4'), 4);
  assert.equal(atLeast('having count < 5'), 1);
});

test('events alone in their group are left out before rows are made, and bursts are the same either way', async () => {
  const start = Date.parse('2026-01-01T00:00:00Z');
  // 2,000 sources that each drop once (no burst possible), one that probes three ports, on two hosts.
  const lone = Array.from({ length: 2000 }, (_, i) => ({ ts: start + i * 1000, host: i % 2 ? 'H1' : 'h2', category: 'network', action: 'drop', src_ip: `10.1.${i >> 8}.${i & 255}`, dst_port: 445 }));
  const burst = [135, 139, 3389].map((port, i) => ({ ts: start + 5000 + i * 1000, host: i === 1 ? 'h1' : 'H1', category: 'network', action: 'drop', src_ip: '10.0.0.9', dst_port: port }));
  // Drops without a source (their own group, too small a burst) or without a host (in no group).
  const keyless = [135, 139, 445].flatMap((port, i) => [
    { ts: start + 7000 + i * 1000, host: 'H1', category: 'network', action: 'drop', dst_port: 445 },
    { ts: start + 7000 + i * 1000, host: '', category: 'network', action: 'drop', src_ip: '10.0.0.9', dst_port: port },
  ]);
  const access = { ts: start + 60_000, host: 'H1', category: 'network', action: 'connect', src_ip: '10.0.0.9', dst_port: 3389 };
  const file = loadHuntText('burst.hunt', RULE);
  const chains = [];
  for (const way of ['columns', 'sql'] as const) {
    const store = await storeOf('burst', [...lone, ...burst, ...keyless, access].map(normalizeTestEvent));
    if (way === 'sql') store.columns = () => undefined;
    try {
      const result = runAnalytics(store, file.plans);
      chains.push(result.chains);
      // From the columns the probe step is selective once lone events are left out (it narrows the rest).
      if (way === 'columns') assert.equal(result.stats.analytics[0]!.candidates.probe, 1);
    } finally {
      store.close();
    }
  }
  assert.equal(chains[0]!.length, 1);
  assert.deepEqual(chains[0]!.map((c) => c.steps[0]!.events.map((e) => e.ts)), [burst.map((e) => e.ts)]);
  assert.deepEqual(chains[0], chains[1]);
});
