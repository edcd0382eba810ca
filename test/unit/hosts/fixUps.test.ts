// The post-load address-book pass on a real sql.js store.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlStore } from '../../../src/core/store/sqlStore';
import { HostPass } from '../../../src/core/hosts/fixUps';
import { enrichNetworkEvent } from '../../../src/core/hosts/peerScope';
import type { NormalizedEvent } from '../../../src/core/schema/columns';
import { storeAsLoaded } from './storeAsLoaded';

/** As the loader stores an event: with what it says about itself (peer scope, its own side's host). */
function enriched(event: NormalizedEvent): NormalizedEvent {
  const copy = { ...event };
  enrichNetworkEvent(copy);
  return copy;
}

/** Stores the events as one capture, as the loader does: each event is handed to the load's pass. */
function insert(store: SqlStore, pass: HostPass, path: string, events: readonly NormalizedEvent[]): void {
  const id = store.addSource({ path, member: null, format: 'json', dialect: null });
  const records = events.map((event, i) => ({ pointer: { offset: i, length: 1 }, event: enriched(event) }));
  storeAsLoaded(store, pass, id, records);
}

function book(store: SqlStore): Record<string, string[]> {
  const out: Record<string, string[]> = {};
  for (const r of store.all('SELECT DISTINCT host, address FROM host_addresses ORDER BY host, address')) (out[String(r.host)] ??= []).push(String(r.address));
  return out;
}

const SYSMON = { provider: 'Microsoft-Windows-Sysmon', event_id: 3, category: 'network', action: 'connect' } as const;
const WFP = { provider: 'Microsoft-Windows-Security-Auditing', event_id: 5156, category: 'network', action: 'connect' } as const;

test('learns own addresses from reliable evidence, swaps local-listener sources, sets directions and responder hosts', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  const events: NormalizedEvent[] = [
    // Evidence: WS5 initiated from .5 (Sysmon, Initiated=true); WS6 from .6 (WFP outbound).
    { ...SYSMON, host: 'WS5', src_ip: '172.18.39.5', src_port: 56608, dst_ip: '172.18.39.6', dst_port: 49726, direction: 'outbound' },
    { ...WFP, host: 'WS6', src_ip: '172.18.39.6', src_port: 50000, dst_ip: '172.18.38.5', dst_port: 135, direction: 'outbound' },
    // Loopback is never evidence.
    { ...WFP, host: 'WS6', src_ip: '127.0.0.1', src_port: 1, dst_ip: '127.0.0.1', dst_port: 2, direction: 'outbound' },
    // Older Sysmon: an inbound connection logged with the local listener as Source.
    { ...SYSMON, host: 'WS6', src_ip: '172.18.39.6', src_port: 49726, dst_ip: '172.18.39.5', dst_port: 56608, direction: 'inbound' },
    // 2020 Sysmon: already initiator-first; must stay.
    { ...SYSMON, host: 'WS6', src_ip: '172.18.39.5', src_port: 56609, dst_ip: '172.18.39.6', dst_port: 49727, direction: 'inbound' },
    // No direction logged.
    { category: 'network', host: 'WS6', src_ip: '10.10.10.5', src_port: 4444, dst_ip: '172.18.39.6', dst_port: 445 },
    // To itself: local, whatever the log said.
    { ...WFP, host: 'WS6', src_ip: '172.18.39.6', src_port: 5000, dst_ip: '172.18.39.6', dst_port: 389, direction: 'inbound' },
    // Zeek conn without a host: named after the responder.
    { provider: 'zeek', category: 'network', src_ip: '172.18.39.5', src_port: 1, dst_ip: '172.18.39.6', dst_port: 445 },
    { provider: 'zeek', category: 'network', src_ip: '172.18.39.6', src_port: 1, dst_ip: '8.8.8.8', dst_port: 53 },
  ];
  insert(store, pass, 't', events);
  pass.finish(store, []);
  assert.deepEqual(book(store), { WS5: ['172.18.39.5'], WS6: ['172.18.39.6'] });
  const rows = store.all('SELECT host, src_ip, src_port, dst_ip, dst_port, direction FROM events ORDER BY id');
  assert.deepEqual(rows[3], { host: 'WS6', src_ip: '172.18.39.5', src_port: 56608, dst_ip: '172.18.39.6', dst_port: 49726, direction: 'inbound' });
  assert.deepEqual(rows[4], { host: 'WS6', src_ip: '172.18.39.5', src_port: 56609, dst_ip: '172.18.39.6', dst_port: 49727, direction: 'inbound' });
  assert.equal(rows[5]!.direction, 'inbound');
  assert.deepEqual([rows[6]!.src_port, rows[6]!.direction], [5000, 'local']);
  assert.deepEqual([rows[7]!.host, rows[7]!.direction], ['WS6', 'inbound']);
  assert.deepEqual([rows[8]!.host, rows[8]!.direction], ['WS6', 'outbound'], 'the sensor row is attributed to its initiator when the responder is unknown');
  assert.equal(rows[2]!.direction, 'local', 'loopback to loopback');
  assert.equal(store.all("SELECT count(*) AS n FROM sqlite_temp_master WHERE type = 'table'")[0]!.n, 0, 'temp tables dropped');
  store.close();
});

test('an address claimed by two hosts is ambiguous and used for nothing', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  const events: NormalizedEvent[] = [
    { ...WFP, host: 'A', src_ip: '192.168.1.10', dst_ip: '1.1.1.1', direction: 'outbound' },
    { ...WFP, host: 'B', src_ip: '192.168.1.10', dst_ip: '1.1.1.1', direction: 'outbound' },
    { category: 'network', host: 'A', src_ip: '1.1.1.1', dst_ip: '192.168.1.10' },
  ];
  insert(store, pass, 't', events);
  const report = pass.finish(store, []);
  assert.deepEqual(report.conflicts.map((c) => [c.kind, c.address, c.hosts]), [['shared', '192.168.1.10', ['A', 'B']]]);
  assert.equal(store.all('SELECT direction FROM events WHERE id = 3')[0]!.direction, null);
  store.close();
});

test('an address 2,000 cloned machines all claim is one conflict naming them all, found in bounded time', async () => {
  // Each pair of claims used to copy the list of the address's conflicting claims: quadratic
  // in pairs, 28 s at 150 hosts; a capture of cloned lab machines has thousands.
  const store = await SqlStore.open();
  const pass = new HostPass();
  const hosts = Array.from({ length: 2_000 }, (_, i) => `CLONE${String(i).padStart(4, '0')}`);
  insert(store, pass, 't', hosts.map((host) => ({ ...WFP, host, src_ip: '192.168.56.101', dst_ip: '1.1.1.1', direction: 'outbound' })));
  const report = pass.finish(store, []);
  assert.deepEqual(report.conflicts.map((c) => [c.kind, c.address, c.hosts.length, c.hosts[0], c.hosts.at(-1)]), [['shared', '192.168.56.101', 2_000, 'CLONE0000', 'CLONE1999']]);
  assert.match(report.conflicts[0]!.message, /^192\.168\.56\.101 is claimed by CLONE0000, CLONE0001, CLONE0002, CLONE0003, CLONE0004 and 1995 more at the same time in /);
  store.close();
});

test('claims are scoped: another capture\'s claim fixes a row only for the same host at that time, never a capture that knows its own', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  const T = Date.UTC(2020, 0, 1, 12);
  const inbound = (ts: number): NormalizedEvent => ({ ...SYSMON, ts, host: 'WS1', src_ip: '10.0.0.5', src_port: 445, dst_ip: '10.0.0.9', dst_port: 50000, direction: 'inbound' });
  insert(store, pass, 'a.evtx', [{ ...SYSMON, ts: T, host: 'WS1', src_ip: '10.0.0.5', src_port: 50001, dst_ip: '10.0.0.1', dst_port: 88, direction: 'outbound' }]);
  insert(store, pass, 'b.evtx', [inbound(T + 5 * 60_000)]);
  insert(store, pass, 'c.evtx', [inbound(T + 30 * 86_400_000)]);
  // d.evtx knows WS1 as 10.0.0.7 itself (another lab, same machine name, same day).
  insert(store, pass, 'd.evtx', [{ ...SYSMON, ts: T, host: 'WS1', src_ip: '10.0.0.7', src_port: 50002, dst_ip: '10.0.0.1', dst_port: 88, direction: 'outbound' }, inbound(T + 60_000)]);
  const report = pass.finish(store, []);
  const sides = store.all('SELECT s.path, src_ip, dst_port FROM events e JOIN sources s ON s.id = e.source_id WHERE e.direction = ? ORDER BY e.id', ['inbound'])
    .map((r) => `${String(r.path)} ${String(r.src_ip)} ${String(r.dst_port)}`);
  assert.deepEqual(sides, ['b.evtx 10.0.0.9 445', 'c.evtx 10.0.0.5 50000', 'd.evtx 10.0.0.5 50000']);
  const elsewhere = report.conflicts.filter((c) => c.kind === 'peer_elsewhere' && c.address === '10.0.0.5');
  assert.deepEqual(elsewhere.map((c) => c.captures), [['a.evtx', 'c.evtx', 'd.evtx']]);
  store.close();
});

test('older Sysmon logs the listener as Source: the service port tells which side accepted, with no Initiated=true evidence at all', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  const T = Date.UTC(2019, 3, 30, 20, 32);
  const TCP = { ...SYSMON, protocol: 'tcp', host: 'IEWIN7', direction: 'inbound' } as const;
  insert(store, pass, 'iewin7.evtx', [
    // SMB from a Linux client: 445 is a service port, 45616 is not; the Source is the listener.
    { ...TCP, ts: T, src_ip: '10.0.2.18', src_port: 445, dst_ip: '10.0.2.19', dst_port: 45616 },
    // DCOM on a dynamic RPC port: the ports do not tell; the address learned above does.
    { ...TCP, ts: T + 1_000, src_ip: '10.0.2.18', src_port: 49163, dst_ip: '10.0.2.19', dst_port: 33474 },
    // Logged initiator-first already (RDP): stays.
    { ...TCP, ts: T + 2_000, src_ip: '10.0.2.30', src_port: 50001, dst_ip: '10.0.2.18', dst_port: 3389 },
    // A DNS reply logged as inbound: UDP is no evidence (the server's port 53 is not the host's).
    { ...SYSMON, protocol: 'udp', host: 'IEWIN7', direction: 'inbound', ts: T + 3_000, src_ip: '10.0.2.1', src_port: 53, dst_ip: '10.0.2.18', dst_port: 55000 },
  ]);
  pass.finish(store, []);
  assert.deepEqual(book(store), { IEWIN7: ['10.0.2.18'] });
  assert.equal(store.all("SELECT evidence FROM host_addresses")[0]!.evidence, 'service_port');
  const rows = store.all('SELECT src_ip, src_port, dst_ip, dst_port, dst_host, peer_scope FROM events ORDER BY id');
  assert.deepEqual(rows.map((r) => `${String(r.src_ip)}:${String(r.src_port)} > ${String(r.dst_ip)}:${String(r.dst_port)} ${String(r.peer_scope)}`), [
    '10.0.2.19:45616 > 10.0.2.18:445 internal',
    '10.0.2.19:33474 > 10.0.2.18:49163 internal',
    '10.0.2.30:50001 > 10.0.2.18:3389 internal',
    '10.0.2.1:53 > 10.0.2.18:55000 internal',
  ]);
  store.close();
});

test('4624 WorkstationName with IpAddress names the other side (hearsay): never a host\'s own side, overruled by the hosts\' own evidence', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  const T = Date.UTC(2020, 8, 4, 7);
  const LOGON = { provider: 'Microsoft-Windows-Security-Auditing', event_id: 4624, category: 'logon', action: 'logon', host: 'DC01', logon_type: 3 } as const;
  insert(store, pass, 'ws7.evtx', [
    // WS7's own word: it is 10.0.0.7.
    { ...SYSMON, ts: T, host: 'WS7', protocol: 'tcp', src_ip: '10.0.0.7', src_port: 50001, dst_ip: '10.0.0.1', dst_port: 88, direction: 'outbound' },
  ]);
  insert(store, pass, 'dc01.evtx', [
    { ...LOGON, ts: T, src_host: 'WS5', src_ip: '10.0.0.5' },
    // An attacker at 10.0.0.99 sends the name of another machine: WS7 says it is 10.0.0.7.
    { ...LOGON, ts: T + 1_000, src_host: 'WS7', src_ip: '10.0.0.99' },
    // A local logon (loopback) and a name that is an address teach nothing.
    { ...LOGON, ts: T + 2_000, src_host: 'DC01', src_ip: '127.0.0.1' },
    { ...LOGON, ts: T + 3_000, src_host: '10.0.0.8', src_ip: '10.0.0.8' },
    // The DC's own rows: the client's side is named from the logon.
    { ...WFP, ts: T + 4_000, host: 'DC01', protocol: 'tcp', src_ip: '10.0.0.5', src_port: 50100, dst_ip: '10.0.0.1', dst_port: 445, direction: 'inbound' },
    { ...WFP, ts: T + 5_000, host: 'DC01', protocol: 'tcp', src_ip: '10.0.0.99', src_port: 50200, dst_ip: '10.0.0.1', dst_port: 445, direction: 'inbound' },
  ]);
  // A sensor's row from WS5 to an address nobody claims: attributed to WS5 by the logon's word.
  insert(store, pass, 'conn.log', [{ provider: 'zeek', category: 'network', ts: T + 6_000, protocol: 'tcp', src_ip: '10.0.0.5', src_port: 50300, dst_ip: '10.0.0.50', dst_port: 80 }]);
  const report = pass.finish(store, []);
  const claims = store.all('SELECT host, address, evidence FROM host_addresses ORDER BY host, address').map((r) => `${String(r.host)} ${String(r.address)} ${String(r.evidence)}`);
  assert.deepEqual(claims, ['DC01 10.0.0.1 service_port', 'WS5 10.0.0.5 logon_workstation', 'WS7 10.0.0.7 sysmon_initiated']);
  assert.deepEqual(report.conflicts.map((c) => [c.kind, c.address, c.hosts]), [['overruled', '10.0.0.99', ['WS7']]]);
  const rows = store.all("SELECT host, src_ip, src_host, dst_host, direction, peer_scope FROM events WHERE category = 'network' ORDER BY id");
  assert.deepEqual(rows.slice(1).map((r) => `${String(r.host)} ${String(r.src_ip)} ${String(r.src_host)}>${String(r.dst_host)} ${String(r.direction)} ${String(r.peer_scope)}`), [
    'DC01 10.0.0.5 WS5>DC01 inbound internal',
    'DC01 10.0.0.99 null>DC01 inbound internal',
    'WS5 10.0.0.5 WS5>null outbound internal',
  ]);
  store.close();
});

test('hearsay never makes an address a host\'s own: a logon naming WS5 at the address WS5\'s capture sees as a peer changes nothing there', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  const T = Date.UTC(2020, 8, 4, 7);
  insert(store, pass, 'dc01.evtx', [{ provider: 'Microsoft-Windows-Security-Auditing', event_id: 4624, category: 'logon', host: 'DC01', ts: T, src_host: 'WS5', src_ip: '10.0.0.66' }]);
  insert(store, pass, 'ws5.evtx', [{ ...SYSMON, ts: T, host: 'WS5', protocol: 'tcp', src_ip: '10.0.0.66', src_port: 50000, dst_ip: '10.0.0.5', dst_port: 60000, direction: 'inbound' }]);
  pass.finish(store, []);
  const [row] = store.all("SELECT src_ip, dst_ip, direction, peer_scope FROM events WHERE category = 'network'");
  assert.deepEqual(row, { src_ip: '10.0.0.66', dst_ip: '10.0.0.5', direction: 'inbound', peer_scope: 'internal' }, 'not swapped, not local, not self');
  store.close();
});
