// The built-in analytics end to end, through the real loader: they check clean, their inline
// tests pass, and the project's AN0842 scenario fixture gives the expected chain.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { runInlineTests } from '../../../src/core/session/inlineTests';
import { ANALYTICS, REPO, chainsOf, plans, run, step } from './builtins';

test('the four built-in analytics check clean and have the required ids', () => {
  const files = huntFiles([ANALYTICS]).map((p) => loadHuntFile(p));
  for (const f of files) assert.deepEqual(f.diagnostics.filter((d) => d.severity !== 'info'), [], f.path);
  assert.deepEqual(plans.map((p) => p.id).sort(), ['AN0204', 'AN0327', 'AN0842', 'SVC-RPC-EXEC']);
});

test('inline tests of the built-in analytics pass', async () => {
  for (const path of huntFiles([ANALYTICS])) {
    const results = await runInlineTests(loadHuntFile(path));
    assert.ok(results.length >= 2, `${path} has must and must-not tests`);
    for (const r of results) assert.ok(r.passed, `${r.analytic} "${r.name}": expected ${r.expected}, got ${r.actual} ${r.error ?? ''}`);
  }
});

test('AN0842 on the scenario fixture carries the opened port from the rule to the connection', async () => {
  const { result, row } = await run([join(REPO, 'test', 'fixtures', 'dsl', 'an0842-rdp-opened.json')]);
  const chains = chainsOf(result, 'AN0842');
  assert.equal(chains.length, 1);
  const chain = chains[0]!;
  assert.deepEqual(chain.key, { host: 'WORKSTATION6', src_ip: '10.10.10.9' });
  assert.deepEqual(step(chain, 'probe').events.map((e) => row(e.id).dst_port), [3389, 445, 5985]);
  const opened = step(chain, 'opened');
  assert.equal(opened.alternative, 'rule');
  // One rule addition logged twice within the slack: Security 4946 and Firewall 2004 (which carries the port).
  assert.deepEqual(opened.events.map((e) => [row(e.id).event_id, row(e.id).local_ports]), [[4946, null], [2004, '3389']]);
  const access = step(chain, 'access').events.map((e) => row(e.id));
  assert.deepEqual(access.map((r) => [r.src_ip, r.dst_port, new Date(Number(r.ts)).toISOString()]), [['10.10.10.9', 3389, '2021-03-01T10:08:00.000Z']]);
  assert.equal(result.chains.length, 1, 'no other analytic fires on it');
});
