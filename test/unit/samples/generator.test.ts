// The demo scenarios: committed files match the generator, and the AN0842 story is
// faithful (drops never answered by RST, the opened port carried from rule to handshake).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { test } from 'node:test';

const SAMPLES = 'samples';
const AN0842 = join(SAMPLES, 'AN0842-closed-port-opened');

function files(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? files(path) : [path];
  });
}

test('committed samples are exactly what `npm run samples` generates', () => {
  const out = mkdtempSync(join(tmpdir(), 'huntbench-samples-'));
  try {
    const run = spawnSync(process.execPath, ['--import', 'tsx', 'scripts/generate-samples.ts', '--out', out], { encoding: 'utf8' });
    assert.equal(run.status, 0, run.stderr);
    const generated = files(out).map((f) => relative(out, f)).sort();
    assert.deepEqual(files(SAMPLES).map((f) => relative(SAMPLES, f)).sort(), generated);
    for (const name of generated) {
      assert.equal(readFileSync(join(SAMPLES, name), 'utf8'), readFileSync(join(out, name), 'utf8'), `${name} differs: run npm run samples`);
    }
  } finally {
    rmSync(out, { recursive: true, force: true });
  }
});

test('AN0842: every recon SYN is dropped (S0, 5152, DROP), never answered by RST', () => {
  const conn = readFileSync(join(AN0842, 'sensor', 'conn.log'), 'utf8').split('\n').filter((l) => l && !l.startsWith('#')).map((l) => l.split('\t'));
  const fromAttacker = conn.filter((f) => f[2] === '10.10.10.5');
  const probes = fromAttacker.filter((f) => f[11] !== 'SF');
  assert.ok(probes.length >= 3, 'several closed ports are probed');
  for (const f of probes) assert.deepEqual([f[11], f[15]], ['S0', 'S'], `probe to ${f[5]} is a dropped SYN`);
  assert.ok(!conn.some((f) => f[11] === 'REJ'), 'no RST answers alongside firewall drops');
  const security = readFileSync(join(AN0842, 'WORKSTATION6-security-sysmon.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const drops = security.filter((e) => e.EventID === 5152 && e.SourceAddress === '10.10.10.5');
  assert.deepEqual(drops.map((e) => Number(e.DestPort)).sort((a, b) => a - b), probes.map((f) => Number(f[5])).sort((a, b) => a - b));
  const pfwDrops = readFileSync(join(AN0842, 'WORKSTATION6-pfirewall.log'), 'utf8').split('\n').filter((l) => l.includes(' DROP ') && l.includes('10.10.10.5'));
  assert.equal(pfwDrops.length, probes.length);
});

test('AN0842: the port opened by netsh is the LocalPorts of 2004 and the port of the first successful connection', () => {
  const security = readFileSync(join(AN0842, 'WORKSTATION6-security-sysmon.json'), 'utf8').trim().split('\n').map((l) => JSON.parse(l));
  const netsh = security.find((e) => e.EventID === 4688 && /netsh/i.test(e.NewProcessName));
  const port = /localport=(\d+)/.exec(netsh?.CommandLine ?? '')?.[1];
  assert.ok(port, 'netsh add rule with localport=N is logged (4688)');
  assert.ok(security.some((e) => e.EventID === 4946 && e.RuleName === 'Windows Update Delivery'), 'Security 4946 names the rule');
  const firewall = readFileSync(join(AN0842, 'WORKSTATION6-firewall.xml'), 'utf8');
  assert.match(firewall, new RegExp(`<EventID>2004</EventID>.*<Data Name="LocalPorts">${port}</Data>`));
  const inbound = security.filter((e) => e.EventID === 5156 && e.Direction === '%%14592' && e.DestPort === port);
  assert.equal(inbound.length, 1);
  assert.equal(inbound[0].SourceAddress, '10.10.10.5');
  assert.ok(Date.parse(inbound[0].EventTime) > Date.parse(netsh.EventTime), 'the connection follows the rule');
});
