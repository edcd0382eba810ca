// Zeek conn.log, dns.log and dhcp.log: TSV reader (unset and empty fields, sets, bad rows,
// other logs refused) and the record normalizers shared with the JSON reader (dotted and
// underscored names); events are whole rows, the fields Zeek does not fill null.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readZeekTsv } from '../../../../src/core/ingest/formats/zeek';
import { normalizeZeekConn } from '../../../../src/core/ingest/normalize/zeek';
import { emptyRow } from '../../../../src/core/schema/eventRow';
import { fixture, rawText, read } from './helpers';

test('conn.log TSV: records, unset fields, actions from conn_state, a short row rejected', async () => {
  const bytes = fixture('conn.log');
  const { records, rejections, warnings, dialects } = await read(readZeekTsv, bytes, 13);
  assert.deepEqual(warnings, []);
  assert.deepEqual(dialects, ['conn']);
  assert.deepEqual(records.map((r) => r.event.action), ['connect', 'attempt', 'reject', 'connect']);
  const [dns, syn, rej] = records.map((r) => r.event);
  assert.deepEqual(dns, { ...emptyRow(),
    ts: 1588205199824, ts_raw: '1588205199.824370', provider: 'zeek', channel: 'conn', category: 'network', action: 'connect',
    src_ip: '10.0.1.6', src_port: 54243, dst_ip: '10.0.0.4', dst_port: 53, protocol: 'udp', conn_state: 'SF', direction: 'local',
  });
  assert.equal(syn!.ts, 1588205201001);
  assert.equal(syn!.conn_state, 'S0');
  assert.equal(rej!.direction, 'inbound');
  assert.deepEqual(records.map((r) => r.pointer.line), [9, 10, 11, 13]);
  assert.match(rawText(bytes, records[1]!), /^1588205201\.001000\tCJ21Le4zsTUcyKKi98\t.*\t\(empty\)$/);
  assert.equal(rejections.length, 1);
  assert.deepEqual([rejections[0]!.line, rejections[0]!.reason], [12, 'expected 17 tab-separated fields, found 4']);
});

test('other Zeek logs (http.log) are skipped with one clear warning', async () => {
  const { records, rejections, warnings } = await read(readZeekTsv, fixture('http.log'));
  assert.deepEqual([records.length, rejections.length], [0, 0]);
  assert.deepEqual(warnings, ['Zeek "http" logs are not supported (only conn, dns and dhcp logs are read); 2 line(s) skipped']);
});

test('dns.log TSV: one dns/query row per query with the name, type and answers in order; malformed lines rejected by line, the rest kept', async () => {
  const bytes = fixture('dns.log');
  const { records, rejections, warnings, dialects } = await read(readZeekTsv, bytes, 7);
  assert.deepEqual([warnings, dialects], [[], ['dns']]);
  assert.deepEqual(records.map((r) => [r.pointer.line, r.event.query_name, r.event.query_type, r.event.answers]), [
    [9, 'fs01.corp.local', 'A', '10.0.0.30'],
    [10, 'intranet.corp.local', 'A', 'web01.corp.local,10.0.0.31'],
    [11, 'www.example.com', 'A', '93.184.216.34'],
    [12, 'wpad.corp.local', 'A', null],
    [14, 'ws9.corp.local', 'AAAA', 'fd00::9'],
  ]);
  assert.deepEqual(records[0]!.event, { ...emptyRow(),
    ts: 1588205199824, ts_raw: '1588205199.824370', provider: 'zeek', channel: 'dns', category: 'dns', action: 'query',
    src_ip: '10.0.1.6', src_port: 54243, dst_ip: '10.0.0.4', dst_port: 53, protocol: 'udp',
    query_name: 'fs01.corp.local', query_type: 'A', answers: '10.0.0.30',
  });
  assert.match(rawText(bytes, records[1]!), /^1588205200\.000000\tCd2\t.*\tintranet\.corp\.local\t/);
  assert.deepEqual(rejections.map((r) => [r.line, r.reason]), [
    [13, 'expected 24 tab-separated fields, found 4'],
    [15, 'dns.log client address "10.0.1.x" is not an IP address'],
  ]);
});

test('dhcp.log TSV: an ACK is a lease (the client\'s short name, the assigned address, the lease end); other exchanges keep their kind; malformed lines rejected by line', async () => {
  const bytes = fixture('dhcp.log');
  const { records, rejections, warnings, dialects } = await read(readZeekTsv, bytes, 5);
  assert.deepEqual([warnings, dialects], [[], ['dhcp']]);
  assert.deepEqual(records.map((r) => [r.pointer.line, r.event.action, r.event.src_host, r.event.src_ip, r.event.lease_end]), [
    [9, 'lease', 'WS7', '10.0.1.7', 1588204800100 + 86_400_000],
    [10, 'lease', 'WS7', '10.0.1.7', 1588248000000 + 86_400_000],
    [11, 'nak', 'WS8', null, null],
    [12, 'release', 'WS20', '10.0.1.20', null],
  ]);
  assert.deepEqual(records[0]!.event, { ...emptyRow(),
    ts: 1588204800100, ts_raw: '1588204800.100000', provider: 'zeek', channel: 'dhcp', category: 'dhcp', action: 'lease',
    src_ip: '10.0.1.7', dst_ip: '10.0.0.1', protocol: 'udp', src_host: 'WS7', lease_end: 1588204800100 + 86_400_000,
  });
  assert.deepEqual(rejections.map((r) => [r.line, r.reason]), [
    [13, 'dhcp.log lease_time "forever" is not a number of seconds'],
    [14, 'expected 15 tab-separated fields, found 4'],
  ]);
});

test('Zeek JSON dns and dhcp records (no _path: told by their fields) read as their TSV twins', async () => {
  const { readerFor } = await import('../../../../src/core/ingest/formats');
  const lines = [
    '{"ts":1588205199.82437,"uid":"Cd1","id.orig_h":"10.0.1.6","id.orig_p":54243,"id.resp_h":"10.0.0.4","id.resp_p":53,"proto":"udp","trans_id":41180,"query":"fs01.corp.local","qtype_name":"A","rcode_name":"NOERROR","answers":["10.0.0.30"],"TTLs":[3600.0]}',
    '{"ts":1588204800.1,"uids":["Cx1"],"server_addr":"10.0.0.1","mac":"00:0c:29:aa:bb:07","host_name":"ws7","client_fqdn":"ws7.corp.local","assigned_addr":"10.0.1.7","lease_time":86400.0,"msg_types":["DISCOVER","OFFER","REQUEST","ACK"],"duration":0.004}',
    '{"ts":"yesterday","uids":["Cx9"],"assigned_addr":"10.0.1.9","lease_time":60,"msg_types":["ACK"]}',
  ];
  const { records, rejections, warnings } = await read(readerFor('json')!, Buffer.from(lines.join('\n') + '\n'));
  assert.deepEqual(warnings, []);
  assert.deepEqual(records.map((r) => [r.event.category, r.event.query_name ?? r.event.src_host, r.event.answers ?? r.event.src_ip, r.event.lease_end ?? null]), [
    ['dns', 'fs01.corp.local', '10.0.0.30', null],
    ['dhcp', 'WS7', '10.0.1.7', 1588204800100 + 86_400_000],
  ]);
  assert.deepEqual(rejections.map((r) => [r.line, r.reason]), [[3, 'Zeek dhcp record: no valid ts (found "yesterday")']]);
});

test('normalizeZeekConn accepts id.orig_h and id_orig_h spellings, epoch and ISO times', () => {
  const dotted = normalizeZeekConn({ ts: 1588205202.5, 'id.orig_h': '192.168.7.9', 'id.orig_p': 51000, 'id.resp_h': '10.0.1.6', 'id.resp_p': 3389, proto: 'tcp', conn_state: 'REJ' });
  const underscored = normalizeZeekConn({ ts: '2020-04-30T00:06:42.500Z', id_orig_h: '192.168.7.9', id_orig_p: 51000, id_resp_h: '10.0.1.6', id_resp_p: 3389, proto: 'TCP', conn_state: 'REJ' });
  assert.equal(dotted.ts, Date.UTC(2020, 3, 30, 0, 6, 42, 500));
  assert.deepEqual({ ...underscored, ts_raw: null }, { ...dotted, ts_raw: null });
  assert.equal(dotted.action, 'reject');
  assert.equal(normalizeZeekConn({ conn_state: 'RSTOS0' }).action, 'attempt');
  assert.equal(normalizeZeekConn({ conn_state: 'S1' }).action, 'connect');
  assert.equal(normalizeZeekConn({ local_orig: true, local_resp: false }).direction, 'outbound');
  assert.equal(normalizeZeekConn({ ts: 'not a time' }).ts, null);
});

test('Zeek JSON through the registry: dotted and underscored names give the same columns', async () => {
  const { readerFor } = await import('../../../../src/core/ingest/formats');
  const bytes = fixture('zeek-conn.json');
  const { records, rejections } = await read(readerFor('json')!, bytes);
  assert.deepEqual(rejections, []);
  assert.deepEqual(records.map((r) => [r.event.provider, r.event.action, r.event.src_ip, r.event.dst_port, r.event.conn_state]), [
    ['zeek', 'attempt', '10.0.1.6', 445, 'S0'],
    ['zeek', 'reject', '192.168.7.9', 3389, 'REJ'],
  ]);
  assert.deepEqual(records.map((r) => r.event.ts), [1588205201001, 1588205202500]);
});
