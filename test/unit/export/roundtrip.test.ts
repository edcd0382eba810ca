// Semantic round trip for KQL and Sigma over the golden fixtures: each expected chain's
// structure (which steps, joined on which keys, within which window) is translated into the
// target's terms and must be found in the exported query: the scan steps and their join
// conditions in KQL, the rules, group-by and timespan of the Sigma correlation.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type * as A from '../../../src/core/dsl/syntax/ast';
import { exportFile } from '../../../src/core/export/index';
import { builtInMapping } from '../../../src/core/export/mapping';
import { columnOf } from '../../../src/core/export/walker';
import { goldenRules, sigmaDocuments } from './corpus';

interface ExpectedChain {
  readonly key: Record<string, unknown>;
  readonly steps: Record<string, number[]>;
}

const sigmaFields = builtInMapping('sigma').fields!;

for (const { name, file, expected } of goldenRules()) {
  const chains = JSON.parse(readFileSync(expected, 'utf8')) as ExpectedChain[];
  const analytic = file.document.items.find((i): i is A.Analytic => i.kind === 'Analytic')!;
  const sequence = analytic.sequence!;
  const required = sequence.steps.filter((s) => s.mode === 'required' && !s.having).map((s) => s.name!.name);
  const multi = sequence.steps.filter((s) => s.mode === 'required').length > 1;

  test(`round trip of ${name}: KQL scan steps, keys and window`, () => {
    const kql = exportFile(file, 'kql').analytics[0]!.text;
    const scanSteps = [...kql.matchAll(/^ {4}step (\w+):(.*)$/gm)].map((m) => ({ name: m[1]!, body: m[2]! }));
    for (const chain of chains) {
      const stepsOfChain = Object.keys(chain.steps).filter((s) => required.includes(s));
      if (multi) for (const s of stepsOfChain) assert.ok(scanSteps.some((x) => x.name === s), `${name}: step ${s} is a scan step`);
      if (!multi) continue;
      // every later scan step joins the chain's global key, keyed steps their per-step key too
      for (const key of Object.keys(chain.key)) {
        const global = sequence.by.some((f) => columnOf(f) === key);
        const joining = scanSteps.slice(1).filter((x) => global || sequence.steps.find((st) => st.name?.name === x.name)?.by.some((f) => columnOf(f) === key));
        for (const later of joining) assert.match(later.body, new RegExp(`\\b${key} == \\w+\\.${key}\\b`), `${name}: ${later.name} joins on ${key}`);
      }
    }
    if (multi && sequence.within) for (const s of scanSteps.slice(1)) assert.ok(s.body.includes(`ts - ${scanSteps[0]!.name}.ts <= ${sequence.within.text}`), `${name}: window on ${s.name}`);
  });

  test(`round trip of ${name}: Sigma rules, group-by and timespan`, () => {
    const docs = sigmaDocuments(exportFile(file, 'sigma').analytics[0]!.text);
    const seq = docs.find((d) => d.correlation?.type === 'temporal_ordered');
    if (!multi) return assert.equal(seq, undefined, 'one step is one rule, no temporal correlation');
    assert.ok(seq, `${name}: a temporal_ordered correlation`);
    const prefix = `${analytic.id!.value.toLowerCase()}-`;
    const ruleSteps = (seq.correlation.rules as string[]).map((r) => r.slice(prefix.length).replace(/-threshold$/, ''));
    for (const chain of chains) {
      const order = Object.keys(chain.steps).filter((s) => required.includes(s));
      assert.deepEqual(ruleSteps.filter((s) => order.includes(s)), order, `${name}: steps in order`);
      for (const key of Object.keys(chain.key).filter((k) => sequence.by.some((f) => columnOf(f) === k))) {
        assert.ok(seq.correlation['group-by'].includes(sigmaFields[key]), `${name}: group-by ${key}`);
      }
    }
    if (sequence.within) assert.equal(seq.correlation.timespan, sequence.within.text);
  });
}
