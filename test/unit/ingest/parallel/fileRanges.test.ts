// A file cut into byte ranges, each cut into lines on its own (what a parse worker does): every
// line is read by exactly one range, with its number and offset, whatever the range size, the
// line ends ("\n", "\r\n", lone "\r", one split across a range end), a byte-order mark or lines
// longer than the limit.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, mkdtempSync, openSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileRanges, RangeReader } from '../../../../src/core/ingest/parallel/fileRanges';

interface Line { line: number; offset: number; text: string }

/** The lines as the sequential reader numbers them: every line end counts, blank lines too. */
function expectedLines(bytes: Buffer, skip: number, maxLineBytes: number): { kept: Line[]; tooLong: Line[] } {
  const kept: Line[] = [];
  const tooLong: Line[] = [];
  const text = bytes.toString('latin1');
  const pattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
  pattern.lastIndex = skip;
  for (let line = 1, match = pattern.exec(text); match && match.index < text.length; line++, match = pattern.exec(text)) {
    const entry = { line, offset: match.index, text: match[1]! };
    (Buffer.byteLength(entry.text, 'latin1') > maxLineBytes ? tooLong : kept).push(entry);
    if (match[2] === '') break;
  }
  return { kept, tooLong };
}

/** The lines as the ranges give them, numbered as the writer numbers them (each range's count added up). */
function rangeLines(path: string, size: number, rangeBytes: number, skip: number, maxLineBytes: number): { kept: Line[]; tooLong: Line[] } {
  const kept: Line[] = [];
  const tooLong: Line[] = [];
  const fd = openSync(path, 'r');
  try {
    const reader = new RangeReader(fd, size, skip, maxLineBytes);
    let base = 1;
    for (const range of fileRanges(size, rangeBytes)) {
      const got = reader.read(range);
      const text = got.bytes.toString('latin1');
      const pattern = /([^\r\n]*)(\r\n|\n|\r|$)/g;
      let index = 0;
      for (let match = pattern.exec(text); match && match.index < text.length; match = pattern.exec(text)) {
        kept.push({ line: base + index++, offset: got.offset + match.index, text: match[1]! });
        if (match[2] === '') break;
      }
      if (got.tooLong) tooLong.push({ line: base + got.tooLong.line, offset: got.tooLong.offset, text: '' });
      assert.ok(index + (got.tooLong ? 1 : 0) <= got.lineCount, 'no more lines given than counted');
      base += got.lineCount;
    }
  } finally {
    closeSync(fd);
  }
  return { kept, tooLong };
}

const PIECES = ['{"a":1}', 'é', '\n', '\r', '\r\n', '\n\n', 'xxxxxxxxxxxx', ' '];

function randomText(random: () => number, pieces: number): string {
  let text = '';
  for (let i = 0; i < pieces; i++) text += PIECES[Math.floor(random() * PIECES.length)];
  return text;
}

/** A small deterministic generator, so a failure names its seed. */
function generator(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state * 1103515245 + 12345) % 2147483648;
    return state / 2147483648;
  };
}

test('every line is read by one range, numbered and placed as the whole file numbers it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-ranges-'));
  try {
    for (let seed = 1; seed <= 60; seed++) {
      const random = generator(seed);
      const bom = seed % 3 === 0;
      const bytes = Buffer.concat([bom ? Buffer.from([0xef, 0xbb, 0xbf]) : Buffer.alloc(0), Buffer.from(randomText(random, 5 + (seed % 40)))]);
      const path = join(dir, `${seed}.ndjson`);
      writeFileSync(path, bytes);
      const skip = bom ? 3 : 0;
      const maxLineBytes = seed % 2 === 0 ? 1000 : 14;
      const expected = expectedLines(bytes, skip, maxLineBytes);
      for (const rangeBytes of [1, 2, 3, 4, 5, 7, 11, 16, 64, 4096].filter((n) => n <= maxLineBytes)) {
        const got = rangeLines(path, bytes.length, rangeBytes, skip, maxLineBytes);
        const where = `seed ${seed}, ranges of ${rangeBytes} bytes, text ${JSON.stringify(bytes.toString('latin1'))}`;
        assert.deepEqual(got.kept, expected.kept, where);
        assert.deepEqual(got.tooLong.map((l) => [l.line, l.offset]), expected.tooLong.map((l) => [l.line, l.offset]), where);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a line longer than the limit is read no further than the limit, and the next range starts after it', () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-ranges-'));
  try {
    const long = 'y'.repeat(300_000);
    const bytes = Buffer.from(`{"a":1}\n${long}\r\n{"b":2}\n`);
    const path = join(dir, 'long.ndjson');
    writeFileSync(path, bytes);
    const got = rangeLines(path, bytes.length, 65_536, 0, 100_000);
    assert.deepEqual(got.kept.map((l) => [l.line, l.text]), [[1, '{"a":1}'], [3, '{"b":2}']]);
    assert.deepEqual(got.tooLong.map((l) => [l.line, l.offset]), [[2, 8]]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
