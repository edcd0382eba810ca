// `baseline first N%`: a learning window as a share of the loaded data's time span.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { loadHuntText } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';

const analytic = (baseline: string): string => `analytic "B" {
  title "b"
  severity low
  sequence by host
    step s: network where first_seen(host, dst_ip)
  ${baseline}
}`;

test('the share parses; a missing % or a share outside 0..100 is a syntax error', () => {
  assert.equal(loadHuntText('b.hunt', analytic('baseline first 25%')).plans[0]?.baseline?.percent?.value, 25);
  for (const bad of ['baseline first 25', 'baseline first 0%', 'baseline first 100%']) {
    const file = loadHuntText('b.hunt', analytic(bad));
    assert.ok(file.diagnostics.some((d) => d.code === 'HUNT1005'), bad);
  }
});

test('events in the first share of the span are the baseline; later first sightings match', async () => {
  const plan = loadHuntText('b.hunt', analytic('baseline first 50%')).plans[0]!;
  const events = [
    { ts: '2024-01-01T00:00:00Z', host: 'H', category: 'network', dst_ip: '10.0.0.1' },
    { ts: '2024-01-01T00:59:00Z', host: 'H', category: 'network', dst_ip: '10.0.0.2' },
    { ts: '2024-01-01T01:01:00Z', host: 'H', category: 'network', dst_ip: '10.0.0.1' },
    { ts: '2024-01-01T01:30:00Z', host: 'H', category: 'network', dst_ip: '10.0.0.3' },
    { ts: '2024-01-01T02:00:00Z', host: 'H', category: 'network', dst_ip: '10.0.0.3' },
  ];
  const store = await storeOf('events', events.map(normalizeTestEvent));
  try {
    const chains = runAnalytics(store, [plan]).chains;
    assert.deepEqual(chains.map((c) => new Date(c.start).toISOString()), ['2024-01-01T01:30:00.000Z']);
  } finally {
    store.close();
  }
});
