// The sql.js store: typed inserts, bound values, read-only mode, size and the budget stop.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlStore, INDEXES } from '../../../src/core/store/sqlStore';
import type { LoadedRecord } from '../../../src/core/types/records';

function records(n: number, from = 0): LoadedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    pointer: { line: from + i + 1, offset: (from + i) * 100, length: 99 },
    event: { host: i % 2 ? 'WORKSTATION5' : 'WORKSTATION6', event_id: 3, ts: 1_595_430_000_000 + from + i, dst_port: 445, command_line: `cmd /c echo ${'x'.repeat(200)} ${from + i}` },
  }));
}

test('inserts typed rows with sequential ids and source pointers', async () => {
  const store = await SqlStore.open();
  const source = store.addSource({ path: '/logs/a.json', member: null, format: 'json', dialect: 'nxlog' });
  assert.equal(store.insertBatch(source, records(3)), 1);
  assert.equal(store.insertBatch(source, records(2, 3)), 4);
  const rows = store.all('SELECT id, source_id, line, "offset", length, host, event_id, typeof(event_id) AS t, typeof(ts) AS tt FROM events ORDER BY id');
  assert.equal(rows.length, 5);
  assert.deepEqual(rows[4], { id: 5, source_id: source, line: 5, offset: 400, length: 99, host: 'WORKSTATION5', event_id: 3, t: 'integer', tt: 'integer' });
  assert.deepEqual(store.sources(), [{ id: source, path: '/logs/a.json', member: null, memberOccurrence: null, format: 'json', dialect: 'nxlog' }]);
  store.close();
});

test('rows as objects: every column by name, a repeated name keeping its last value, early stop', async () => {
  const store = await SqlStore.open();
  try {
    assert.deepEqual(store.all("SELECT 1 AS a, 'x' AS b, NULL AS c, 2 AS a"), [{ a: 2, b: 'x', c: null }]);
    const seen: unknown[] = [];
    store.each('SELECT value AS v FROM json_each(?)', ['[1, 2, 3]'], (row) => { seen.push(row.v); return row.v !== 2; });
    assert.deepEqual(seen, [1, 2]);
  } finally {
    store.close();
  }
});

test('values are bound, never spliced: quotes in data and parameters are inert', async () => {
  const store = await SqlStore.open();
  const source = store.addSource({ path: "it's.json", member: "a'; DROP TABLE events; --", format: 'json', dialect: null });
  store.insertBatch(source, [{ pointer: { offset: 0, length: 1 }, event: { host: "O'BRIEN", command_line: "'); DROP TABLE events; --" } }]);
  assert.equal(store.all('SELECT count(*) AS n FROM events WHERE host = ?', ["O'BRIEN"])[0]!.n, 1);
  assert.equal(store.sources()[0]!.member, "a'; DROP TABLE events; --");
  assert.throws(() => store.all('SELECT 1; DELETE FROM events'), /one SQL statement at a time/);
  assert.equal(store.eventCount(), 1);
  store.close();
});

test('read-only mode refuses writes and is undone for the next load', async () => {
  const store = await SqlStore.open();
  const source = store.addSource({ path: 'a', member: null, format: 'json', dialect: null });
  store.insertBatch(source, records(2));
  store.setReadOnly(true);
  assert.throws(() => store.all('DELETE FROM events'), /readonly/);
  assert.throws(() => store.insertBatch(source, records(1)), /readonly/);
  assert.equal(store.eventCount(), 2);
  store.setReadOnly(false);
  store.insertBatch(source, records(1));
  assert.equal(store.eventCount(), 3);
  store.close();
});

test('a failing batch rolls back whole and frees its statement', async () => {
  const store = await SqlStore.open();
  const source = store.addSource({ path: 'a', member: null, format: 'json', dialect: null });
  const bad: LoadedRecord[] = [...records(2), { pointer: { offset: 0, length: 0 }, event: { host: 'X' } }];
  store.insertBatch(source, records(1));
  store.all("CREATE TRIGGER refuse BEFORE INSERT ON event_rows WHEN NEW.host = (SELECT id FROM dict_host WHERE value = 'X') BEGIN SELECT RAISE(ABORT, 'refused'); END");
  assert.throws(() => store.insertBatch(source, bad), /refused/);
  assert.equal(store.eventCount(), 1);
  store.close();
});

test('size grows with rows; indexes are created once and used', async () => {
  const store = await SqlStore.open({ budgetBytes: 200_000 });
  const source = store.addSource({ path: 'a', member: null, format: 'json', dialect: null });
  const empty = store.sizeBytes();
  assert.ok(store.sizeBytes() < store.budgetBytes);
  store.insertBatch(source, records(2000));
  assert.ok(store.sizeBytes() > empty + 2000 * 200, `size ${store.sizeBytes()} should reflect 2000 rows`);
  assert.ok(store.sizeBytes() >= store.budgetBytes, 'the budget is reached');
  store.buildIndexes();
  const names = store.all("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'event_rows'").map((r) => r.name);
  assert.equal(names.length, INDEXES.length);
  const plan = store.all("EXPLAIN QUERY PLAN SELECT * FROM events WHERE host = 'WORKSTATION5' AND event_id = 3 AND ts > 0").map((r) => String(r.detail)).join(' ');
  assert.match(plan, /events_host_event_id_ts/);
  store.close();
});

test('indexes led by a port or address leave out rows without a value, range lookups still use them, and GUIDs are not indexed', async () => {
  const store = await SqlStore.open();
  const source = store.addSource({ path: 'a', member: null, format: 'json', dialect: null });
  const sparse: LoadedRecord[] = Array.from({ length: 1000 }, (_, i) => ({
    pointer: { offset: i, length: 1 },
    event: { host: 'H', ts: i, process_guid: i % 10 === 0 ? `{guid-${i}}` : null, dst_port: i % 10 === 0 ? 49152 + i : null },
  }));
  store.insertBatch(source, sparse);
  store.buildIndexes();
  const plan = (sql: string): string => store.all(`EXPLAIN QUERY PLAN ${sql}`, ['x']).map((r) => String(r.detail)).join(' ');
  assert.match(plan('SELECT id FROM events WHERE dst_port >= 49152 AND host = ?'), /INDEX events_dst_port|INDEX events_host_event_id_ts/);
  assert.doesNotMatch(plan('SELECT id FROM events WHERE process_guid = ?'), /INDEX/);
  assert.equal(store.all('SELECT id FROM events WHERE process_guid = ?', ['{guid-40}']).length, 1);
  for (const [name, index] of [['dst_port', 'dst_port'], ['src_ip', 'src_ip_src_port']]) {
    const definition = String(store.all('SELECT sql FROM sqlite_master WHERE name = ?', [`events_${index}`])[0]!.sql);
    assert.match(definition, new RegExp(`WHERE "${name}" IS NOT NULL`));
  }
  store.close();
});

test('temporary data (index sorts, view-update copies) stays in memory, not in MEMFS files that grow by copying', async () => {
  const store = await SqlStore.open();
  assert.equal(store.all('PRAGMA temp_store')[0]!.temp_store, 2); // 2 = MEMORY
  store.close();
});
