// The loader's direct binding (store/directBind.ts) against sql.js's own Statement binding:
// every kind of value a normalized event can hold is stored with the same type and the same
// bytes either way, in integer and text columns, and text the same in interned columns (the
// loader interns numbers as String(value), which the view's trigger does not).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlStore } from '../../../src/core/store/sqlStore';
import type { SqlValue } from '../../../src/core/types/store';

const VALUES: SqlValue[] = [
  0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31), -(2 ** 31) - 1, 1_600_000_000_123, Number.MAX_SAFE_INTEGER, 2 ** 70, 0.5, -2.75, 1e-300, -0,
  '', 'a', "O'BRIEN", 'naïve ünïcödé', '漢字テスト', '\u{1F600} emoji', 'tab\tnew\nline', 'nul\u0000inside', 'x'.repeat(100_000), null,
];

/** Each column's stored type and SQL literal (quote() shows a REAL as REAL), in id order. */
function stored(store: SqlStore, columns: readonly string[]): string[] {
  return store.all(`SELECT ${columns.map((c) => `typeof("${c}") || ':' || quote("${c}") AS "${c}"`).join(', ')} FROM events ORDER BY id`)
    .flatMap((row) => columns.map((c) => String(row[c])));
}

/** Stores `values` in `columns` (one row per value) by the loader, then by sql.js through the view; returns both. */
async function bothWays(columns: readonly string[], values: readonly SqlValue[]): Promise<{ direct: string[]; reference: string[] }> {
  const store = await SqlStore.open();
  try {
    const source = store.addSource({ path: 'a.json', member: null, format: 'json', dialect: null });
    store.insertBatch(source, values.map((value, i) => ({
      pointer: { offset: i, length: 1 },
      event: Object.fromEntries(columns.map((c) => [c, value])) as Record<string, string | number | null>,
    })));
    const direct = stored(store, columns);
    store.execute('DELETE FROM event_rows');
    store.executeMany(`INSERT INTO events (source_id, "offset", length, ${columns.join(', ')}) VALUES (?, ?, 1, ${columns.map(() => '?').join(', ')})`,
      values.map((value, i) => [source, i, ...columns.map(() => value)]));
    return { direct, reference: stored(store, columns) };
  } finally {
    store.close();
  }
}

test('direct binding stores what sql.js binding stores, for every kind of value', async () => {
  const { direct, reference } = await bothWays(['pid', 'ts_raw'], VALUES);
  assert.deepEqual(direct, reference);
  assert.equal(direct.length, VALUES.length * 2);
});

test('interned columns (shared and own dictionary) hold the same text either way', async () => {
  const strings = VALUES.filter((v) => typeof v === 'string' || v === null);
  const { direct, reference } = await bothWays(['command_line', 'host'], strings);
  assert.deepEqual(direct, reference);
});

test('a lone surrogate is stored as U+FFFD (valid UTF-8)', async () => {
  const store = await SqlStore.open();
  try {
    const source = store.addSource({ path: 'a.json', member: null, format: 'json', dialect: null });
    store.insertBatch(source, [{ pointer: { offset: 0, length: 1 }, event: { ts_raw: 'a\uD800b', host: 'H\uDC00' } }]);
    assert.deepEqual(store.all('SELECT ts_raw, host FROM events'), [{ ts_raw: 'a\uFFFDb', host: 'H\uFFFD' }]);
  } finally {
    store.close();
  }
});
