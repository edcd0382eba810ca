// Each demo scenario yields the chain its README promises when run through the CLI (the
// same engine the extension's worker uses), so trainers never open a scenario that shows
// nothing. Runs the CLI from source; each scenario is loaded as a folder, as users load it.
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { test } from 'node:test';

interface JsonEvent { readonly summary: string }
interface JsonStep { readonly name: string; readonly alternative?: string; readonly missing: boolean; readonly events: readonly JsonEvent[] }
interface JsonChain { readonly analytic: string; readonly key: Record<string, unknown>; readonly steps: readonly JsonStep[] }

function run(folder: string): JsonChain[] {
  const result = spawnSync(process.execPath, ['--import', 'tsx', join('src', 'core', 'cli.ts'), 'run', join('samples', folder), '--json'], { encoding: 'utf8' });
  assert.equal(result.status, 0, result.stderr);
  return (JSON.parse(result.stdout) as { chains: JsonChain[] }).chains;
}

function summaries(chain: JsonChain, step: string): string {
  return chain.steps.filter((s) => s.name === step).flatMap((s) => s.events.map((e) => e.summary)).join('\n');
}

test('SVC-RPC-EXEC scenario: services.exe accepts on 49726, then starts cmd.exe; the service install is shown', () => {
  const chains = run('SVC-RPC-EXEC-remote-service').filter((c) => c.analytic === 'SVC-RPC-EXEC');
  assert.equal(chains.length, 1);
  const [chain] = chains;
  assert.equal(chain!.key.host, 'WORKSTATION6');
  assert.match(summaries(chain!, 'inbound'), /services\.exe accepted 172\.18\.39\.5:56608 → 172\.18\.39\.6:49726/);
  assert.match(summaries(chain!, 'child'), /cmd\.exe/);
  assert.match(summaries(chain!, 'installed'), /Updater/);
});

test('AN0327 scenario: WinRM access to WORKSTATION6, then wsmprovhost.exe starts PowerShell', () => {
  const chains = run('AN0327-winrm-lateral-movement').filter((c) => c.analytic === 'AN0327' && c.key.host === 'WORKSTATION6');
  const child = chains.filter((c) => c.steps.some((s) => s.alternative === 'child'));
  assert.equal(child.length, 1, 'exactly one chain of the suspicious-child kind');
  assert.match(summaries(child[0]!, 'access'), /172\.18\.39\.5:\d+ → 172\.18\.39\.6:5985/);
  assert.match(summaries(child[0]!, 'effect'), /wsmprovhost\.exe started .*powershell\.exe/i);
});

test('AN0204 scenario: rundll32.exe on WORKSTATION5 reaches peers absent from the baseline day, nothing else does', () => {
  const chains = run('AN0204-rare-internal-peer').filter((c) => c.analytic === 'AN0204');
  assert.ok(chains.length >= 1);
  for (const chain of chains) {
    assert.equal(chain.key.host, 'WORKSTATION5');
    for (const step of chain.steps) for (const event of step.events) assert.match(event.summary, /rundll32\.exe/);
  }
  const all = chains.map((c) => c.steps.flatMap((s) => s.events.map((e) => e.summary)).join('\n')).join('\n');
  assert.match(all, /→ 172\.18\.39\.6:445/);
  assert.match(all, /→ 172\.18\.38\.20:445/);
});

test('AN0842 scenario: probes from 10.10.10.5, the rule for 8443, then the first connection to 8443', () => {
  const chains = run('AN0842-closed-port-opened').filter((c) => c.analytic === 'AN0842');
  assert.equal(chains.length, 1);
  const [chain] = chains;
  assert.equal(chain!.key.host, 'WORKSTATION6');
  assert.equal(chain!.key.src_ip, '10.10.10.5');
  assert.ok(chain!.steps.find((s) => s.name === 'probe')!.events.length >= 3, 'several probes');
  assert.match(summaries(chain!, 'access'), /10\.10\.10\.5:\d+ → 172\.18\.39\.6:8443/);
});
