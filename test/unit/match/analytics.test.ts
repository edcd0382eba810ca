// The built-in analytics end to end, through the real loader: their inline tests, the
// project's AN0842 scenario fixture, and the published OTRF datasets in ../shared/datasets
// (skipped with a message when that folder is absent).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { runInlineTests } from '../../../src/core/session/inlineTests';
import { runAnalytics } from '../../../src/core/match/run';
import type { RunResult } from '../../../src/core/types/session';
import type { Chain } from '../../../src/core/types/chain';
import type { Row } from '../../../src/core/types/store';

const REPO = join(__dirname, '..', '..', '..');
const ANALYTICS = join(REPO, 'analytics');
const OTRF = join(REPO, '..', 'shared', 'datasets', 'otrf');
const plans = huntFiles([ANALYTICS]).flatMap((p) => loadHuntFile(p).plans);

async function run(paths: string[], baseline?: string[]): Promise<{ result: RunResult; row: (id: number) => Row }> {
  const session = await HuntSession.create(defaultModules);
  await session.load(paths);
  const base = baseline ? await HuntSession.create(defaultModules) : undefined;
  if (base && baseline) await base.load(baseline);
  const result = runAnalytics(session.store, plans, { baseline: base?.store });
  const rows = new Map<number, Row>();
  for (const c of result.chains) for (const s of c.steps) for (const e of s.events) rows.set(e.id, session.store.all('SELECT * FROM events WHERE id = ?', [e.id])[0]!);
  session.close();
  base?.close();
  return { result, row: (id) => rows.get(id)! };
}

function chainsOf(result: RunResult, analytic: string, host?: string): Chain[] {
  return result.chains.filter((c) => c.analytic === analytic && (host === undefined || c.key.host === host));
}

function step(chain: Chain, name: string) {
  const s = chain.steps.find((x) => x.name === name);
  assert.ok(s, `step ${name}`);
  return s;
}

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

const datasets = existsSync(OTRF);
const skip = datasets ? false : `../shared/datasets/otrf is not present`;
const otrf = (name: string): string => join(OTRF, `${name}.zip`);

test('empire_psexec: SVC-RPC-EXEC and AN0327 on WORKSTATION6', { skip }, async () => {
  const { result, row } = await run([otrf('empire_psexec_dcerpc_tcp_svcctl')]);
  const svc = chainsOf(result, 'SVC-RPC-EXEC', 'WORKSTATION6');
  assert.ok(svc.length >= 1);
  const inbound = step(svc[0]!, 'inbound').events.map((e) => row(e.id));
  assert.ok(inbound.every((r) => r.process_name === 'services.exe' && r.dst_port === 49726 && r.src_ip === '172.18.39.5'));
  const child = step(svc[0]!, 'child').events.map((e) => row(e.id));
  assert.ok(child.some((r) => r.process_name === 'cmd.exe' && r.parent_name === 'services.exe'));
  assert.ok(chainsOf(result, 'AN0327', 'WORKSTATION6').length >= 1);
});

test('covenant_sharpsc and empire_find_localadmin: no SVC-RPC-EXEC', { skip }, async () => {
  for (const name of ['covenant_sharpsc_create_dcerpc_smb_svcctl', 'empire_find_localadmin_smb_svcctl_OpenSCManager']) {
    const { result } = await run([otrf(name)]);
    assert.deepEqual(chainsOf(result, 'SVC-RPC-EXEC'), [], name);
  }
});

test('empire_psremoting_stager: AN0327 5985 -> wsmprovhost -> powershell', { skip }, async () => {
  const { result, row } = await run([otrf('empire_psremoting_stager')]);
  const chains = chainsOf(result, 'AN0327', 'WORKSTATION6');
  assert.ok(chains.length >= 1);
  const found = chains.some((c) => {
    const effect = step(c, 'effect');
    const child = effect.events.map((e) => row(e.id));
    return effect.alternative === 'child' && child.some((r) => r.parent_name === 'wsmprovhost.exe' && r.process_name === 'powershell.exe')
      && step(c, 'access').events.some((e) => row(e.id).dst_port === 5985);
  });
  assert.ok(found, 'a chain with 5985 access and wsmprovhost -> powershell');
});

test('empire_find_localadmin against a baseline without it: AN0204 for PowerShell on WORKSTATION5', { skip }, async () => {
  const { result, row } = await run([otrf('empire_find_localadmin_smb_svcctl_OpenSCManager')], [otrf('empire_psremoting_stager')]);
  const chains = chainsOf(result, 'AN0204', 'WORKSTATION5');
  const rows = chains.flatMap((c) => c.steps[0]!.events.map((e) => row(e.id)));
  assert.ok(rows.length >= 2);
  assert.ok(rows.every((r) => r.process_name === 'powershell.exe'));
  assert.ok(rows.some((r) => r.dst_port === 135) && rows.some((r) => Number(r.dst_port) >= 49152));
  // Without a baseline the same data is its own first day: nothing is new yet.
  const alone = await run([otrf('empire_find_localadmin_smb_svcctl_OpenSCManager')]);
  assert.deepEqual(chainsOf(alone.result, 'AN0204'), []);
});
