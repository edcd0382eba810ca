// Properties over random input and random chunking: the line splitter's pointers always
// slice the source back to each line, and CSV records round-trip through quoting
// (commas, quotes, newlines inside fields) with pointers that cover the raw record.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import Papa from 'papaparse';
import { eachLine, textLines } from '../../../../src/core/ingest/formats/lines';
import { csvRecords } from '../../../../src/core/ingest/formats/csvRecords';
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
      const { batches } = await textLines(chunks(bytes, chunkSize), quiet);
      const got = await collectAll(eachLine(batches));
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
      const { batches } = await textLines(chunks(bytes, chunkSize), quiet);
      const records = (await collectAll(csvRecords(eachLine(batches), quiet))).slice(1);
      assert.deepEqual(records.map((r) => r.fields), rows);
      for (const [i, record] of records.entries()) {
        assert.equal(bytes.toString('utf8', record.offset, record.offset + record.length), unparse(rows[i]!));
      }
    },
  ), { numRuns: 150 });
});

test('readers never throw: damaged fixtures give records and rejections, nothing else', async () => {
  const { readerFor } = await import('../../../../src/core/ingest/formats');
  const { readFileSync } = await import('node:fs');
  const { join } = await import('node:path');
  const { FIXTURES } = await import('./helpers');
  const cases = [['events.xml', 'evtx-xml'], ['wevtutil-stream.xml', 'evtx-xml'], ['splunk.csv', 'csv'], ['eventviewer.csv', 'csv'],
    ['export-csv.csv', 'csv'], ['conn.log', 'zeek-tsv'], ['pfirewall.log', 'pfirewall']] as const;
  await fc.assert(fc.asyncProperty(
    fc.constantFrom(...cases),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 12 }),
    fc.integer({ min: 0, max: 1 }),
    fc.integer({ min: 1, max: 50 }),
    async ([name, format], flips, cut, chunkSize) => {
      const bytes = Buffer.from(readFileSync(join(FIXTURES, name)));
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      const damaged = cut ? bytes.subarray(0, bytes.length - (flips[0]![0] % bytes.length)) : bytes;
      let count = 0;
      for await (const records of readerFor(format)!(chunks(damaged, chunkSize), quiet)) {
        for (const record of records) assert.ok(record.pointer.offset >= 0 && record.pointer.offset + record.pointer.length <= damaged.length);
        count += records.length;
      }
      assert.ok(count >= 0);
    },
  ), { numRuns: 200 });
});

test('damaged archives never throw: openSources reports and yields what it can', async () => {
  const { mkdtempSync, writeFileSync } = await import('node:fs');
  const { tmpdir } = await import('node:os');
  const { join } = await import('node:path');
  const { openSources } = await import('../../../../src/core/raw/sources');
  const { zip, tar, gzip, ndjson } = await import('./helpers');
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-fuzz-'));
  const members = [{ name: 'a.json', data: ndjson(40, 'a') }, { name: 'b.json', data: ndjson(3, 'b') }];
  const archives = [zip(members), gzip(await tar(members)), await tar(members), gzip(ndjson(50, 'g')), zip([{ name: 'in.tgz', data: gzip(await tar(members)) }])];
  let run = 0;
  await fc.assert(fc.asyncProperty(
    fc.integer({ min: 0, max: archives.length - 1 }),
    fc.array(fc.tuple(fc.nat(), fc.integer({ min: 0, max: 255 })), { maxLength: 6 }),
    fc.nat(),
    async (which, flips, cut) => {
      const bytes = Buffer.from(archives[which]!);
      for (const [at, value] of flips) bytes[at % bytes.length] = value;
      const path = join(dir, `fuzz-${run++}.bin`);
      writeFileSync(path, bytes.subarray(0, bytes.length - (cut % Math.max(1, bytes.length >> 1))));
      for await (const entry of openSources(path, { warn: () => undefined })) {
        for await (const _chunk of entry.open()) {
          // read everything
        }
      }
    },
  ), { numRuns: 200 });
});
