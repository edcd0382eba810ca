// Real OTRF archives (../shared/datasets/otrf), when present: every line parses, the PsExec
// inbound connection normalizes as inbound to services.exe, and local EventTimes are moved
// by exactly the offset that Sysmon's UtcTime implies.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import yauzl from 'yauzl';
import { readBytes, type ReadResult } from './read';
import { parseTime } from '../../../../src/core/ingest/normalize/time';
import { roundOffset } from '../../../../src/core/ingest/normalize/localClock';
import { HostPass } from '../../../../src/core/hosts/fixUps';
import { SqlStore } from '../../../../src/core/store/sqlStore';
import { storeAsLoaded } from '../../hosts/storeAsLoaded';

const OTRF = join(__dirname, '..', '..', '..', '..', '..', 'shared', 'datasets', 'otrf');
const PSEXEC = join(OTRF, 'empire_psexec_dcerpc_tcp_svcctl.zip');
const skip = existsSync(PSEXEC) ? false : `shared dataset not found at ${PSEXEC}`;

function firstMember(zipPath: string): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    yauzl.open(zipPath, { lazyEntries: true }, (error, zip) => {
      if (error) return reject(error);
      zip.on('entry', (entry: yauzl.Entry) => {
        if (entry.fileName.endsWith('/')) return zip.readEntry();
        zip.openReadStream(entry, (streamError, stream) => {
          if (streamError) return reject(streamError);
          const chunks: Buffer[] = [];
          (stream as Readable).on('data', (c: Buffer) => chunks.push(c)).on('end', () => { zip.close(); resolve(Buffer.concat(chunks)); }).on('error', reject);
        });
      });
      zip.readEntry();
    });
  });
}

let loaded: { bytes: Buffer; result: ReadResult } | undefined;
async function psexec(): Promise<{ bytes: Buffer; result: ReadResult }> {
  if (loaded) return loaded;
  const bytes = await firstMember(PSEXEC);
  loaded = { bytes, result: await readBytes(bytes, 65536) };
  return loaded;
}

test('empire_psexec_dcerpc_tcp_svcctl: every line parses into an event', { skip }, async () => {
  const { bytes, result } = await psexec();
  const lines = bytes.toString('utf8').split('\n').filter((l) => l.trim() !== '').length;
  assert.deepEqual(result.rejections, []);
  assert.equal(result.records.length, lines);
  assert.ok(result.records.every((r) => typeof r.event.ts === 'number' && r.event.host !== null && r.event.event_id !== null));
});

test('the Sysmon 3 connection into services.exe on WORKSTATION6:49726 from 172.18.39.5 is inbound', { skip }, async () => {
  const { result } = await psexec();
  const hits = result.records.map((r) => r.event).filter((e) => e.event_id === 3 && e.host === 'WORKSTATION6' && e.dst_port === 49726);
  assert.equal(hits.length, 1);
  const [hit] = hits;
  assert.deepEqual([hit!.src_ip, hit!.dst_ip, hit!.direction, hit!.process_name, hit!.category, hit!.action], ['172.18.39.5', '172.18.39.6', 'inbound', 'services.exe', 'network', 'connect']);
});

test('EventTime is shifted by the offset UtcTime implies, and only non-Sysmon times are', { skip }, async () => {
  const { bytes, result } = await psexec();
  const offsets = new Set<number>();
  let checked = 0;
  for (const { pointer, event } of result.records) {
    const raw = JSON.parse(bytes.subarray(pointer.offset, pointer.offset + pointer.length).toString('utf8')) as Record<string, string>;
    const local = parseTime(raw.EventTime)!;
    if (raw.UtcTime !== undefined) {
      offsets.add(roundOffset(local - parseTime(raw.UtcTime)!));
      assert.equal(event.ts, parseTime(raw.UtcTime));
    }
  }
  assert.deepEqual([...offsets], [-4 * 3_600_000], 'the collector ran at UTC-4');
  const [offset] = offsets;
  for (const { pointer, event } of result.records) {
    const raw = JSON.parse(bytes.subarray(pointer.offset, pointer.offset + pointer.length).toString('utf8')) as Record<string, string>;
    if (raw.UtcTime !== undefined) continue;
    assert.equal(event.ts, parseTime(raw.EventTime)! - offset!, `line ${pointer.line}`);
    checked++;
  }
  assert.ok(checked > 1000);
  const install = result.records.find((r) => r.event.event_id === 7045)!.event;
  assert.equal(new Date(install.ts as number).toISOString(), '2020-09-20T16:16:56.000Z');
});

test('host addresses learned from the psexec set; the inbound services.exe connection keeps its initiator', { skip }, async () => {
  const { result } = await psexec();
  const store = await SqlStore.open();
  try {
    const pass = new HostPass();
    const source = store.addSource({ path: PSEXEC, member: null, format: 'json', dialect: 'nxlog' });
    storeAsLoaded(store, pass, source, result.records);
    pass.finish(store, []);
    const own = (host: string): string[] => store.all("SELECT DISTINCT address FROM host_addresses WHERE host = ? AND address NOT LIKE 'fe80:%' ORDER BY 1", [host]).map((r) => String(r.address));
    assert.deepEqual(own('WORKSTATION5'), ['172.18.39.5']);
    assert.deepEqual(own('WORKSTATION6'), ['172.18.39.6']);
    const rows = store.all("SELECT src_ip, dst_ip, direction FROM events WHERE host = 'WORKSTATION6' AND event_id IN (3, 5156) AND dst_port = 49726");
    assert.deepEqual(rows, [{ src_ip: '172.18.39.5', dst_ip: '172.18.39.6', direction: 'inbound' }, { src_ip: '172.18.39.5', dst_ip: '172.18.39.6', direction: 'inbound' }]);
    const localFirst = store.all("SELECT count(*) AS n FROM events e WHERE category = 'network' AND direction = 'inbound' AND src_ip IN ('172.18.39.5', '172.18.39.6', '172.18.38.5') AND src_ip = (CASE host WHEN 'WORKSTATION5' THEN '172.18.39.5' WHEN 'WORKSTATION6' THEN '172.18.39.6' WHEN 'MORDORDC' THEN '172.18.38.5' END)");
    assert.equal(localFirst[0]!.n, 0, 'no inbound row keeps the local side as its source');
  } finally {
    store.close();
  }
});
