// One name repeated many times in a header: CSV column names. Numbering the repeats counted up
// from 2 for each one, so n repeats cost n²/2 steps: a CSV header repeating one name 20,000
// times took 17 s to load (100,000: minutes), and the warning named every repeat.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readCsv } from '../../../src/core/ingest/formats/csv';
import { uniqueColumnNames } from '../../../src/core/raw/field';
import { read } from '../ingest/formats/helpers';

const REPEATS = 20_000;
/** Linear work on these inputs takes well under a second; the quadratic one took 17 s and more. */
const BOUND_MS = 5_000;

test('CSV: a header repeating one name 20,000 times loads in linear time; the warning names five repeats and counts the rest', async () => {
  const header = `TimeCreated,Id,MachineName,${Array(REPEATS).fill('a').join(',')}`;
  const row = (i: number) => `2024-05-06T07:08:0${i}Z,4688,WS1,${Array(REPEATS).fill('x').join(',')}`;
  const started = Date.now();
  const { records, rejections, warnings } = await read(readCsv, Buffer.from([header, row(0), row(1)].join('\n')));
  const elapsed = Date.now() - started;
  assert.deepEqual(rejections, []);
  assert.equal(records.length, 2);
  const repeats = 'a (column 5, read as a2), a (column 6, read as a3), a (column 7, read as a4), a (column 8, read as a5), a (column 9, read as a6)';
  assert.ok(warnings.includes(`CSV header repeats column name(s): ${repeats} and ${REPEATS - 6} more; the first column of a name keeps it`), JSON.stringify(warnings).slice(0, 2000));
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('uniqueColumnNames (Zeek and firewall raw lookups too): 20,000 repeats in linear time, numbered past the names the header has', () => {
  const started = Date.now();
  const names = uniqueColumnNames(['a', 'A2', ...Array(REPEATS).fill('a'), 'b']);
  const elapsed = Date.now() - started;
  assert.deepEqual(names.slice(0, 5), ['a', 'A2', 'a3', 'a4', 'a5']);
  assert.deepEqual(names.slice(-2), [`a${REPEATS + 2}`, 'b']);
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});
