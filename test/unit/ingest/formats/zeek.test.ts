// Zeek conn.log: TSV reader (unset and empty fields, bad rows, other logs refused) and the
// record normalizer shared with the JSON reader (dotted and underscored names).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readZeekTsv } from '../../../../src/core/ingest/formats/zeek';
import { normalizeZeekConn } from '../../../../src/core/ingest/normalize/zeek';
import { fixture, rawText, read } from './helpers';

test('conn.log TSV: records, unset fields, actions from conn_state, a short row rejected', async () => {
  const bytes = fixture('conn.log');
  const { records, rejections, warnings, dialects } = await read(readZeekTsv, bytes, 13);
  assert.deepEqual(warnings, []);
  assert.deepEqual(dialects, ['conn']);
  assert.deepEqual(records.map((r) => r.event.action), ['connect', 'attempt', 'reject', 'connect']);
  const [dns, syn, rej] = records.map((r) => r.event);
  assert.deepEqual(dns, {
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

test('other Zeek logs are skipped with one clear warning', async () => {
  const { records, warnings } = await read(readZeekTsv, fixture('dns.log'));
  assert.equal(records.length, 0);
  assert.deepEqual(warnings, ['Zeek "dns" logs are not supported (only conn.log is normalized); 1 line(s) skipped']);
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
