// A Sigma rule as a .hunt step: `step x: sigma("<rule id or name>")` (alone, or with more
// conditions) runs the rule over the session and takes its matches as the step's events;
// the checker reports rule ids the given pack does not have (HUNT2020).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from '../cli/runCli';
import { loadHuntText } from '../../../src/core/dsl/load';
import { ruleText } from './helpers';

const fixture = join(__dirname, '../../fixtures/store/psexec-nxlog.ndjson');

const HUNT = `analytic "SIGMA-STEP" {
  title "services.exe takes a connection, then its Sigma-detected child"
  severity high
  sequence by host within 5m
    step inbound: network where process_name == "services.exe"
    step child: sigma("svc_child") and process_name == "cmd.exe"
}
`;

function workspace(): { rules: string; hunt: string } {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-step-'));
  const rules = join(dir, 'child.yml');
  writeFileSync(rules, ruleText("sel:\n  ParentImage|endswith: '\\services.exe'\ncondition: sel").replace('title: test rule', 'title: test rule\nname: svc_child'));
  const hunt = join(dir, 'step.hunt');
  writeFileSync(hunt, HUNT);
  return { rules, hunt };
}

test('a sigma() step takes the rule\'s matches as its events', async () => {
  const { rules, hunt } = workspace();
  const { code, out, err } = await run('run', fixture, '--analytics', hunt, '--sigma', rules, '--json');
  assert.equal(code, 0, err);
  const chains = (JSON.parse(out) as { chains: { analytic: string; steps: { name: string; events: { id: number }[] }[] }[] }).chains;
  // The inbound step lists Sysmon 3 and Security 5156 of the one connection (events 2 and 3).
  assert.deepEqual(chains.map((c) => c.steps.map((s) => [s.name, s.events.map((e) => e.id).sort()])), [[['inbound', [2, 3]], ['child', [4]]]]);
});

test('without the rule the step never matches and the checker says why', async () => {
  const { hunt } = workspace();
  const { code, err } = await run('run', fixture, '--analytics', hunt);
  assert.equal(code, 1);
  assert.match(err, /HUNT2020.*"svc_child".*no Sigma rules are loaded/);
  const file = loadHuntText('/x.hunt', HUNT, { sigmaRules: ['svc_child2', 'other'] });
  assert.deepEqual(file.diagnostics.map((d) => [d.code, HUNT.slice(d.span.start, d.span.end)]), [['HUNT2020', '"svc_child"']]);
  assert.match(file.diagnostics[0]!.message, /did you mean svc_child2/);
});

test('the session runs sigma() steps of editor documents with the configured rule paths', async () => {
  const { rules, hunt } = workspace();
  const { HuntSession } = await import('../../../src/core/session/session');
  const session = await HuntSession.create();
  try {
    await session.load([fixture]);
    const text = readFileSync(hunt, 'utf8');
    const [run] = session.run([{ uri: `file://${hunt}`, text }], {}, {}, [rules]);
    assert.deepEqual(run!.diagnostics, []);
    assert.deepEqual(run!.chains.map((c) => c.steps.map((s) => s.events.map((e) => e.id).sort())), [[[2, 3], [4]]]);
    const [unknown] = session.run([{ uri: `file://${hunt}`, text }], {}, {});
    assert.equal(unknown!.chains.length, 0);
    assert.equal(unknown!.diagnostics[0]?.code, 'HUNT2020');
  } finally {
    session.close();
  }
});
