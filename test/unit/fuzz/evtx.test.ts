// Fuzzing the binary EVTX reader with files built by the EVTX tests' builder: damage inside
// one record (checksums resealed or not, so the decoder itself meets the damage), template
// offsets pointed anywhere in the chunk (self-referencing and looping templates included),
// and byte mutations anywhere in the file headers and records. Every other record must load;
// nothing may throw, hang or point outside the file.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { readEvtx } from '../../../src/core/ingest/evtx';
import { buildChunk, buildFile, el, sealChunk, sub, text, v, type RecordSpec } from '../ingest/evtx/builder';
import { eventTemplate, FIRST_DATA_SUB, systemValues } from '../ingest/evtx/events';
import { Figures, fuzzOptions, readChecked, reasonsOf } from './harness';
import { mutate, mutations, pieceSize } from './lineFormat';

const TEMPLATE = eventTemplate(1, el('EventData', undefined, el('Data', { Name: [text('N')] }, sub(FIRST_DATA_SUB, 0x08))));
const records = (count: number): RecordSpec[] =>
  Array.from({ length: count }, (_, i) => ({ id: i + 1, template: TEMPLATE, values: [...systemValues(i + 1), v.uint32(i + 1)] }));
/** Chunk-relative offset of a record's template-definition offset (after header, fragment header, token, version, id). */
const TEMPLATE_OFFSET_AT = 24 + 4 + 2 + 4;
const CHUNK_AT = 4096;

const figures = new Figures('evtx');

function built(count: number) {
  const chunk = buildChunk({ records: records(count) });
  const used = new DataView(chunk.bytes.buffer).getUint32(48, true);
  return { chunk, used };
}

const ids = (outcome: Awaited<ReturnType<typeof readChecked>>) => new Set(outcome.records.map((r) => r.pointer.evtx?.recordId));

test('evtx: damage inside one record costs at most that record', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 3, max: 16 }).chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: 1, max: count - 1 }))),
    fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 6 }),
    fc.boolean(),
    pieceSize,
    async ([count, bad], writes, reseal, piece) => {
      const { chunk, used } = built(count);
      const start = chunk.offsets[bad]!;
      const end = chunk.offsets[bad + 1] ?? used;
      for (const [at, value] of writes) chunk.bytes[start + Math.floor(at * (end - start))] = value;
      if (reseal) sealChunk(chunk.bytes);
      const outcome = await figures.guard(() => readChecked(readEvtx, buildFile({ chunks: [chunk.bytes] }), piece));
      figures.count(reasonsOf(outcome));
      const got = ids(outcome);
      const lost = Array.from({ length: count }, (_, i) => i + 1).filter((id) => id !== bad + 1 && !got.has(id));
      assert.deepEqual(lost, [], JSON.stringify([outcome.rejections, outcome.warnings]));
    },
  ), fuzzOptions(50));
});

test('evtx: a template offset pointing anywhere (itself, a loop, garbage) costs at most that record', async () => {
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 3, max: 10 }).chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: 1, max: count - 1 }))),
    fc.oneof(fc.integer({ min: 0, max: 65535 }), fc.constantFrom('self', 'record')),
    fc.option(fc.integer({ min: 0, max: 70000 })),
    async ([count, bad], target, size) => {
      const { chunk } = built(count);
      const start = chunk.offsets[bad]!;
      const view = new DataView(chunk.bytes.buffer);
      // 'record': the definition is read from the record's own start, so its body is this very
      // instance again (a template that instantiates itself); 'self': the offset field itself.
      const offset = target === 'self' ? start + TEMPLATE_OFFSET_AT : target === 'record' ? start : target;
      view.setUint32(start + TEMPLATE_OFFSET_AT, offset, true);
      if (size !== null && offset + 24 <= 65536) view.setUint32(offset + 20, size, true);
      sealChunk(chunk.bytes);
      const outcome = await figures.guard(() => readChecked(readEvtx, buildFile({ chunks: [chunk.bytes] })));
      figures.count(reasonsOf(outcome));
      const got = ids(outcome);
      // The size write may land in another record (the target is anywhere): only records it spared must load.
      const hit = (id: number) => {
        const from = chunk.offsets[id - 1]!;
        const to = chunk.offsets[id] ?? 65536;
        return id === bad + 1 || (size !== null && offset + 24 > from && offset + 20 < to);
      };
      // Record 1 holds the template definition every record uses: a write there may cost them all.
      const lost = hit(1) ? [] : Array.from({ length: count }, (_, i) => i + 1).filter((id) => !hit(id) && !got.has(id));
      assert.deepEqual(lost, [], JSON.stringify([outcome.rejections, outcome.warnings]));
    },
  ), fuzzOptions(50));
});

test('evtx: byte mutations in headers and records never crash, hang or point outside the file', async (t: TestContext) => {
  try {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 12 }), mutations, pieceSize, async (count, changes, piece) => {
      const { chunk, used } = built(count);
      const file = buildFile({ chunks: [chunk.bytes] });
      // Mutate the bytes in use (file header, chunk header, records), not the zero padding.
      const live = Buffer.concat([file.subarray(0, 128), file.subarray(CHUNK_AT, CHUNK_AT + used)]);
      const damaged = changes.reduce(mutate, live as Uint8Array);
      const rebuilt = Buffer.alloc(Math.max(file.length, damaged.length + CHUNK_AT - 128));
      rebuilt.set(damaged.subarray(0, 128), 0);
      rebuilt.set(damaged.subarray(128), CHUNK_AT);
      figures.count(reasonsOf(await figures.guard(() => readChecked(readEvtx, rebuilt, piece))));
    }), fuzzOptions(50));
  } finally {
    figures.report(t);
  }
});
