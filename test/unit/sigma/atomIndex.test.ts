// The atom index reports exactly the atoms a text contains (ASCII letters in either case),
// checked against String#includes on random texts and atoms over a small alphabet.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AtomIndex } from '../../../src/core/sigma/atomIndex';

const alphabet = fc.constantFrom('a', 'b', 'A', 'B', ':', '\\', 'é');
const word = fc.array(alphabet, { minLength: 1, maxLength: 4 }).map((cs) => cs.join('').toLowerCase().replace(/é/g, ''));

test('the atom index finds the same atoms as includes()', () => {
  fc.assert(fc.property(fc.array(word, { minLength: 1, maxLength: 8 }), fc.array(alphabet, { maxLength: 30 }).map((cs) => cs.join('')), (raw, text) => {
    const atoms = raw.filter((w) => w !== '');
    if (atoms.length === 0) return;
    const index = new AtomIndex(atoms.map((t, entry) => ({ text: t, entry })));
    const found = new Set<number>();
    index.scan(text, (e) => found.add(e));
    const expected = new Set(atoms.flatMap((t, i) => (text.toLowerCase().includes(t) ? [i] : [])));
    assert.deepEqual([...found].sort(), [...expected].sort());
  }), { numRuns: 500 });
});
