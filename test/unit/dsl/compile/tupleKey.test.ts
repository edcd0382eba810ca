// first_seen()/rare() count tuples under tupleKey(): two tuples share a key exactly when their
// values are equal as the language compares them (texts case-folded, NULL and non-finite numbers
// alike, a text never equal to a number), as the JSON of the case-folded values says.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { tupleKey } from '../../../../src/core/dsl/compile/predicate';
import { foldCase, type Value } from '../../../../src/core/dsl/semantics/values';

const equalAsValues = (a: readonly Value[], b: readonly Value[]): boolean => {
  const json = (t: readonly Value[]) => JSON.stringify(t.map((v) => (typeof v === 'string' ? foldCase(v) : v ?? null)));
  return json(a) === json(b);
};

const values: Value[] = ['a', 'A', 'ab', 'a;', 's1:a', 'n1;', '_', '', ';', '1', 1, 1.5, 15, 0, -0, NaN, Infinity, null, undefined, true, false, 'true', new Uint8Array([1]), new Uint8Array([1]), new Uint8Array([1, 2])];

test('tuples share a key exactly when their values are equal', () => {
  const tuples: Value[][] = [[], ...values.map((v) => [v]), ...values.flatMap((a) => values.map((b) => [a, b]))];
  // Parts that run into each other: ('a', 'b') against ('ab'), ('s1:a') against ('a') prefixed.
  tuples.push(['a', 'b'], ['ab', ''], ['', 'ab'], [1, 5], [15], ['s1:', 'a'], ['as1:b'], ['as:b'], ['n1;n5;'], ['n1;', 5]);
  const keys = tuples.map(tupleKey);
  for (let i = 0; i < tuples.length; i++) {
    for (let j = i + 1; j < tuples.length; j++) {
      assert.equal(keys[i] === keys[j], equalAsValues(tuples[i]!, tuples[j]!), `${JSON.stringify(tuples[i])} vs ${JSON.stringify(tuples[j])}`);
    }
  }
});
