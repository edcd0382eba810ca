// The store's direct reading of result values (store/directRead.ts) against sql.js's own
// Statement.get() on the same statement: every kind of value comes back the same.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import initSqlJs from 'sql.js';
import { SqlStore } from '../../../src/core/store/sqlStore';
import type { SqlValue } from '../../../src/core/types/store';

const BOUND: SqlValue[] = [
  0, 1, -1, 2 ** 31 - 1, 2 ** 31, -(2 ** 31) - 1, 1_600_000_000_123, Number.MAX_SAFE_INTEGER, 2 ** 70, 0.5, -2.75, 1e-300, -0,
  '', 'a', "O'BRIEN", 'naïve ünïcödé', '漢字テスト', '\u{1F600} emoji', 'tab\tnew\nline', 'nul\u0000inside', 'x'.repeat(100_000), null,
  new Uint8Array([0, 1, 254, 255]), new Uint8Array(0),
];
/** Values SQL makes itself: a 64-bit integer past 2^53, a REAL, an empty blob, an integer as text. */
const LITERALS = ['9007199254740993', '-9223372036854775808', '1.5e308', "x''", "x'00ff'", "CAST(42 AS TEXT)", 'NULL'];
const SQL = `SELECT ${[...BOUND.map((_, i) => `?${i + 1}`), ...LITERALS].join(', ')}; -- one row of every kind`;

async function sqlJsValues(sql: string, params: SqlValue[]): Promise<SqlValue[]> {
  const SQL = await initSqlJs();
  const db = new SQL.Database();
  try {
    const statement = db.prepare(sql);
    statement.bind(params);
    assert.ok(statement.step());
    return statement.get() as SqlValue[];
  } finally {
    db.close();
  }
}

test('values read directly are those sql.js reads, for every kind of value (a statement followed by a comment)', async () => {
  const store = await SqlStore.open();
  try {
    const rows: SqlValue[][] = [];
    const columns = store.eachValues(SQL, BOUND, (values) => void rows.push(values));
    assert.equal(rows.length, 1);
    assert.equal(columns.length, BOUND.length + LITERALS.length);
    assert.deepEqual(rows[0], await sqlJsValues(SQL, BOUND));
    assert.equal(rows[0]![BOUND.length], 9007199254740992);
    assert.deepEqual(rows[0]![BOUND.length + 4], new Uint8Array([0, 255]));
  } finally {
    store.close();
  }
});

test('each row gets its own array: rows kept by a caller are not overwritten by the next', async () => {
  const store = await SqlStore.open();
  try {
    const rows: SqlValue[][] = [];
    store.eachValues('SELECT value, value * 2 FROM json_each(?)', ['[1,2,3]'], (v) => void rows.push(v));
    assert.deepEqual(rows, [[1, 2], [2, 4], [3, 6]]);
  } finally {
    store.close();
  }
});
