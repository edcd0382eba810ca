// Fuzzing the `.hunt` language: lexer, parser, checker and compiler (loadHuntText runs them
// all) over mutations of the shipped analytics, soups of the language's own tokens, and
// arbitrary text. Nothing may throw or hang; every diagnostic has a catalogue code, a message
// and a span inside the text; analytics compile only when there is no error. And a string
// literal, whatever it holds, never changes the SQL text: it is always a bound value.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { loadHuntText, type HuntFile } from '../../../src/core/dsl/load';
import { Figures, fuzzOptions, HOSTILE_TEXT } from './harness';

const ROOT = join(__dirname, '../../..');
const ANALYTICS = ['AN0204', 'AN0327', 'AN0842', 'SVC-RPC-EXEC'].map((id) => join(ROOT, 'analytics', `${id}.hunt`));
const SOURCES = ANALYTICS.map((path) => ({ path, text: readFileSync(path, 'utf8') }));
const figures = new Figures('hunt');

/** True when `at` falls between the two UTF-16 halves of one character. */
const splitsPair = (text: string, at: number): boolean => /[\ud800-\udbff]/.test(text[at - 1] ?? '') && /[\udc00-\udfff]/.test(text[at] ?? '');

function checked(path: string, text: string): Promise<HuntFile> {
  return figures.guard(async () => {
    const file = loadHuntText(path, text);
    for (const d of file.diagnostics) {
      assert.match(d.code, /^HUNT\d{4}$/);
      assert.ok(d.message.trim() !== '', d.code);
      assert.ok(d.span.start >= 0 && d.span.start <= d.span.end && d.span.end <= text.length, `${d.code} span ${JSON.stringify(d.span)} outside ${text.length} chars`);
      assert.ok(!splitsPair(text, d.span.start) && !splitsPair(text, d.span.end), `${d.code} span ${JSON.stringify(d.span)} cuts a character outside the BMP in two`);
    }
    const errors = file.diagnostics.filter((d) => d.severity === 'error');
    if (errors.length > 0) assert.equal(file.plans.length, 0);
    figures.count(errors.map((d) => `${d.code} ${d.message}`));
    return file;
  });
}

const TOKENS = ['analytic', '"A"', '{', '}', 'title', '"t"', 'severity', 'high', 'sequence', 'by', 'host', 'within', '5m', 'step', 'a:', 'b:',
  'process', 'network', 'where', 'and', 'or', 'not', '(', ')', '==', '!=', '>=', 'in', 'like', 'matches', '/x+/', 'is', 'null', 'a.host',
  'list', 'l', '[', ']', ',', '"v"', '42', '-1', '99999999999999999999', 'until', 'baseline', 'first', 'test', 'expect', '\n', '`raw`', 'cidr(', 'first_seen('];

const textMutation = fc.oneof(
  fc.record({ kind: fc.constant('delete' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('duplicate' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), length: fc.integer({ min: 1, max: 80 }) }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.double({ min: 0, max: 1, noNaN: true }), text: fc.oneof(fc.constantFrom(...TOKENS, ...HOSTILE_TEXT), fc.string({ unit: 'binary', maxLength: 8 })) }),
  fc.record({ kind: fc.constant('cut' as const), at: fc.double({ min: 0, max: 1, noNaN: true }) }),
);

function applyMutation(text: string, m: typeof textMutation extends fc.Arbitrary<infer M> ? M : never): string {
  const at = Math.floor(m.at * text.length);
  switch (m.kind) {
    case 'delete': return text.slice(0, at) + text.slice(at + m.length);
    case 'duplicate': return text.slice(0, at + m.length) + text.slice(at, at + m.length) + text.slice(at + m.length);
    case 'insert': return text.slice(0, at) + m.text + text.slice(at);
    case 'cut': return text.slice(0, at);
  }
}

test('hunt: mutations of the shipped analytics never crash or hang, and diagnostics stay in the text', async () => {
  await fc.assert(fc.asyncProperty(fc.constantFrom(...SOURCES), fc.array(textMutation, { minLength: 1, maxLength: 5 }), async (source, changes) => {
    await checked(source.path, changes.reduce(applyMutation, source.text));
  }), fuzzOptions(120));
});

test('hunt: soups of the language\'s own tokens and arbitrary text never crash or hang', async () => {
  const soup = fc.array(fc.constantFrom(...TOKENS), { maxLength: 60 }).map((tokens) => tokens.join(' '));
  await fc.assert(fc.asyncProperty(fc.oneof(soup, fc.string({ unit: 'binary', maxLength: 300 })), async (text) => {
    await checked(join(ROOT, 'analytics', 'fuzz.hunt'), text);
  }), fuzzOptions(150));
});

test('hunt: any string literal is a bound value; the SQL text does not depend on it', async (t: TestContext) => {
  const quoted = (s: string) => `"${s.replace(/\\/g, '\\\\').replace(/"/g, '\\"')}"`;
  const analytic = (literal: string) => `analytic "S" {\n  title "t"\n  severity low\n  sequence by host\n    step a: process where command_line == ${literal} and image != ${literal}\n}\n`;
  const baseline = (await checked('/tmp/s.hunt', analytic('"x"'))).plans[0]!.steps[0]!.alternatives[0]!.filter;
  try {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.constantFrom(...HOSTILE_TEXT), fc.string({ maxLength: 40 })).map((s) => s.replace(/[\r\n]/g, '')), async (value) => {
      const file = await checked('/tmp/s.hunt', analytic(quoted(value)));
      assert.equal(file.plans.length, 1, JSON.stringify(file.diagnostics));
      const filter = file.plans[0]!.steps[0]!.alternatives[0]!.filter;
      assert.equal(filter.sql, baseline.sql);
      assert.deepEqual(filter.params.filter((p) => p !== 'process'), [value, value]);
    }), fuzzOptions(150));
  } finally {
    figures.report(t);
  }
});
