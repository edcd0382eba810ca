// AN0842 on probes only a network sensor saw (scripts/samples/scenarios/an0842Sensor.ts),
// through the real loader: Zeek conn.log rows name no host and join WORKSTATION6's chain
// because the address book attributes them; each is one click from its conn.log line. The
// same data with the probes from another source, or the connection to another port, gives
// nothing; the pfirewall.log variant (the host's own drops as the probes) gives the chain too.
// Without the host's Security log, the sensor's dhcp.log lease is what names the address: the
// chain is found while the lease holds, not when it ended before the sweep.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { writeFileSync } from 'node:fs';
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

/** Files of the scenario left out, and files (name → text) added to its folder. */
interface Edit { readonly without?: RegExp; readonly add?: Readonly<Record<string, string>> }

async function chainsOf(options: SensorScenarioOptions, check?: (session: HuntSession, chains: Chain[]) => void, edit: Edit = {}): Promise<Chain[]> {
  const root = mkdtempSync(join(tmpdir(), 'hb-sensor-'));
  const rng = seededRandom(20250916);
  const scenario = an0842Sensor(rng, START, { ...options, folder: 'case' });
  const files = scenario.files.filter((f) => !edit.without?.test(f.path));
  writeScenario(root, { ...scenario, files }, recordNumbers(rng));
  for (const [name, text] of Object.entries(edit.add ?? {})) writeFileSync(join(root, 'case', name), text);
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

/** The sensor's dhcp.log (Zeek TSV) with one lease to WORKSTATION6 of its address, granted at `grant` for `seconds`. */
function dhcpLog(grant: number, seconds: number): string {
  return [
    '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tdhcp',
    '#fields\tts\tuids\tclient_addr\tserver_addr\tmac\thost_name\tclient_fqdn\tdomain\trequested_addr\tassigned_addr\tlease_time\tclient_message\tserver_message\tmsg_types\tduration',
    '#types\ttime\tset[string]\taddr\taddr\tstring\tstring\tstring\tstring\taddr\taddr\tinterval\tstring\tstring\tvector[string]\tinterval',
    `${(grant / 1000).toFixed(6)}\tCd1\t-\t172.18.39.1\t00:0c:29:3e:11:06\tworkstation6\tworkstation6.theshire.local\ttheshire.local\t-\t172.18.39.6\t${seconds}.000000\t-\t-\tDISCOVER,OFFER,REQUEST,ACK\t0.003`,
  ].join('\n') + '\n';
}

test('no Security log: the sensor\'s DHCP lease names the address, so the probes join WORKSTATION6\'s chain; a lease that ended before the sweep names nothing', async () => {
  const withoutSecurity = /security\.xml$/;
  assert.equal((await chainsOf({}, undefined, { without: withoutSecurity })).length, 0, 'nothing names 172.18.39.6 without the Security log');
  const chains = await chainsOf({}, (session, found) => {
    const book = session.addressBook().filter((c) => c.address === '172.18.39.6');
    assert.deepEqual(book.map((c) => [c.host, c.evidence]), [['WORKSTATION6', 'dhcp_lease']]);
    assert.ok(found.length === 1 && stepEvents(found[0]!, 'probe').every((e) => e.provider === 'zeek'));
  }, { without: withoutSecurity, add: { 'sensor/dhcp.log': dhcpLog(START - 3_600_000, 86_400) } });
  assert.deepEqual(chains.map((c) => c.key.host), ['WORKSTATION6']);
  // Granted two hours before the scenario for one hour: expired before anything happened.
  assert.equal((await chainsOf({}, undefined, { without: withoutSecurity, add: { 'sensor/dhcp.log': dhcpLog(START - 2 * 3_600_000, 3_600) } })).length, 0);
});
