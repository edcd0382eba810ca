// The atom index reports exactly the atoms a text contains (ASCII letters in either case),
// checked against String#includes on random texts and atoms over a small alphabet; with
// non-ASCII characters (one class in the index) it reports at least those atoms, so the
// prefilter never hides a match.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AtomIndex, indexForm } from '../../../src/core/sigma/atomIndex';

const ascii = fc.constantFrom('a', 'b', 'A', 'B', 'k', ':', '\\');
const mixed = fc.constantFrom('a', 'b', 'A', 'k', 'K', ':', 'é', 'É', '\u212a', '😀', 'İ', 'i', '\u0307');
const words = (chars: fc.Arbitrary<string>): fc.Arbitrary<string[]> =>
  fc.array(fc.array(chars, { minLength: 1, maxLength: 4 }).map((cs) => cs.join('').toLowerCase()), { minLength: 1, maxLength: 8 });

function found(atoms: readonly string[], text: string): Set<number> {
  const index = new AtomIndex(atoms.map((t, entry) => ({ text: indexForm(t), entry })).filter((a) => a.text !== ''));
  const hits = new Set<number>();
  index.scan(text, (e) => hits.add(e));
  return hits;
}

test('the atom index finds the same atoms as includes() on ASCII', () => {
  fc.assert(fc.property(words(ascii), fc.array(ascii, { maxLength: 30 }).map((cs) => cs.join('')), (atoms, text) => {
    const expected = atoms.flatMap((t, i) => (text.toLowerCase().includes(t) ? [i] : []));
    assert.deepEqual([...found(atoms, text)].sort(), expected.sort());
  }), { numRuns: 500 });
});

test('with non-ASCII text and atoms, every atom the lower-cased text contains is found', () => {
  fc.assert(fc.property(words(mixed), fc.array(mixed, { maxLength: 30 }).map((cs) => cs.join('')), (atoms, text) => {
    const hits = found(atoms, text);
    atoms.forEach((t, i) => {
      if (text.toLowerCase().includes(t)) assert.ok(hits.has(i) || indexForm(t) === '', `${JSON.stringify(t)} in ${JSON.stringify(text)}`);
    });
  }), { numRuns: 1000 });
});

test('an atom of emoji prefilters: a text without non-ASCII characters does not hit it', () => {
  assert.deepEqual([...found(['😀'], 'plain ascii command line')], []);
  assert.deepEqual([...found(['😀'], 'echo 🙂')], [0]);
});

// Atoms of 4+ characters turn on scan()'s skip ahead; texts are pieces of the atoms (either
// case) among random characters, so that atoms occur often, at every offset.
const longAtomsAndText = (chars: fc.Arbitrary<string>): fc.Arbitrary<[string[], string]> =>
  fc.array(fc.array(chars, { minLength: 4, maxLength: 9 }).map((cs) => cs.join('').toLowerCase()), { minLength: 1, maxLength: 6 }).chain((atoms) =>
    fc.tuple(
      fc.constant(atoms),
      fc.array(fc.oneof(chars, fc.constantFrom(...atoms).chain((a) => fc.constantFrom(a, a.toUpperCase(), a.slice(1), a.slice(0, -1)))), { maxLength: 24 }).map((ps) => ps.join('')),
    ),
  );

test('with atoms long enough for the skip ahead, the index finds the same atoms as includes() on ASCII', () => {
  fc.assert(fc.property(longAtomsAndText(ascii), ([atoms, text]) => {
    const expected = atoms.flatMap((t, i) => (text.toLowerCase().includes(t) ? [i] : []));
    assert.deepEqual([...found(atoms, text)].sort(), expected.sort());
  }), { numRuns: 3000 });
});

test('with long atoms and non-ASCII text, every atom the lower-cased text contains is found', () => {
  fc.assert(fc.property(longAtomsAndText(mixed), ([atoms, text]) => {
    const hits = found(atoms, text);
    atoms.forEach((t, i) => {
      if (text.toLowerCase().includes(t)) assert.ok(hits.has(i) || indexForm(t) === '', `${JSON.stringify(t)} in ${JSON.stringify(text)}`);
    });
  }), { numRuns: 2000 });
});
