// Real samples from the shared EVTX-ATTACK-SAMPLES (skipped when absent): a .evtx and its XML
// rendering give identical rows through the binary and EVTX-XML readers; truncated and
// corrupted copies load every intact record and report exactly what was skipped; the worker
// pool gives the same records in the same order as one thread.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readEvtx, readEvtxParallel, renderEvtxRecordXml } from '../../../../src/core/ingest/evtx/index';
import { readEvtxXml } from '../../../../src/core/ingest/formats/evtxXml';
import { buildFile } from './builder';
import { readAll, readWith } from './events';

const DATASET = '../shared/datasets/evtx';
const SAMPLES = ['Lateral_Movement/LM_5145_Remote_FileCopy.evtx', 'Persistence/persistence_sysmon_11_13_1_shime_appfix.evtx', 'Execution/rogue_msi_url_1040_1042.evtx'];
const present = SAMPLES.map((s) => join(DATASET, s)).filter((p) => existsSync(p));
const skip = present.length === 0 ? `no shared EVTX samples at ${DATASET}` : false;

test('a .evtx and its XML rendering load as identical rows', { skip }, async () => {
  for (const path of present) {
    const bytes = new Uint8Array(readFileSync(path));
    const binary = await readWith(readEvtx, bytes);
    assert.deepEqual(binary.problems, []);
    const xml = `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${binary.records.map((r) => renderEvtxRecordXml(bytes, r.pointer)).join('\n')}\n</Events>\n`;
    const fromXml = await readWith(readEvtxXml, new Uint8Array(Buffer.from(xml, 'utf8')));
    assert.deepEqual(fromXml.problems, []);
    assert.equal(fromXml.records.length, binary.records.length, path);
    binary.records.forEach((r, i) => assert.deepEqual(fromXml.records[i].event, r.event, `${path} record ${r.pointer.evtx?.recordId}`));
  }
});

test('a truncated copy loads every intact record and names the missing ones', { skip }, async () => {
  const bytes = new Uint8Array(readFileSync(present[0]));
  const intact = await readAll(bytes);
  const cut = 4096 + 3 * 65536 + 20_000;
  const truncated = await readAll(bytes.subarray(0, cut));
  const whole = intact.records.filter((r) => r.offset + r.size <= cut);
  assert.deepEqual(truncated.records, whole);
  // Every record not loaded is accounted for by the reports, once.
  const reported = new Set<number>();
  for (const { reason } of truncated.rejects) {
    for (const m of reason.matchAll(/records? (\d+)(?:-(\d+))?(?: is| are| were)/g)) {
      for (let id = Number(m[1]); id <= Number(m[2] ?? m[1]); id++) {
        assert.ok(!reported.has(id), `record ${id} reported twice`);
        reported.add(id);
      }
    }
  }
  const missing = intact.records.map((r) => r.recordId).filter((id) => !whole.some((w) => w.recordId === id));
  assert.ok(missing.length > 0 && whole.length > 0);
  assert.deepEqual([...reported].sort((a, b) => a - b), missing);
});

test('a corrupted copy loses only the damaged records, each reported with chunk and offset', { skip }, async () => {
  const bytes = new Uint8Array(readFileSync(present[0]));
  const intact = await readAll(bytes);
  const damaged = bytes.slice();
  const [a, b] = [intact.records[5], intact.records[400]];
  damaged[a.offset] = 0x00; // record signature
  damaged[b.offset + 24 + 4] = 0xee; // first token after the fragment header
  const result = await readAll(damaged);
  assert.deepEqual(result.records, intact.records.filter((r) => r !== a && r !== b));
  assert.equal(result.rejects.length, 2);
  assert.equal(result.rejects[0].offset, a.offset);
  assert.match(result.rejects[0].reason, new RegExp(`^chunk ${a.chunk} \\(file offset ${4096 + a.chunk * 65536}\\), record at file offset ${a.offset}: not a valid record`));
  assert.equal(result.rejects[1].offset, b.offset);
  assert.match(result.rejects[1].reason, new RegExp(`^chunk ${b.chunk} .*record at file offset ${b.offset}: record ${b.recordId}: unexpected BinXML token 0xee`));
  assert.equal(result.warnings.filter((w) => /record data checksum mismatch/.test(w)).length, a.chunk === b.chunk ? 1 : 2);
});

test('the worker pool gives the same records, in the same order, as one thread', { skip }, async () => {
  // Enough chunks (the samples' own, repeated) that the pool starts its workers.
  const chunks: Uint8Array[] = [];
  for (const path of present) {
    const bytes = new Uint8Array(readFileSync(path));
    for (let o = 4096; o + 65536 <= bytes.length; o += 65536) if (bytes[o] === 0x45) chunks.push(bytes.subarray(o, o + 65536));
  }
  const file = buildFile({ chunks: Array.from({ length: 40 }, (_, i) => chunks[i % chunks.length]) });
  const single = await readWith(readEvtx, file);
  const pooled = await readWith(readEvtxParallel, file);
  assert.ok(single.records.length > 1000);
  assert.deepEqual(pooled.problems, single.problems);
  assert.deepEqual(pooled.records, single.records);
});
