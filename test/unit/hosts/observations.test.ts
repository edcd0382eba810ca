// One connection, one observation: the loader groups a host's records of one connection
// (Sysmon 3, 5156, repeats) and estimates the skew between the logs; the matcher takes the
// observation once and lists every record, with corrected times.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlStore } from '../../../src/core/store/sqlStore';
import { HostPass } from '../../../src/core/hosts/fixUps';
import { enrichNetworkEvent } from '../../../src/core/hosts/peerScope';
import { loadHuntText } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import type { NormalizedEvent } from '../../../src/core/schema/columns';
import { storeAsLoaded } from './storeAsLoaded';

/** As the loader stores an event: with what it says about itself (peer scope, its own side's host). */
function enriched(event: NormalizedEvent): NormalizedEvent {
  const copy = { ...event };
  enrichNetworkEvent(copy);
  return copy;
}

const T = Date.UTC(2020, 9, 9, 22, 30, 21, 200);
const SYSMON = { provider: 'Microsoft-Windows-Sysmon', event_id: 3, category: 'network', action: 'connect', host: 'WS6', protocol: 'tcp' } as const;
const WFP = { provider: 'Microsoft-Windows-Security-Auditing', event_id: 5156, category: 'network', action: 'connect', host: 'WS6', protocol: 'tcp' } as const;
const FLOW = { src_ip: '172.18.39.5', src_port: 51712, dst_ip: '172.18.39.6', dst_port: 445, direction: 'inbound' } as const;

/** A store holding the events as one capture, and the load's pass that saw them stored. */
async function storeWith(events: readonly NormalizedEvent[]): Promise<{ store: SqlStore; pass: HostPass }> {
  const store = await SqlStore.open();
  const pass = new HostPass();
  const id = store.addSource({ path: 'capture.json', member: null, format: 'json', dialect: 'nxlog' });
  const records = events.map((event, i) => ({ pointer: { offset: i, length: 1 }, event: enriched(event) }));
  storeAsLoaded(store, pass, id, records);
  return { store, pass };
}

test('Sysmon 3, the 5156 10 s later and its repeat are one observation; another port and a reuse 10 min later are not', async () => {
  const { store, pass } = await storeWith([
    { ...SYSMON, ...FLOW, ts: T },
    { ...WFP, ...FLOW, ts: T + 9_800 },
    { ...WFP, ...FLOW, ts: T + 70_000 },
    { ...WFP, ...FLOW, dst_port: 135, ts: T + 9_800 },
    { ...SYSMON, ...FLOW, ts: T + 10 * 60_000 },
  ]);
  const report = pass.finish(store, []).observations!;
  assert.equal(report.observations, 1);
  assert.equal(report.records, 3);
  // skewMs is (time in b) - (time in a): Security runs 9.8 s after Sysmon.
  const [skew] = report.skews;
  assert.equal(report.skews.length, 1);
  assert.deepEqual([skew!.host, skew!.pairs], ['WS6', 1]);
  assert.equal(skew!.skewMs, skew!.b.endsWith('Microsoft-Windows-Security-Auditing') ? 9_800 : -9_800);
  assert.match(skew!.a, /^capture\.json Microsoft-Windows-(Sysmon|Security-Auditing)$/);
  store.close();
});

const HUNT = `analytic "OBS" {
  title "access then child" severity high
  sequence by host within 10m slack 2s
    step access: network where direction == "inbound" and dst_port == 445
    step effect: process where action == "start" and parent_name == "wmiprvse.exe"
}`;

test('two logs of one access: one chain, both records listed, the late log\'s time corrected, nothing runs backwards', async () => {
  const { store, pass } = await storeWith([
    { ...SYSMON, ...FLOW, ts: T },
    { host: 'WS6', category: 'process', action: 'start', parent_name: 'wmiprvse.exe', process_name: 'cmd.exe', ts: T + 5_000 },
    { ...WFP, ...FLOW, ts: T + 9_800 },
    { host: 'WS6', category: 'process', action: 'start', parent_name: 'wmiprvse.exe', process_name: 'whoami.exe', ts: T + 30_000 },
  ]);
  pass.finish(store, []);
  const parsed = loadHuntText('obs.hunt', HUNT);
  assert.deepEqual(parsed.diagnostics.filter((d) => d.severity === 'error'), []);
  const { chains } = runAnalytics(store, parsed.plans);
  assert.equal(chains.length, 1, 'the 5156 does not start a second chain');
  const access = chains[0]!.steps[0]!.events;
  assert.deepEqual(access.map((e) => [e.id, e.obs_id, e.corrected_ts]), [[1, 1, undefined], [3, 1, T]]);
  // The reuse of the 5-tuple 10 minutes later is another connection: it would be a chain of its own.
  const effect = chains[0]!.steps[1]!.events;
  assert.deepEqual(effect.map((e) => e.id), [2]);
  const time = (e: { ts: number; corrected_ts?: number }): number => e.corrected_ts ?? e.ts;
  assert.ok(Math.max(...access.map(time)) <= Math.min(...effect.map(time)) + 2_000);
  store.close();
});

test('chains rendered in several batches list every record of their observations, with corrected times', async () => {
  // 1,500 hosts, each an access logged twice and its effect: 4,500 chain events, more than one
  // batch of whole rows (match/run.ts reads and drops them a batch of chains at a time).
  const hosts = Array.from({ length: 1_500 }, (_, i) => `WS${i}`);
  const { store, pass } = await storeWith(hosts.flatMap((host, i) => [
    { ...SYSMON, ...FLOW, src_ip: `10.0.${i >> 8}.${i & 255}`, dst_ip: `10.1.${i >> 8}.${i & 255}`, host, ts: T + i * 1_000 },
    { host, category: 'process', action: 'start', parent_name: 'wmiprvse.exe', process_name: 'cmd.exe', ts: T + i * 1_000 + 5_000 },
    { ...WFP, ...FLOW, src_ip: `10.0.${i >> 8}.${i & 255}`, dst_ip: `10.1.${i >> 8}.${i & 255}`, host, ts: T + i * 1_000 + 9_800 },
  ]));
  pass.finish(store, []);
  const { chains } = runAnalytics(store, loadHuntText('obs.hunt', HUNT).plans);
  assert.equal(chains.length, hosts.length);
  for (const chain of chains) {
    const [sysmon, wfp] = chain.steps[0]!.events;
    assert.ok(sysmon && wfp, `${chain.key.host}: both records of the access`);
    assert.equal(wfp.id, sysmon.id + 2);
    assert.deepEqual([sysmon.obs_id, wfp.obs_id, wfp.corrected_ts], [sysmon.id, sysmon.id, wfp.ts - 9_800]);
    assert.deepEqual(chain.steps[1]!.events.map((e) => e.id), [sysmon.id + 1]);
  }
  store.close();
});

test('a chain\'s story is told from the record its step matched, not an earlier record of the same observation', async () => {
  // The kernel's Sysmon 3 (pid 4) comes first; the step matches the 5156 naming services.exe
  // (pid 704), whose child the effect is: the story carries pid 704 to it.
  const { store, pass } = await storeWith([
    { ...SYSMON, ...FLOW, ts: T, process_name: 'system', pid: 4 },
    { ...WFP, ...FLOW, ts: T + 9_800, process_name: 'services.exe', pid: 704 },
    { host: 'WS6', category: 'process', action: 'start', parent_name: 'services.exe', ppid: 704, process_name: 'cmd.exe', ts: T + 12_000 },
  ]);
  pass.finish(store, []);
  const hunt = `analytic "SVC" {
  title "services.exe accepts, then starts a child" severity high
  sequence by host within 10m slack 2s
    step access: network where direction == "inbound" and dst_port == 445 and process_name == "services.exe"
    step effect: process where action == "start" and parent_name == "services.exe"
}`;
  const { chains } = runAnalytics(store, loadHuntText('svc.hunt', hunt).plans);
  assert.equal(chains.length, 1);
  assert.deepEqual(chains[0]!.steps[0]!.events.map((e) => e.id), [1, 2], 'both records of the access are listed');
  assert.deepEqual(chains[0]!.story?.carried, [[], ['pid 704']]);
  store.close();
});
