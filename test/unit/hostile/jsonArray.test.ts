// Regression tests for the JSON array scanner bug the fuzzer found: one damaged element
// (a stray quote, a lost closing brace, a brace that closes nothing) used to swallow every
// element after it. Each damaged element is now rejected by offset and the rest loads.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readJson } from '../../../src/core/ingest/formats/json';
import { readChecked } from '../fuzz/harness';

const nx = (n: number) => JSON.stringify({ EventID: 4624, SourceName: 'Microsoft-Windows-Security-Auditing', Channel: 'Security', Hostname: 'WS1', RecordNumber: n, EventTime: '2020-09-20 12:16:56' });
const ids = (records: { event: { record_id?: unknown } }[]) => records.map((r) => r.event.record_id);

for (const [what, damaged] of [
  ['a stray quote', `{"EventID":"4624,"b"c}`],
  ['a lost closing brace', `{"EventID":4624,"x":{"y":1}`],
  ['a brace that closes nothing', `{"EventID":4624}}`],
] as const) {
  for (const pretty of [false, true]) {
    test(`${what} in one ${pretty ? 'pretty-printed ' : ''}array element costs only that element`, async () => {
      const element = (n: number) => (pretty ? JSON.stringify(JSON.parse(nx(n)), null, 2) : nx(n));
      const text = `[\n${element(1)},\n${damaged},\n${element(3)},\n${element(4)}\n]\n`;
      for (const piece of [5, 65536]) {
        const { records, rejections } = await readChecked(readJson, Buffer.from(text), piece);
        assert.deepEqual(ids(records), [1, 3, 4], JSON.stringify(rejections));
        assert.ok(rejections.some((r) => r.offset === text.indexOf(damaged)), JSON.stringify(rejections));
      }
    });
  }
}

test('a cut-off last element is still one rejection', async () => {
  const text = `[${nx(1)},\n${nx(2)},\n{"EventID":46`;
  const { records, rejections } = await readChecked(readJson, Buffer.from(text));
  assert.deepEqual(ids(records), [1, 2]);
  assert.deepEqual(rejections.map((r) => [r.offset, r.reason]), [[text.lastIndexOf('{'), 'array truncated: the last element is incomplete']]);
});
