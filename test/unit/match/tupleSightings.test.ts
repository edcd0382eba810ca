// first_seen() and rare() counted in the in-memory columns (match/tupleSightings.ts) give the
// chains the predicate gives row by row through SQL, on events whose tuples differ only in
// case, in no value against an empty one, and across a baseline period.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHuntText } from '../../../src/core/dsl/load';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';
import { runAnalytics } from '../../../src/core/match/run';

const RULES = `
analytic "FIRST" {
  title "a new tuple after the first quarter"
  severity low
  sequence by host merge 10m
    step s: network where action == "connect" and first_seen(host, process_name, dst_ip, dst_port)
  baseline first 25%
}
analytic "RARE" {
  title "a pair seen at most twice before"
  severity low
  sequence by host
    step s: network where action == "connect" and rare(process_name, dst_ip, 2)
}
analytic "FIRST-PORT" {
  title "a new process among high ports"
  severity low
  sequence by host
    step s: network where action == "connect" and dst_port >= 1000 and first_seen(process_name)
}`;

/** A fixed pseudo-random sequence (mulberry32), so a failure can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

test('tuples counted in the columns give the chains the predicate gives through SQL', async () => {
  const next = random(21);
  const pick = <T>(values: readonly T[]): T => values[Math.floor(next() * values.length)]!;
  const start = Date.parse('2026-02-01T00:00:00Z');
  const events = Array.from({ length: 3000 }, (_, i) => ({
    ts: start + i * 30_000,
    host: pick(['WS1', 'ws1', 'WS2', 'HÉ', 'hé']),
    category: 'network',
    action: pick(['connect', 'connect', 'connect', 'listen']),
    process_name: pick(['cmd.exe', 'CMD.EXE', 'powershell.exe', 'rundll32.exe', null, '']),
    dst_ip: pick(['10.0.0.1', '10.0.0.2', '10.0.0.3', null, '']),
    dst_port: pick([445, 135, 5985, 49700, 49701, null]),
  }));
  const file = loadHuntText('tuples.hunt', RULES);
  for (const plan of file.plans) assert.ok(plan.steps[0]!.alternatives[0]!.columnar?.tuple, `${plan.id} is counted in the columns`);
  const results = [];
  for (const way of ['columns', 'sql'] as const) {
    const store = await storeOf('tuples', events.map(normalizeTestEvent));
    if (way === 'sql') store.columns = () => undefined;
    try {
      results.push(runAnalytics(store, file.plans).chains);
    } finally {
      store.close();
    }
  }
  const [columns, sql] = results;
  for (const id of ['FIRST', 'RARE', 'FIRST-PORT']) {
    const found = columns!.filter((c) => c.analytic === id).length;
    assert.ok(found > 0 && found < 1000, `${id}: ${found} chains`);
  }
  assert.deepEqual(columns, sql);
});
