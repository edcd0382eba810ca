// The three properties every text format's fuzzer checks, given how to write a valid record
// that carries a number and how to read that number back from the loaded event:
//   1. valid records around one corrupted record all load, and the corrupted one is either
//      loaded or rejected naming its line (or offset, for formats without lines);
//   2. any byte-level mutation of a valid source (flips, inserted bytes, cuts, NUL runs,
//      invalid UTF-8) keeps the reader's invariants (harness.readChecked);
//   3. arbitrary bytes do too.
// Each property has a fixed seed and a bounded case count, and each input a time bound.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import type { FormatReader, LoadedRecord } from '../../../src/core/types/records';
import { corruptLine, corruption, Figures, fuzzOptions, readChecked, reasonsOf } from './harness';

export interface TextFormatSpec {
  /** Name in the test titles and figures. */
  readonly name: string;
  readonly reader: FormatReader;
  /** Lines before the first record. */
  readonly header: readonly string[];
  /** A valid record carrying `n` (1-based), on one line. */
  row(n: number): string;
  /** What surrounds a record on its line (an array's comma); corruption stays inside the record. */
  wrap?(record: string): string;
  /** Lines after the last record (a closing tag, Zeek's #close). */
  readonly footer?: readonly string[];
  /** Records the header and footer hold themselves (an array's last element). */
  readonly extraRecords?: number;
  /** The number a loaded record carries, read back from its event. */
  numberOf(record: LoadedRecord): number | undefined;
  /**
   * Whether what is left of a corrupted record is still a record the reader must load or
   * report (default: any non-blank line). EVTX-XML only sees text that starts an <Event>.
   */
  isRecord?(text: string): boolean;
  /** Whether rejections of this format name lines (else offsets). */
  readonly rejectsByLine: boolean;
  /** Cases per property in the default suite. */
  readonly runs?: number;
}

/** A text source of `count` records, and the 1-based line each record's text starts on. */
export function textSource(spec: TextFormatSpec, count: number, replace?: { index: number; text: (row: string) => string }): { text: string; lineOf: (n: number) => number } {
  const wrap = spec.wrap ?? ((record: string) => record);
  const rows = Array.from({ length: count }, (_, i) => wrap(replace?.index === i ? replace.text(spec.row(i + 1)) : spec.row(i + 1)));
  const text = [...spec.header, ...rows, ...(spec.footer ?? [])].join('\n') + '\n';
  return { text, lineOf: (n) => spec.header.length + n };
}

/** A byte-level mutation of a source: what a damaged disk, a cut transfer or an attacker does. */
const mutation = fc.oneof(
  fc.record({ kind: fc.constant('flip' as const), at: fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), bits: fc.integer({ min: 1, max: 255 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.uint8Array({ minLength: 1, maxLength: 24 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), bytes: fc.constantFrom(
    new Uint8Array([0xc3]), new Uint8Array([0xed, 0xa0, 0x80]), new Uint8Array([0xff, 0xfe]), new Uint8Array(16), new Uint8Array([0x22, 0x0a, 0x22])) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 40 }) }),
);
type Mutation = typeof mutation extends fc.Arbitrary<infer M> ? M : never;

export function mutate(bytes: Uint8Array, m: Mutation): Uint8Array {
  const at = Math.floor(m.at * bytes.length);
  const b = Buffer.from(bytes);
  switch (m.kind) {
    case 'flip':
      if (b.length > 0) b[at] ^= m.bits;
      return b;
    case 'insert':
      return Buffer.concat([b.subarray(0, at), m.bytes, b.subarray(at)]);
    case 'cut':
      return b.subarray(0, at);
    case 'delete':
      return Buffer.concat([b.subarray(0, at), b.subarray(at + m.length)]);
  }
}

export const mutations = fc.array(mutation, { minLength: 1, maxLength: 4 });
export const pieceSize = fc.oneof(fc.integer({ min: 1, max: 64 }), fc.constant(65536));

/** Registers the three properties of one text format, and prints its figures when done. */
export function fuzzTextFormat(spec: TextFormatSpec): void {
  const figures = new Figures(spec.name);
  const runs = spec.runs ?? 60;

  test(`${spec.name}: valid records around a corrupted one all load; the corrupted one is loaded or rejected by ${spec.rejectsByLine ? 'line' : 'offset'}`, async () => {
    await fc.assert(fc.asyncProperty(
      fc.integer({ min: 2, max: 12 }).chain((count) => fc.tuple(fc.constant(count), fc.integer({ min: 0, max: count - 1 }))),
      corruption,
      fc.double({ min: 0, max: 1, noNaN: true }),
      pieceSize,
      async ([count, bad], damage, at, piece) => {
        let corrupted = '';
        const { text, lineOf } = textSource(spec, count, { index: bad, text: (row) => (corrupted = corruptLine(row, damage, at)) });
        const bytes = Buffer.from(text);
        const outcome = await figures.guard(() => readChecked(spec.reader, bytes, piece));
        figures.count(reasonsOf(outcome));
        const loaded = new Set(outcome.records.map(spec.numberOf));
        const lost = Array.from({ length: count }, (_, i) => i + 1).filter((n) => n !== bad + 1 && !loaded.has(n));
        assert.deepEqual(lost, [], `valid records lost around the corruption of record ${bad + 1}: ${JSON.stringify(outcome.rejections)}`);
        const badLine = lineOf(bad + 1);
        const badOffset = Buffer.byteLength(text.split('\n').slice(0, badLine - 1).join('\n')) + (badLine > 1 ? 1 : 0);
        const reported = outcome.rejections.some((r) => (spec.rejectsByLine ? r.line === badLine : r.offset !== undefined && r.offset >= badOffset - 1));
        const corruptedLoaded = outcome.records.length - (count - 1) > (spec.extraRecords ?? 0);
        // A record cut down to blanks is no record at all: nothing to load or report.
        const stillRecord = spec.isRecord?.(corrupted) ?? corrupted.trim() !== '';
        assert.ok(corruptedLoaded || reported || !stillRecord,
          `record ${bad + 1} was neither loaded nor rejected at ${spec.rejectsByLine ? `line ${badLine}` : `offset >= ${badOffset}`}: ${JSON.stringify(outcome.rejections)} ${JSON.stringify(outcome.warnings)}`);
      },
    ), fuzzOptions(runs));
  });

  test(`${spec.name}: byte-level mutations of a valid source never crash, hang or point outside it`, async () => {
    await fc.assert(fc.asyncProperty(fc.integer({ min: 1, max: 10 }), mutations, pieceSize, async (count, changes, piece) => {
      const bytes = changes.reduce(mutate, Buffer.from(textSource(spec, count).text) as Uint8Array);
      figures.count(reasonsOf(await figures.guard(() => readChecked(spec.reader, bytes, piece))));
    }), fuzzOptions(runs));
  });

  test(`${spec.name}: arbitrary bytes never crash, hang or point outside the source`, async (t: TestContext) => {
    try {
      await fc.assert(fc.asyncProperty(fc.uint8Array({ maxLength: 600 }), pieceSize, async (bytes, piece) => {
        figures.count(reasonsOf(await figures.guard(() => readChecked(spec.reader, bytes, piece))));
      }), fuzzOptions(runs));
    } finally {
      figures.report(t);
    }
  });
}
