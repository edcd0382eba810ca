// AN0842 on probes only a network sensor saw (scripts/samples/scenarios/an0842Sensor.ts),
// through the real loader: Zeek conn.log rows name no host and join WORKSTATION6's chain
// because the address book attributes them; each is one click from its conn.log line. The
// same data with the probes from another source, or the connection to another port, gives
// nothing; the pfirewall.log variant (the host's own drops as the probes) gives the chain too.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import type { Chain } from '../../../src/core/types/chain';
import { an0842Sensor, type SensorScenarioOptions } from '../../../scripts/samples/scenarios/an0842Sensor';
import { seededRandom } from '../../../scripts/samples/random';
import { recordNumbers, writeScenario } from '../../../scripts/samples/write';

const REPO = join(__dirname, '..', '..', '..');
const AN0842 = huntFiles([join(REPO, 'analytics')]).flatMap((p) => loadHuntFile(p).plans).filter((p) => p.id === 'AN0842');
const START = Date.parse('2025-09-16T13:00:00Z');

async function chainsOf(options: SensorScenarioOptions, check?: (session: HuntSession, chains: Chain[]) => void): Promise<Chain[]> {
  const root = mkdtempSync(join(tmpdir(), 'hb-sensor-'));
  const rng = seededRandom(20250916);
  const scenario = an0842Sensor(rng, START, { ...options, folder: 'case' });
  writeScenario(root, scenario, recordNumbers(rng));
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load([join(root, 'case')]);
    const { chains } = runAnalytics(session.store, AN0842);
    check?.(session, chains);
    return chains;
  } finally {
    session.close();
    rmSync(root, { recursive: true, force: true });
  }
}

const stepEvents = (chain: Chain, name: string) => chain.steps.find((s) => s.name === name)!.events;

test('Zeek S0/REJ probes, the rule and listener from the host\'s EVTX-XML, Zeek\'s first connection: one AN0842 chain on the host', async () => {
  const chains = await chainsOf({}, (session, found) => {
    assert.equal(found.length, 1);
    const probes = stepEvents(found[0]!, 'probe');
    assert.ok(probes.length >= 3);
    for (const e of probes) {
      assert.equal(e.provider, 'zeek');
      assert.match(e.source.file, /sensor[\\/]conn\.log$/);
      assert.ok(e.source.line !== undefined && e.source.line > 8, 'linked to its conn.log line');
      const raw = session.raw(e.id).text ?? '';
      assert.match(raw, /\t10\.10\.10\.5\t\d+\t172\.18\.39\.6\t\d+\ttcp\t.*\t(S0|REJ)\t/, 'the raw conn.log line of that probe');
    }
    assert.deepEqual(new Set(probes.map((e) => /\((S0|REJ)\)/.exec(e.summary)?.[1])), new Set(['S0', 'REJ']));
    assert.ok(stepEvents(found[0]!, 'access').some((e) => e.provider === 'zeek' && /:8443 \(SF\)/.test(e.summary)), 'the sensor\'s SF record of the access');
  });
  assert.equal(chains[0]!.key.host, 'WORKSTATION6');
  assert.equal(chains[0]!.key.src_ip, '10.10.10.5');
});

test('probes from another source, or the connection to another port: no chain', async () => {
  assert.equal((await chainsOf({ probeSource: '10.10.10.77' })).length, 0);
  assert.equal((await chainsOf({ accessPort: 9443 })).length, 0);
});

test('pfirewall.log drops as the probes: one AN0842 chain on the host, the probes linked to their pfirewall.log lines', async () => {
  const chains = await chainsOf({ probes: 'pfirewall' });
  assert.equal(chains.length, 1);
  assert.equal(chains[0]!.key.host, 'WORKSTATION6');
  const probes = stepEvents(chains[0]!, 'probe');
  assert.ok(probes.length >= 3);
  for (const e of probes) {
    assert.equal(e.provider, 'pfirewall');
    assert.match(e.source.file, /WORKSTATION6-pfirewall\.log$/);
    assert.ok(e.source.line !== undefined);
  }
  assert.equal((await chainsOf({ probes: 'pfirewall', probeSource: '10.10.10.77' })).length, 0);
});
