// Records whose templates and nested BinXML values repeat one another, so that a few hundred
// bytes expand exponentially (walk.ts bounds each record's nodes and expanded bytes): that
// record alone is rejected, by offset, in every walk (decoding inline and on the worker pool,
// rendering the raw XML), and the records around it load.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readEvtx, readEvtxParallel, renderEvtxRecordXml } from '../../../../src/core/ingest/evtx/index';
import { buildChunk, buildFile, el, sub, text, v, type RecordSpec, type SubstitutionValue } from './builder';
import { FIRST_DATA_SUB, eventTemplate, nestedTemplateBomb, readAll, readWith, systemValues } from './events';

const NORMAL = eventTemplate(1, el('EventData', undefined, el('Data', { Name: [text('N')] }, sub(FIRST_DATA_SUB, 0x08))));
const BOMBING = eventTemplate(2, el('EventData', undefined, sub(FIRST_DATA_SUB, 0x21)));
const normal = (id: number): RecordSpec => ({ id, template: NORMAL, values: [...systemValues(id), v.uint32(id)] });
const bombing = (id: number, bomb: SubstitutionValue): RecordSpec => ({ id, template: BOMBING, values: [...systemValues(id), bomb] });

// 8^7 X elements: past the node bound, yet small enough that the unbounded walk finished (and kept the record).
const NODE_BOMB = nestedTemplateBomb(8, 7);
// 8^4 copies of a 4,000-byte string: past the byte bound with a few thousand nodes.
const BYTE_BOMB = nestedTemplateBomb(8, 4, v.string('x'.repeat(2000)));
const TOO_MANY_NODES = /expands past 25,000 BinXML nodes \(its templates and nested BinXML values repeat one another\)$/;
const TOO_MANY_BYTES = /expands past 2 MiB of BinXML names, text and values \(its templates and nested BinXML values repeat one another\)$/;

test('a record that expands past the node bound is rejected by offset; the records around it load', async () => {
  const chunk = buildChunk({ records: [normal(1), bombing(2, NODE_BOMB), normal(3)] });
  const result = await readAll(buildFile({ chunks: [chunk.bytes] }));
  assert.deepEqual(result.records.map((r) => r.recordId), [1, 3]);
  const at = 4096 + chunk.offsets[1];
  assert.deepEqual(result.rejects.map((r) => r.offset), [at]);
  assert.match(result.rejects[0].reason, new RegExp(`^chunk 0 \\(file offset 4096\\), record at file offset ${at}: record 2: ${TOO_MANY_NODES.source}`));
  assert.deepEqual(result.warnings, []);
});

test('a record that expands past the byte bound is rejected by offset; the records around it load', async () => {
  const chunk = buildChunk({ records: [normal(1), bombing(2, BYTE_BOMB), normal(3)] });
  const result = await readAll(buildFile({ chunks: [chunk.bytes] }));
  assert.deepEqual(result.records.map((r) => r.recordId), [1, 3]);
  assert.deepEqual(result.rejects.map((r) => r.offset), [4096 + chunk.offsets[1]]);
  assert.match(result.rejects[0].reason, TOO_MANY_BYTES);
});

test('on the worker pool the bomb is rejected as on one thread', async () => {
  // The pool decodes on workers only after its first 16 chunks: the bombs are in the last ones.
  const chunks = Array.from({ length: 20 }, (_, c) => {
    const id = c * 3 + 1;
    const middle = c < 18 ? normal(id + 1) : bombing(id + 1, c === 18 ? NODE_BOMB : BYTE_BOMB);
    return buildChunk({ records: [normal(id), middle, normal(id + 2)] }).bytes;
  });
  const file = buildFile({ chunks, nextRecordId: 61 });
  const saved = process.env.HUNTBENCH_EVTX_WORKERS;
  process.env.HUNTBENCH_EVTX_WORKERS = '1';
  try {
    const single = await readWith(readEvtx, file);
    const pooled = await readWith(readEvtxParallel, file);
    assert.equal(pooled.records.length, 58);
    assert.deepEqual(pooled.records, single.records);
    assert.deepEqual(pooled.problems, single.problems);
    assert.equal(pooled.problems.length, 2);
    assert.match(pooled.problems[0], new RegExp(`^chunk 18 .*: record 56: ${TOO_MANY_NODES.source}`));
    assert.match(pooled.problems[1], new RegExp(`^chunk 19 .*: record 59: ${TOO_MANY_BYTES.source}`));
  } finally {
    if (saved === undefined) delete process.env.HUNTBENCH_EVTX_WORKERS;
    else process.env.HUNTBENCH_EVTX_WORKERS = saved;
  }
});

test('rendering such a record as raw XML refuses, naming the record and its offset', () => {
  for (const [bomb, reason] of [[NODE_BOMB, TOO_MANY_NODES], [BYTE_BOMB, TOO_MANY_BYTES]] as const) {
    const chunk = buildChunk({ records: [normal(1), bombing(2, bomb)] });
    const file = buildFile({ chunks: [chunk.bytes] });
    const at = 4096 + chunk.offsets[1];
    assert.throws(() => renderEvtxRecordXml(file, { offset: at, length: 0, evtx: { chunk: 0, recordId: 2 } }), { message: new RegExp(`^record 2 at offset ${at}: ${reason.source}`) });
    assert.match(renderEvtxRecordXml(file, { offset: 4096 + chunk.offsets[0], length: 0, evtx: { chunk: 0, recordId: 1 } }), /<Data Name="N">1<\/Data>/);
  }
});
