// The built-in analytics on the published OTRF datasets in ../shared/datasets (skipped with a
// message when that folder is absent): the chains the captures' stories call for, and none
// where they do not.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { OTRF, chainsOf, run, step } from './builtins';

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
