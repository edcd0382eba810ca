// The built-in analytics on single EVTX-ATTACK-SAMPLES Lateral_Movement captures (skipped
// when ../shared/datasets is absent): chains whose events are the attack the capture shows,
// and none made of routine events that happen to follow an access.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { REPO, chainsOf, run, step } from './builtins';

const FOLDER = join(REPO, '..', 'shared', 'datasets', 'evtx', 'Lateral_Movement');
const skip = existsSync(FOLDER) ? false : `${FOLDER} is not present`;
const capture = (name: string): string => join(FOLDER, `${name}.evtx`);

test('SharpRDP running a program from the RDP client\'s drive: AN0327 RDP access, then explorer.exe -> \\\\tsclient\\...\\a.exe', { skip }, async () => {
  // The 3389 connection's Sysmon UtcTime is 8 h behind the log's own time (a VM's stale clock).
  const { result, row } = await run([capture('LM_sysmon_1_12_13_3_tsclient_SharpRdp')]);
  const chains = chainsOf(result, 'AN0327', 'MSEDGEWIN10');
  assert.equal(chains.length, 1);
  const effect = step(chains[0]!, 'effect');
  assert.equal(effect.alternative, 'session');
  assert.deepEqual(effect.events.map((e) => row(e.id).image), ['\\\\tsclient\\c\\temp\\stack\\a.exe']);
  assert.deepEqual(step(chains[0]!, 'access').events.map((e) => row(e.id).dst_port), [3389]);
});

test('a remote shell over a named pipe: slui.exe, the activation client the DCOM launcher starts for the desktop, is not its effect', { skip }, async () => {
  const { result, row } = await run([capture('lm_sysmon_18_remshell_over_namedpipe')]);
  const effects = chainsOf(result, 'AN0327').flatMap((c) => step(c, 'effect').events.map((e) => row(e.id).process_name));
  assert.ok(!effects.includes('slui.exe'), `effects: ${effects.join(', ')}`);
});

test('Metasploit psexec over the SMB svcctl pipe: SVC-RPC-EXEC takes the SMB server\'s 445 access, then services.exe -> cmd.exe', { skip }, async () => {
  const { result, row } = await run([capture('LM_sysmon_psexec_smb_meterpreter')]);
  const chains = chainsOf(result, 'SVC-RPC-EXEC', 'IEWIN7');
  assert.equal(chains.length, 1);
  const inbound = step(chains[0]!, 'inbound');
  assert.equal(inbound.alternative, 'smb');
  assert.deepEqual(inbound.events.map((e) => [row(e.id).pid, row(e.id).dst_port]), [[4, 445]]);
  assert.deepEqual(step(chains[0]!, 'child').events.map((e) => [row(e.id).parent_name, row(e.id).process_name]), [['services.exe', 'cmd.exe']]);
});
