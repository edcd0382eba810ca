// What a Zeek sensor's dhcp.log and dns.log tell the address book (hosts/sightings.ts), on a
// real sql.js store: a lease names its client's address for exactly the lease's time, a DNS
// answer names an internal address only where nothing stronger does, and every disagreement
// with stronger evidence is a conflict in the report.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlStore } from '../../../src/core/store/sqlStore';
import { HostPass } from '../../../src/core/hosts/fixUps';
import { enrichNetworkEvent } from '../../../src/core/hosts/peerScope';
import type { NormalizedEvent } from '../../../src/core/schema/columns';
import { copyFileSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/core/cli';
import { storeAsLoaded } from './storeAsLoaded';

const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'formats');

function insert(store: SqlStore, pass: HostPass, path: string, events: readonly NormalizedEvent[]): void {
  const id = store.addSource({ path, member: null, format: 'zeek-tsv', dialect: null });
  const records = events.map((event, i) => {
    const copy = { ...event };
    enrichNetworkEvent(copy);
    return { pointer: { offset: i, length: 1 }, event: copy };
  });
  storeAsLoaded(store, pass, id, records);
}

const T = Date.UTC(2020, 3, 30, 8);
const HOUR = 3_600_000;
const lease = (ts: number, host: string, ip: string, seconds: number): NormalizedEvent =>
  ({ provider: 'zeek', channel: 'dhcp', category: 'dhcp', action: 'lease', ts, src_host: host, src_ip: ip, dst_ip: '10.0.0.1', lease_end: ts + seconds * 1000 });
const answer = (ts: number, query: string, answers: string, type = 'A'): NormalizedEvent =>
  ({ provider: 'zeek', channel: 'dns', category: 'dns', action: 'query', ts, src_ip: '10.0.1.6', dst_ip: '10.0.0.4', query_name: query, query_type: type, answers });
const conn = (ts: number, dst: string): NormalizedEvent =>
  ({ provider: 'zeek', channel: 'conn', category: 'network', action: 'connect', ts, protocol: 'tcp', src_ip: '203.0.113.9', src_port: 40000, dst_ip: dst, dst_port: 445 });
const SYSMON = { provider: 'Microsoft-Windows-Sysmon', event_id: 3, category: 'network', action: 'connect', protocol: 'tcp', direction: 'outbound' } as const;

async function run(captures: Record<string, NormalizedEvent[]>) {
  const store = await SqlStore.open();
  const pass = new HostPass();
  for (const [path, events] of Object.entries(captures)) insert(store, pass, path, events);
  const report = pass.finish(store, []);
  const hosts = store.all("SELECT ts, dst_ip, host FROM events WHERE channel = 'conn' ORDER BY id").map((r) => r.host);
  const book = store.all('SELECT host, address, evidence, from_ts, to_ts FROM host_addresses ORDER BY host, address, evidence');
  store.close();
  return { report, hosts, book };
}

test('a DHCP lease attributes sensor rows to its client from the grant to the lease end, never after', async () => {
  const { hosts, book, report } = await run({
    'dhcp.log': [lease(T, 'WS7', '10.0.1.7', 3600), lease(T + 30 * 60_000, 'WS7', '10.0.1.7', 3600)],
    'conn.log': [conn(T - 60_000, '10.0.1.7'), conn(T + 60_000, '10.0.1.7'), conn(T + 80 * 60_000, '10.0.1.7'), conn(T + 90 * 60_000 + 1, '10.0.1.7')],
  });
  // The renewal at T+30m extends the lease to T+90m; before the grant and after the end, nobody.
  assert.deepEqual(hosts, [null, 'WS7', 'WS7', null]);
  assert.deepEqual(book, [{ host: 'WS7', address: '10.0.1.7', evidence: 'dhcp_lease', from_ts: T, to_ts: T + 90 * 60_000 }]);
  assert.deepEqual(report.conflicts, []);
});

test('a DHCP release ends its address\'s lease: after it the address is nobody\'s, and the next client\'s lease does not conflict', async () => {
  const release = (ts: number, ip: string): NormalizedEvent => ({ provider: 'zeek', channel: 'dhcp', category: 'dhcp', action: 'release', ts, src_ip: ip, dst_ip: '10.0.0.1' });
  const { hosts, book, report } = await run({
    'dhcp.log': [lease(T, 'WS7', '10.0.1.7', 8 * 3600), release(T + HOUR, '10.0.1.7'), lease(T + 2 * HOUR, 'WS8', '10.0.1.7', 8 * 3600), release(T - HOUR, '10.0.1.9')],
    'conn.log': [conn(T + 30 * 60_000, '10.0.1.7'), conn(T + 90 * 60_000, '10.0.1.7'), conn(T + 3 * HOUR, '10.0.1.7')],
  });
  assert.deepEqual(hosts, ['WS7', null, 'WS8']);
  assert.deepEqual(book, [
    { host: 'WS7', address: '10.0.1.7', evidence: 'dhcp_lease', from_ts: T, to_ts: T + HOUR },
    { host: 'WS8', address: '10.0.1.7', evidence: 'dhcp_lease', from_ts: T + 2 * HOUR, to_ts: T + 10 * HOUR },
  ]);
  assert.deepEqual(report.conflicts, []);
});

test('a DNS answer attributes an internal address nothing better names; the last CNAME target is the name; external answers name nobody', async () => {
  const { hosts, book } = await run({
    'dns.log': [
      answer(T, 'fs01.corp.local', '10.0.0.30'),
      answer(T, 'intranet.corp.local', 'web01.corp.local,10.0.0.31'),
      answer(T, 'www.example.com', '93.184.216.34'),
      answer(T, 'fs01.corp.local', '10.0.0.32', 'TXT'),
    ],
    'conn.log': [conn(T + 60_000, '10.0.0.30'), conn(T + 60_000, '10.0.0.31'), conn(T + 60_000, '93.184.216.34'), conn(T + 60_000, '10.0.0.32')],
  });
  assert.deepEqual(hosts, ['FS01', 'WEB01', null, null]);
  assert.deepEqual(book.map((c) => `${String(c.host)} ${String(c.address)} ${String(c.evidence)}`), ['FS01 10.0.0.30 dns_answer', 'WEB01 10.0.0.31 dns_answer']);
});

test('a Sysmon 22 answer (no query type logged) names an internal address as a DNS answer does; a reverse lookup names nobody', async () => {
  const sysmonDns = (query: string, answers: string | null): NormalizedEvent =>
    ({ provider: 'Microsoft-Windows-Sysmon', event_id: 22, host: 'WS6', category: 'dns', action: 'query', ts: T, query_name: query, answers });
  const { hosts, book } = await run({
    'sysmon.json': [sysmonDns('fs01.corp.local', 'fe80::1,10.0.0.30'), sysmonDns('30.0.0.10.in-addr.arpa', null), sysmonDns('intranet.corp.local', 'web01.corp.local,10.0.0.31')],
    'conn.log': [conn(T + 60_000, '10.0.0.30'), conn(T + 60_000, '10.0.0.31')],
  });
  assert.deepEqual(hosts, ['FS01', 'WEB01']);
  assert.deepEqual(book.map((c) => `${String(c.host)} ${String(c.address)} ${String(c.evidence)}`), ['FS01 10.0.0.30 dns_answer', 'WEB01 10.0.0.31 dns_answer']);
});

test('ranks: the host\'s own word beats a lease and a DNS answer, a lease beats a DNS answer; each loser is reported as overruled', async () => {
  const { hosts, report } = await run({
    // WS5 says it is 10.0.1.5 itself.
    'ws5.evtx': [{ ...SYSMON, ts: T, host: 'WS5', src_ip: '10.0.1.5', src_port: 50000, dst_ip: '10.0.0.4', dst_port: 88 }],
    // A lease names another client at WS5's address; a lease names WS9 at .9.
    'dhcp.log': [lease(T - HOUR, 'ROGUE', '10.0.1.5', 86_400), lease(T - HOUR, 'WS9', '10.0.1.9', 86_400)],
    // Stale DNS records: OLDBOX at both addresses.
    'dns.log': [answer(T, 'oldbox.corp.local', '10.0.1.5'), answer(T, 'oldbox2.corp.local', '10.0.1.9')],
    'conn.log': [conn(T + 60_000, '10.0.1.5'), conn(T + 60_000, '10.0.1.9')],
  });
  assert.deepEqual(hosts, ['WS5', 'WS9']);
  const overruled = report.conflicts.filter((c) => c.kind === 'overruled').map((c) => [c.address, c.hosts, c.message.split(',')[0]]);
  assert.deepEqual(overruled, [
    ['10.0.1.5', ['ROGUE', 'WS5'], 'a DHCP lease in dhcp.log gives 10.0.1.5 to ROGUE'],
    ['10.0.1.5', ['OLDBOX', 'WS5'], 'a DNS answer in dns.log names OLDBOX at 10.0.1.5'],
    ['10.0.1.9', ['OLDBOX2', 'WS9'], 'a DNS answer in dns.log names OLDBOX2 at 10.0.1.9'],
  ]);
  assert.match(report.conflicts[0]!.message, /stronger evidence says WS5 at 10\.0\.1\.5 \(sysmon_initiated\) at that time: the lease is not used$/);
});

test('two leases of one address to different clients at one time conflict: reported, and neither names the address', async () => {
  const { hosts, report } = await run({
    'dhcp.log': [lease(T, 'WS7', '10.0.1.7', 3600), lease(T + 60_000, 'WS8', '10.0.1.7', 3600), lease(T + 2 * HOUR, 'WS8', '10.0.1.7', 3600)],
    'conn.log': [conn(T + 2 * 60_000, '10.0.1.7'), conn(T + 2 * HOUR + 60_000, '10.0.1.7')],
  });
  assert.deepEqual(report.conflicts.map((c) => [c.kind, c.address, c.hosts]), [['shared', '10.0.1.7', ['WS7', 'WS8']]]);
  // After both overlapping leases ended, WS8's later lease stands alone.
  assert.deepEqual(hosts, [null, 'WS8']);
});

test('a lease is the host\'s own word where its capture knows none of its addresses: an older-Sysmon inbound row gets its sides swapped', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  insert(store, pass, 'dhcp.log', [lease(T - HOUR, 'IEWIN7', '10.0.2.18', 86_400)]);
  // Logged with the local listener as Source, on a port that tells nothing.
  insert(store, pass, 'iewin7.evtx', [{ ...SYSMON, ts: T, host: 'IEWIN7', direction: 'inbound', src_ip: '10.0.2.18', src_port: 49163, dst_ip: '10.0.2.19', dst_port: 33474 }]);
  pass.finish(store, []);
  const [row] = store.all("SELECT src_ip, dst_ip, direction, peer_scope FROM events WHERE host = 'IEWIN7'");
  assert.deepEqual(row, { src_ip: '10.0.2.19', dst_ip: '10.0.2.18', direction: 'inbound', peer_scope: 'internal' });
  store.close();
});

test('a DNS answer never makes an address a host\'s own: the same row with only a DNS answer keeps its sides', async () => {
  const store = await SqlStore.open();
  const pass = new HostPass();
  insert(store, pass, 'dns.log', [answer(T, 'iewin7.corp.local', '10.0.2.18')]);
  insert(store, pass, 'iewin7.evtx', [{ ...SYSMON, ts: T, host: 'IEWIN7', direction: 'inbound', src_ip: '10.0.2.18', src_port: 49163, dst_ip: '10.0.2.19', dst_port: 33474 }]);
  pass.finish(store, []);
  const [row] = store.all("SELECT src_ip, dst_ip FROM events WHERE host = 'IEWIN7'");
  assert.deepEqual(row, { src_ip: '10.0.2.18', dst_ip: '10.0.2.19' });
  store.close();
});

test('through the CLI: dhcp.log and dns.log load beside conn.log (malformed lines rejected by file and line, nothing else lost), http.log is skipped, `hosts` shows each binding\'s evidence and the conflicts', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hb-zeek-names-'));
  try {
    for (const name of ['dhcp.log', 'dns.log', 'http.log']) copyFileSync(join(FIXTURES, name), join(dir, name));
    // A host's own word contradicting the DNS answer for 10.0.0.31 (web01): it wins, the answer is overruled.
    writeFileSync(join(dir, 'web02.ndjson'), JSON.stringify({
      EventTime: '2020-04-30 00:06:40', Hostname: 'WEB02.corp.local', SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', EventID: 3,
      UtcTime: '2020-04-30 00:06:40.000', Protocol: 'tcp', Initiated: 'true', SourceIp: '10.0.0.31', SourcePort: '50000', DestinationIp: '10.0.0.4', DestinationPort: '88',
    }) + '\n');
    const out: string[] = [];
    const code = await main(['load', dir], { out: (t) => out.push(t), err: (t) => out.push(t) });
    const text = out.join('\n');
    assert.equal(code, 1, 'rejected lines make the exit code 1');
    assert.match(text, /dhcp\.log\n {2}format zeek-tsv \(dhcp\), 4 events loaded, 2 rejected\n {4}line 13: dhcp\.log lease_time "forever" is not a number of seconds\n {4}line 14: expected 15 tab-separated fields, found 4\n/);
    assert.match(text, /dns\.log\n {2}format zeek-tsv \(dns\), 5 events loaded, 2 rejected\n {4}line 13: expected 24 tab-separated fields, found 4\n {4}line 15: dns\.log client address "10\.0\.1\.x" is not an IP address\n/);
    assert.match(text, /warning: Zeek "http" logs are not supported \(only conn, dns and dhcp logs are read\); 2 line\(s\) skipped/);
    assert.doesNotMatch(text, /"(dns|dhcp)" logs are not supported/);

    const json: string[] = [];
    assert.equal(await main(['hosts', dir, '--json'], { out: (t) => json.push(t), err: () => {} }), 1);
    const result = JSON.parse(json.join('\n')) as { addresses: { host: string; address: string; evidence: string }[]; hosts: { conflicts: { kind: string; address: string; hosts: string[] }[] } };
    assert.deepEqual(result.addresses.map((a) => `${a.host} ${a.address} ${a.evidence}`), [
      'FS01 10.0.0.30 dns_answer', 'WEB02 10.0.0.31 sysmon_initiated', 'WS7 10.0.1.7 dhcp_lease', 'WS9 fd00::9 dns_answer',
    ]);
    assert.deepEqual(result.hosts.conflicts.map((c) => [c.kind, c.address, c.hosts]), [['overruled', '10.0.0.31', ['WEB01', 'WEB02']]]);
    const table: string[] = [];
    await main(['hosts', dir], { out: (t) => table.push(t), err: () => {} });
    assert.match(table.join('\n'), /^WS7 +10\.0\.1\.7 +2020-04-30T00:00:00\.100Z +2020-05-01T12:00:00\.000Z +\S+dhcp\.log +dhcp_lease +2$/m, 'the lease and its renewal: one binding until the renewed lease ends');
    assert.match(table.join('\n'), /overruled: a DNS answer in \S+dns\.log names WEB01 at 10\.0\.0\.31, but stronger evidence says WEB02 at 10\.0\.0\.31 \(sysmon_initiated\)/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('the AD domain\'s own name (queried beside names inside it) answers with the DC\'s address and names no machine; the DC\'s own name does', async () => {
  const srv: NormalizedEvent = { ...answer(T, '_ldap._tcp.dc._msdcs.corp.local', 'newyork.corp.local', 'SRV') };
  const { hosts, book, report } = await run({
    'dns.log': [srv, answer(T, 'corp.local', '10.0.0.4'), answer(T + 1_000, 'newyork.corp.local', '10.0.0.4')],
    'conn.log': [conn(T + 60_000, '10.0.0.4')],
  });
  assert.deepEqual(book.map((c) => `${String(c.host)} ${String(c.address)}`), ['NEWYORK 10.0.0.4']);
  assert.deepEqual(report.conflicts, [], 'not two names for one address');
  assert.deepEqual(hosts, ['NEWYORK']);
});
