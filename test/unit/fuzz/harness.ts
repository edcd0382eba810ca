// The fuzzing harness shared by every parser's fuzzer in this folder: a fixed seed and a
// bounded number of cases per property (HUNTBENCH_FUZZ_RUNS raises it, `npm run fuzz`), a
// time bound per input, the invariants every reader must keep on any bytes (no exception,
// every rejection names a line or offset, every pointer lies inside the source), and the
// figures each fuzzer prints: cases run, inputs rejected with a reason, crashes.

import type { TestContext } from 'node:test';
import fc from 'fast-check';
import type { FormatReader, LoadedRecord, Rejection } from '../../../src/core/types/records';

export const SEED = Number(process.env.HUNTBENCH_FUZZ_SEED ?? 20261122);
/** Wall-clock bound for one input; a parser slower than this on a small input counts as a hang. */
export const CASE_MS = Number(process.env.HUNTBENCH_FUZZ_CASE_MS ?? 5000);

/** Cases per property in `npm run fuzz` (npm names the script it runs in npm_lifecycle_event). */
const LONG_RUN_CASES = 2000;

/** Cases per property: `normal` in `npm test`; HUNTBENCH_FUZZ_RUNS when set, else LONG_RUN_CASES under `npm run fuzz`. */
export function runs(normal: number): number {
  const asked = Number(process.env.HUNTBENCH_FUZZ_RUNS);
  if (asked > 0) return asked;
  return process.env.npm_lifecycle_event === 'fuzz' ? LONG_RUN_CASES : normal;
}

export function fuzzOptions(numRuns: number): fc.Parameters<unknown> {
  return { seed: SEED, numRuns: runs(numRuns), endOnFailure: true };
}

/** Counts over all the cases of one parser's fuzzer, printed when the file's tests end. */
export class Figures {
  cases = 0;
  rejectedInputs = 0;
  crashes = 0;
  private readonly reasons = new Map<string, number>();

  constructor(readonly parser: string) {}

  /** One input done: it was rejected with a reason when any record or the source drew one. */
  count(reasons: readonly string[]): void {
    this.cases++;
    if (reasons.length === 0) return;
    this.rejectedInputs++;
    for (const reason of new Set(reasons.map(reasonKind))) this.reasons.set(reason, (this.reasons.get(reason) ?? 0) + 1);
  }

  /** Runs one case, counting a throw (or a hang) as a crash before passing it on. */
  async guard<T>(work: () => Promise<T>): Promise<T> {
    try {
      return await withinTime(work(), CASE_MS);
    } catch (error) {
      this.crashes++;
      throw error;
    }
  }

  summary(): string {
    const top = [...this.reasons].sort((a, b) => b[1] - a[1]).slice(0, 4).map(([r, n]) => `${n}x "${r}"`).join(', ');
    return `fuzz ${this.parser} (seed ${SEED}): ${this.cases} cases, ${this.rejectedInputs} inputs rejected with a reason, ${this.crashes} crashes${top ? `; most common: ${top}` : ''}`;
  }

  /** Prints the figures in the test report and on stdout (for `npm run fuzz` logs). */
  report(t: TestContext): void {
    t.diagnostic(this.summary());
    console.log(this.summary());
  }
}

/** The stable head of a reason, without the numbers and quoted text that vary per input. */
function reasonKind(reason: string): string {
  return reason.replace(/"[^"]*"|'[^']*'/g, '…').replace(/\d+/g, 'N').split(/[:;(]/)[0]!.trim().slice(0, 60);
}

export async function withinTime<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no result within ${ms} ms (hang)`)), ms);
  });
  try {
    return await Promise.race([work, timeout]);
  } finally {
    clearTimeout(timer);
  }
}

export interface ReadOutcome {
  readonly records: LoadedRecord[];
  readonly rejections: Rejection[];
  readonly warnings: string[];
}

async function* pieces(bytes: Uint8Array, size: number): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += size) yield bytes.subarray(i, i + size);
}

/**
 * Reads `bytes` (in pieces of `pieceSize`, to cross every buffer boundary) and checks what
 * any reader owes any input: rejections name a line or an offset and say why, and pointers
 * designate bytes of the source.
 */
export async function readChecked(reader: FormatReader, bytes: Uint8Array, pieceSize = 4096): Promise<ReadOutcome> {
  const outcome: ReadOutcome = { records: [], rejections: [], warnings: [] };
  const context = {
    sourceName: 'fuzz-source',
    reject: (r: Rejection) => outcome.rejections.push(r),
    warn: (m: string) => outcome.warnings.push(m),
    dialect: () => undefined,
  };
  for await (const records of reader(pieces(bytes, Math.max(1, pieceSize)), context)) outcome.records.push(...records);
  for (const r of outcome.rejections) {
    if (typeof r.reason !== 'string' || r.reason.trim() === '') throw new Error(`rejection without a reason: ${JSON.stringify(r)}`);
    if (r.line === undefined && r.offset === undefined) throw new Error(`rejection names no line or offset: ${r.reason}`);
  }
  for (const { pointer } of outcome.records) {
    if (!(pointer.offset >= 0 && pointer.length >= 0 && pointer.offset + pointer.length <= bytes.length)) {
      throw new Error(`pointer outside the source (${bytes.length} bytes): ${JSON.stringify(pointer)}`);
    }
  }
  return outcome;
}

/** What an outcome was rejected for, as the figures count it. */
export function reasonsOf(outcome: ReadOutcome): string[] {
  return [...outcome.rejections.map((r) => r.reason), ...outcome.warnings];
}

/** Hostile fragments to splice into otherwise valid text. */
export const HOSTILE_TEXT = [
  '\0\0\0\0',
  '\uD800',
  '\uDFFF\uD800',
  '"',
  '""""""""""""""""',
  '"a,"b"c',
  '{"a":' + '['.repeat(5000),
  '<!DOCTYPE x [<!ENTITY a "aaaa"><!ENTITY b "&a;&a;&a;&a;">]>&b;',
  '<!DOCTYPE x [<!ENTITY e SYSTEM "file:///etc/passwd">]>&e;',
  '1e400',
  '-99999999999999999999999999',
  '30000-01-01T00:00:00Z',
  '<script>alert(1)</script>',
  "'); DROP TABLE events; --",
  '\r',
  '\t\t\t',
  '\\x09',
  '#fields',
];

/** One hostile corruption of a record's text: a fragment spliced in, a cut, or random text. */
export const corruption = fc.oneof(
  fc.constantFrom(...HOSTILE_TEXT).map((fragment) => ({ kind: 'splice' as const, fragment })),
  fc.record({ kind: fc.constant('cut' as const), keep: fc.double({ min: 0, max: 0.95, noNaN: true }) }),
  fc.string({ unit: 'binary', maxLength: 60 }).map((fragment) => ({ kind: 'replace' as const, fragment })),
);
export type Corruption = typeof corruption extends fc.Arbitrary<infer C> ? C : never;

/** Applies a corruption to one line (no newline is ever introduced, so line numbers hold). */
export function corruptLine(line: string, c: Corruption, at: number): string {
  const clean = (s: string) => s.replace(/[\r\n]/g, ' ');
  if (c.kind === 'cut') return line.slice(0, Math.floor(line.length * c.keep));
  if (c.kind === 'replace') return clean(c.fragment);
  const position = Math.floor(at * line.length);
  return line.slice(0, position) + clean(c.fragment) + line.slice(position);
}
