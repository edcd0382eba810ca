// Properties over random input and random chunking: the line splitter's pointers always
// slice the source back to each line, and CSV records round-trip through quoting
// (commas, quotes, newlines inside fields) with pointers that cover the raw record.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Papa from 'papaparse';
import { textLines } from '../../../src/core/ingest/formats/lines';
import { csvRecords } from '../../../src/core/ingest/formats/csvRecords';
import { chunks } from './helpers';

const quiet = { sourceName: 's', reject: () => undefined, warn: () => undefined };

async function collectAll<T>(items: AsyncIterable<T>): Promise<T[]> {
  const out: T[] = [];
  for await (const item of items) out.push(item);
  return out;
}

test('line pointers slice the source back to each line (UTF-8 and UTF-16LE, any chunking)', async () => {
  await fc.assert(fc.asyncProperty(
    fc.array(fc.string({ unit: 'grapheme', maxLength: 20 }).map((s) => s.replace(/[\r\n]/g, '')), { minLength: 1, maxLength: 8 }),
    fc.constantFrom('\n', '\r\n'),
    fc.boolean(),
    fc.integer({ min: 1, max: 17 }),
    async (lines, eol, wide, chunkSize) => {
      const text = lines.join(eol);
      const bytes = wide ? Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]) : Buffer.from(text);
      const { lines: split } = await textLines(chunks(bytes, chunkSize), quiet);
      const got = await collectAll(split);
      // A final line terminator ends the last line; it does not start an empty one.
      const expected = lines.at(-1) === '' ? lines.slice(0, -1) : lines;
      assert.deepEqual(got.map((l) => l.text), expected);
      for (const line of got) {
        assert.equal(bytes.toString(wide ? 'utf16le' : 'utf8', line.offset, line.offset + line.length), line.text);
      }
    },
  ), { numRuns: 150 });
});

test('CSV records round-trip quoted commas, quotes and newlines, pointers covering the raw record', async () => {
  const field = fc.string({ maxLength: 12 }).map((s) => s.replace(/\r/g, ''));
  await fc.assert(fc.asyncProperty(
    fc.array(fc.tuple(field, field, field), { minLength: 1, maxLength: 6 }),
    fc.integer({ min: 1, max: 23 }),
    fc.boolean(),
    async (rows, chunkSize, quotes) => {
      const unparse = (row: readonly string[]) => Papa.unparse([row as string[]], { quotes, newline: '\n' });
      const body = rows.map(unparse).join('\n');
      const bytes = Buffer.from(`a,b,c\n${body}\n`);
      const { lines } = await textLines(chunks(bytes, chunkSize), quiet);
      const records = (await collectAll(csvRecords(lines, quiet))).slice(1);
      assert.deepEqual(records.map((r) => r.fields), rows);
      for (const [i, record] of records.entries()) {
        assert.equal(bytes.toString('utf8', record.offset, record.offset + record.length), unparse(rows[i]!));
      }
    },
  ), { numRuns: 150 });
});
