// refineGroups numbers the (group, value) pairs of events without a map of pairs: the
// partition it makes must be the one the pairs make, whatever their size.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { refineGroups } from '../../../src/core/match/columnarCandidates';
import { seededRandom } from '../../../scripts/samples/random';

// Few possible pairs go through a table, many through sorting: both ways are tried.
for (const [count, width] of [[1, 1], [3, 5], [1_000, 7], [200, 3_000], [70_000, 60_000]] as const) {
  test(`refineGroups: events of one group and one value share a number, others do not (${count} groups × ${width} values)`, () => {
    const r = seededRandom(count + width);
    const n = 20_000;
    const groups = new Int32Array(n);
    const values = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      groups[i] = r.next() < 0.05 ? -1 : r.int(0, count - 1);
      values[i] = r.int(0, width - 1);
    }
    const pairs = Array.from(groups, (g, i) => (g === -1 ? null : `${g}|${values[i]}`));
    const refined = refineGroups(groups, count, values, width);
    assert.equal(refined, new Set(pairs.filter((p) => p !== null)).size, 'as many groups as distinct pairs');
    const numberOf = new Map<string, number>();
    for (let i = 0; i < n; i++) {
      const pair = pairs[i]!;
      if (pair === null) {
        assert.equal(groups[i], -1, 'an event in no group stays in none');
        continue;
      }
      assert.ok(groups[i]! >= 0 && groups[i]! < refined, 'numbers run from 0 below the count');
      const known = numberOf.get(pair);
      if (known === undefined) numberOf.set(pair, groups[i]!);
      else assert.equal(groups[i], known, `every event of pair ${pair} has one number`);
    }
    assert.equal(new Set(numberOf.values()).size, numberOf.size, 'different pairs have different numbers');
  });
}
