// Fuzzing user patterns, the one regex module and the wildcard translation: wildcard patterns
// of every character agree with a plain reference matcher (as RE2 runs them and as exported
// regexes read in JavaScript); pathological regexes (nested quantifiers, alternations that
// overlap, back-references, lookaround, huge repeats) compile or are refused with a reason,
// never throw, and run over long adversarial texts within the time bound.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compileRegex } from '../../../src/core/text/regex';
import { wildcardSetMatcher, wildcardSource } from '../../../src/core/text/wildcard';
import { Figures, fuzzOptions } from './harness';

/** The definition: `*` any run of code points, `?` exactly one, every other code point itself. */
function reference(pattern: string, text: string): boolean {
  const p = Array.from(pattern);
  const t = Array.from(text);
  let row = new Array<boolean>(t.length + 1).fill(false);
  row[0] = true;
  for (const c of p) {
    const next = new Array<boolean>(t.length + 1).fill(false);
    for (let j = 0; j <= t.length; j++) {
      if (c === '*') next[j] = row[j]! || (j > 0 && next[j - 1]!);
      else if (j > 0) next[j] = row[j - 1]! && (c === '?' || c === t[j - 1]);
    }
    row = next;
  }
  return row[t.length]!;
}

/** Every regex metacharacter of every dialect, line terminators, controls, astral and lone surrogates. */
const CHARS = [...'\\.+*?()|[]{}^$-/,:=!<>#&~%_\'"` aAzZ09', '\n', '\r', '\u2028', '\u0085', '\0', '\x1b', '\t', 'é', 'É', '😀', '\uD800', '\uDC00'];
const char = fc.constantFrom(...CHARS);
const pattern = fc.array(char, { maxLength: 12 }).map((cs) => cs.join(''));

/** A text the pattern should match (wildcards filled in), or near it, or anything. */
const textFor = (p: string): fc.Arbitrary<string> => fc.oneof(
  fc.array(fc.array(char, { maxLength: 4 }), { minLength: p.length, maxLength: p.length }).map((fill) =>
    Array.from(p).map((c, i) => (c === '*' ? fill[i]!.join('') : c === '?' ? (fill[i]![0] ?? 'x') : c)).join('')),
  fc.array(char, { maxLength: 14 }).map((cs) => cs.join('')),
);

test('wildcard translation agrees with the reference matcher on every character', () => {
  fc.assert(fc.property(pattern.chain((p) => fc.tuple(fc.constant(p), textFor(p))), ([p, t]) => {
    assert.equal(wildcardSetMatcher([p])(t), reference(p, t), `pattern ${JSON.stringify(p)} text ${JSON.stringify(t)}`);
  }), fuzzOptions(3000));
});

test('a set of patterns matches when one of them does', () => {
  fc.assert(fc.property(fc.array(pattern, { maxLength: 5 }), fc.array(char, { maxLength: 10 }).map((c) => c.join('')), (ps, t) => {
    assert.equal(wildcardSetMatcher(ps)(t), ps.some((p) => reference(p, t)));
  }), fuzzOptions(1000));
});

test('the exported regex quotes every literal: compiled by JavaScript it matches the same texts', () => {
  fc.assert(fc.property(pattern.chain((p) => fc.tuple(fc.constant(p), textFor(p))), ([p, t]) => {
    const js = new RegExp(`^(?:${wildcardSource(p)})$`, 'su');
    const wellFormed = !/[\uD800-\uDFFF]/.test(p + t);
    if (wellFormed) assert.equal(js.test(t), reference(p, t), `pattern ${JSON.stringify(p)} text ${JSON.stringify(t)}`);
  }), fuzzOptions(2000));
});

const figures = new Figures('patterns');

/** Regex pieces that make backtracking engines explode, and pieces RE2 refuses. */
const ATOMS = ['a', 'aa', 'a?', 'a*', 'a+', '.', '.*', '\\w', '\\s', '[a-z]', '[^b]', 'x', '\\1', '(?=a)', '(?<!a)', '\\k<n>', '\\u0061', '\\b', '^', '$', '|', '{', '(', ')', '[', '\\'];
const regexArb: fc.Arbitrary<string> = fc.letrec<{ node: string }>((tie) => ({
  node: fc.oneof({ depthSize: 'small', withCrossShrink: true },
    fc.constantFrom(...ATOMS),
    fc.tuple(tie('node'), fc.constantFrom('+', '*', '?', '{2,}', '{1000}', '{1001}', '+?')).map(([n, q]) => `(${n})${q}`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => `(?:${a}|${b})`),
    fc.tuple(tie('node'), tie('node')).map(([a, b]) => a + b),
    fc.tuple(tie('node')).map(([a]) => `(?<n>${a})`)),
})).node;
const TEXTS = ['a'.repeat(20000) + '!', 'ab'.repeat(10000), 'x'.repeat(20000) + 'y', '\u2028\r\n\0'.repeat(5000)];

test('pathological regexes compile or are refused with a reason, and run in bounded time', async (t: TestContext) => {
  await fc.assert(fc.asyncProperty(regexArb, fc.constantFrom('', 'i', 's', 'im', 'gu', 'z'), async (source, flags) => {
    await figures.guard(async () => {
      const compiled = compileRegex(source, flags);
      if (!compiled.ok) {
        assert.ok(compiled.reason.trim() !== '');
        figures.count([compiled.reason]);
        return;
      }
      for (const text of TEXTS) compiled.regex.test(text);
      figures.count([]);
    });
  }), fuzzOptions(300));
  figures.report(t);
});
