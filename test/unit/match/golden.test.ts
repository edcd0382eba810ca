// Golden tests: every construct of the language has a folder under test/golden with a rule,
// events and the chains expected (by event position). Each folder is one test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { loadHuntFile } from '../../../src/core/dsl/load';
import { normalizeTestEvent, storeOf } from '../../../src/core/session/inlineTests';
import { runAnalytics } from '../../../src/core/match/run';
import type { Chain } from '../../../src/core/types/chain';
import type { SqlStore } from '../../../src/core/store/sqlStore';

const ROOT = join(__dirname, '..', '..', 'golden');

interface ExpectedChain {
  readonly analytic?: string;
  readonly key: Record<string, string | number | null>;
  readonly steps: Record<string, number[]>;
  readonly alternatives?: Record<string, string>;
}

function readJson<T>(path: string): T {
  return JSON.parse(readFileSync(path, 'utf8')) as T;
}

/** A chain as the golden files spell it: event ids are 1-based positions (ids follow load order). */
function shape(chain: Chain, withAnalytic: boolean): ExpectedChain {
  const steps: Record<string, number[]> = {};
  const alternatives: Record<string, string> = {};
  for (const s of chain.steps) {
    steps[s.name] = s.events.map((e) => e.id);
    if (s.alternative) alternatives[s.name] = s.alternative;
  }
  return {
    ...(withAnalytic ? { analytic: chain.analytic } : {}),
    key: chain.key as Record<string, string | number | null>,
    steps,
    ...(Object.keys(alternatives).length ? { alternatives } : {}),
  };
}

/** A store of `events`, read the matcher's usual way ('columns': judged in memory) or with its in-memory columns withheld ('sql'). */
async function storeReading(way: 'columns' | 'sql', name: string, events: readonly Record<string, unknown>[]): Promise<SqlStore> {
  const store = await storeOf(name, events.map(normalizeTestEvent));
  assert.ok(store.columns(), 'a fresh store holds its columns in memory');
  if (way === 'sql') store.columns = () => undefined;
  return store;
}

for (const name of readdirSync(ROOT).filter((n) => existsSync(join(ROOT, n, 'rule.hunt'))).sort()) {
  test(`golden: ${name}`, async () => {
    const dir = join(ROOT, name);
    const file = loadHuntFile(join(dir, 'rule.hunt'));
    assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), [], 'the rule checks without errors');
    const expected = readJson<ExpectedChain[]>(join(dir, 'expected.json'));
    const baselinePath = join(dir, 'baseline.json');
    // Both ways of reading candidates (a fresh store each: runs remember steps per store).
    for (const way of ['columns', 'sql'] as const) {
      const store = await storeReading(way, `${name}/events.json`, readJson<Record<string, unknown>[]>(join(dir, 'events.json')));
      const baseline = existsSync(baselinePath) ? await storeReading(way, `${name}/baseline.json`, readJson<Record<string, unknown>[]>(baselinePath)) : undefined;
      try {
        const withAnalytic = expected.some((e) => e.analytic !== undefined);
        // Probe limits 0..2 force the narrowed path (steps read again within the selective
        // step's keys and times); the chains must not change.
        for (const probeLimit of [undefined, 0, 1, 2]) {
          const { chains } = runAnalytics(store, file.plans, { baseline, probeLimit });
          assert.deepEqual(chains.map((c) => shape(c, withAnalytic)), expected, `${way}, probe limit ${probeLimit ?? 'default'}`);
        }
      } finally {
        store.close();
        baseline?.close();
      }
    }
  });
}
