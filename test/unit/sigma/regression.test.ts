// SigmaHQ's own regression suite (shared/sigma/regression_data/**/info.yml): every test whose
// rule compiles must give its match_count on its EVTX sample. The convention is SigmaHQ's
// runner's (tests/regression_tests_runner.py): match_count is a floor, fewer matches fail and
// more pass with a warning (printed here, with the events, so each can be judged); a test
// without match_count needs at least one match. Each test runs on its sample and, when the
// sample has an evtx_dump JSON companion (same name, .json), on that too. Prints N/M (exact).
// Skips when the shared folder is absent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { sigmaFiles } from '../../../src/core/sigma/load';
import { loadPack } from '../../../src/core/sigma/pack';
import { runSigmaRules } from '../../../src/core/sigma/run';
import { HAS_SIGMA, RULE_FOLDERS, SIGMA_DIR } from './shared';

interface Info {
  rule_metadata: { id: string; title?: string }[];
  regression_tests_info: { name?: string; path: string; match_count?: number }[];
}

test('SigmaHQ regression data: every test whose rule compiles gives its match_count', { skip: HAS_SIGMA ? false : 'shared/sigma is absent' }, async () => {
  const pack = loadPack(RULE_FOLDERS);
  const infos = sigmaFiles([join(SIGMA_DIR, 'regression_data')]).filter((f) => /info\.ya?ml$/.test(f));
  const failures: string[] = [];
  const over: string[] = [];
  let exact = 0;
  let run = 0;
  let rules = 0;
  let compiled = 0;
  for (const file of infos) {
    const info = load(readFileSync(file, 'utf8')) as Info;
    const id = info.rule_metadata[0]!.id;
    rules++;
    const rule = pack.rule(id);
    if (!rule) continue;
    compiled++;
    const samples = info.regression_tests_info.flatMap((t) => {
      const companion = t.path.replace(/\.evtx$/i, '.json');
      return companion !== t.path && existsSync(join(SIGMA_DIR, companion)) ? [t, { ...t, path: companion }] : [t];
    });
    for (const t of samples) {
      run++;
      const session = await HuntSession.create(defaultModules);
      try {
        await session.load([join(SIGMA_DIR, t.path)]);
        const events = runSigmaRules(session.store, [rule]).detections[0]!.events;
        const want = t.match_count ?? 1;
        if (events.length === want) exact++;
        else if (events.length > want) over.push(`${id} (${rule.rule.title}): ${events.length} matches (record numbers ${Object.values(session.eventRows(events)).map((r) => r.record_id).join(', ')}), ${t.match_count === undefined ? 'at least 1' : want} expected (${t.path})`);
        else failures.push(`${id} (${rule.rule.title}): ${events.length} matches, ${want} expected (${t.path})`);
      } finally {
        session.close();
      }
    }
  }
  console.log(`SigmaHQ regression: ${exact}/${run} test samples (EVTX and evtx_dump JSON) give exactly their match_count; ${over.length} give more (SigmaHQ's runner passes them with a warning); ${compiled}/${rules} rules compile (${((100 * compiled) / Math.max(rules, 1)).toFixed(1)}%)`);
  for (const o of over) console.log(`  more than expected: ${o}`);
  assert.deepEqual(failures, []);
  assert.ok(compiled / rules >= 0.95, `${compiled}/${rules} regression rules compile`);
});
