// A capped read of a step whose alternatives span several categories (store/candidates.ts):
// read category by category, fewest events first, it must say what one statement says: null
// (more than the cap) exactly when more rows match than the cap, and otherwise every matching
// row once, whatever the categories' sizes and wherever the matches are.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlStore } from '../../../src/core/store/sqlStore';
import { dataSpan, eachCandidate, type CandidateSelect } from '../../../src/core/store/candidates';
import type { LoadedRecord } from '../../../src/core/types/records';

test('a capped read over several categories, smallest first, passes its cap exactly when one statement does, and otherwise reads every match once', async () => {
  const store = await SqlStore.open();
  try {
    const source = store.addSource({ path: 'a.json', member: null, format: 'json', dialect: null });
    // network 600 events, process 300, service 60 (and some untimed); matches: every 7th network, every 2nd process, every service.
    const records: LoadedRecord[] = [];
    const add = (category: string, n: number): void => {
      for (let i = 0; i < n; i++) records.push({ pointer: { offset: records.length, length: 1 }, event: { ts: i % 50 === 0 ? null : 1_600_000_000_000 + records.length, category, event_id: i } });
    };
    add('network', 600);
    add('process', 300);
    add('service', 60);
    store.insertBatch(source, records);
    const span = dataSpan(store);
    // A small store is counted whole.
    assert.deepEqual(Object.fromEntries(span.categoryRows), { network: 600, process: 300, service: 60 });
    assert.equal(span.events, 960 - 12 - 6 - 2);
    const filters = [
      { sql: 'category = ? AND event_id % 7 = 0', params: ['network'], categories: ['network'] },
      { sql: 'category = ? AND event_id % 2 = 0', params: ['process'], categories: ['process'] },
      { sql: 'category = ?', params: ['service'], categories: ['service'] },
    ];
    const matching = 86 + 150 + 60;
    const read = (select: CandidateSelect): number[] => {
      const ids: number[] = [];
      eachCandidate(store, select, (row) => ids.push(Number(row.id)));
      return ids.sort((a, b) => a - b);
    };
    const all = read({ columns: ['id'], extra: { sql: '', params: [], names: [] }, filters });
    assert.equal(all.length, matching);
    for (const limit of [0, 59, 60, 61, 209, 210, 295, 296, 297, 1000]) {
      const base: CandidateSelect = { columns: ['id', 'category'], extra: { sql: '', params: [], names: [] }, filters, limit };
      const together = read(base);
      const apart = read({ ...base, categoryRows: span.categoryRows });
      assert.equal(apart.length > limit, together.length > limit, `limit ${limit}`);
      assert.ok(apart.length <= limit + 1, `limit ${limit}: at most one row past the cap`);
      assert.equal(new Set(apart).size, apart.length, `limit ${limit}: each row once`);
      if (apart.length <= limit) assert.deepEqual(apart, all, `limit ${limit}`);
    }
    // A category the counts do not know is still read.
    const partial = read({ columns: ['id'], extra: { sql: '', params: [], names: [] }, filters, limit: 1000, categoryRows: new Map([['network', 600]]) });
    assert.deepEqual(partial, all);
  } finally {
    store.close();
  }
});

test('a large store\'s categories are counted in its columns in memory, or without them sized from a sample of id windows: their order holds, and far fewer rows are counted', async () => {
  const store = await SqlStore.open();
  try {
    const source = store.addSource({ path: 'b.json', member: null, format: 'json', dialect: null });
    const category = (i: number): string => (i % 20 === 0 ? 'service' : i % 20 < 6 ? 'process' : 'network');
    store.insertBatch(source, Array.from({ length: 40_000 }, (_, i): LoadedRecord => ({ pointer: { offset: i, length: 1 }, event: { ts: i, category: category(i) } })));
    assert.deepEqual([...dataSpan(store).categoryRows].sort(), [['network', 28_000], ['process', 10_000], ['service', 2_000]]);
    store.columns = () => undefined;
    const sizes = dataSpan(store).categoryRows;
    const [network, process, service] = ['network', 'process', 'service'].map((c) => sizes.get(c) ?? 0);
    assert.ok(network! > process! && process! > service! && service! > 0, JSON.stringify([...sizes]));
    assert.ok(network! + process! + service! <= 16_000);
  } finally {
    store.close();
  }
});
