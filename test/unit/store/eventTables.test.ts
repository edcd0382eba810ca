// The interned layout behind the `events` view: the same columns and values as the schema
// declares, text stored once, writes through the view, and index seeks for equality on
// interned columns.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { COLUMN_NAMES } from '../../../src/core/schema/columns';
import { SqlStore } from '../../../src/core/store/sqlStore';
import type { LoadedRecord } from '../../../src/core/types/records';

const LONG = `powershell -nop -w hidden -enc ${'A'.repeat(2_000)}`;

function records(n: number): LoadedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    pointer: { line: i + 1, offset: i * 10, length: 9 },
    event: {
      ts: 1_600_000_000_000 + i, host: i % 3 ? 'WORKSTATION6' : 'WORKSTATION5', channel: 'Microsoft-Windows-Sysmon/Operational', event_id: 1,
      category: 'process', action: 'start', command_line: i % 2 ? LONG : null, process_name: 'powershell.exe', user: 42 as unknown as string,
      process_guid: `{guid-${i}}`, dst_ip: i % 5 ? null : '10.0.0.5',
    },
  }));
}

async function loaded(n: number): Promise<SqlStore> {
  const store = await SqlStore.open();
  store.insertBatch(store.addSource({ path: 'a.json', member: null, format: 'json', dialect: 'nxlog' }), records(n));
  return store;
}

test('the events view has the schema columns in order, and values come back as inserted', async () => {
  const store = await loaded(10);
  try {
    const columns = store.eachValues('SELECT * FROM events LIMIT 1', [], () => false);
    assert.deepEqual(columns, COLUMN_NAMES);
    const row = store.all('SELECT host, channel, command_line, user, typeof(user) AS t, process_guid, dst_ip FROM events WHERE id = 4')[0];
    assert.deepEqual(row, { host: 'WORKSTATION5', channel: 'Microsoft-Windows-Sysmon/Operational', command_line: LONG, user: '42', t: 'text', process_guid: '{guid-3}', dst_ip: null });
    assert.equal(store.all('SELECT count(*) AS n FROM events WHERE command_line IS NULL')[0]!.n, 5);
  } finally {
    store.close();
  }
});

test('repeated text is stored once: 2,000 long command lines cost one dictionary entry', async () => {
  const store = await loaded(2_000);
  try {
    assert.equal(store.all('SELECT count(*) AS n FROM strings WHERE value = ?', [LONG])[0]!.n, 1);
    assert.equal(store.all('SELECT count(*) AS n FROM dict_host')[0]!.n, 2);
    assert.ok(store.sizeBytes() < 2_000 * 300, `${store.sizeBytes()} bytes for 2,000 events`);
    assert.equal(store.all('SELECT count(*) AS n FROM events WHERE command_line LIKE ?', ['%-enc A%'])[0]!.n, 1_000);
  } finally {
    store.close();
  }
});

test('equality on an interned column seeks the index with the code', async () => {
  const store = await loaded(500);
  try {
    store.buildIndexes();
    const plan = store.all("EXPLAIN QUERY PLAN SELECT id, host, ts FROM events WHERE host = ? AND event_id = 1 AND ts > 0", ['WORKSTATION6']).map((r) => String(r.detail)).join(' | ');
    assert.match(plan, /SEARCH r USING (COVERING )?INDEX events_host_event_id_ts/);
    assert.equal(store.all('SELECT count(*) AS n FROM events WHERE host IN (?, ?)', ['WORKSTATION6', 'NOPE'])[0]!.n, 333);
  } finally {
    store.close();
  }
});

test('UPDATE, INSERT and DELETE on events go through to the rows and dictionaries', async () => {
  const store = await loaded(9);
  try {
    store.execute("UPDATE events SET host = 'SENSOR-SIDE', dst_ip = src_ip, src_ip = '10.0.0.9' WHERE id IN (1, 2)");
    assert.deepEqual(store.all('SELECT id, host, src_ip, dst_ip FROM events WHERE id <= 3 ORDER BY id'), [
      { id: 1, host: 'SENSOR-SIDE', src_ip: '10.0.0.9', dst_ip: null },
      { id: 2, host: 'SENSOR-SIDE', src_ip: '10.0.0.9', dst_ip: null },
      { id: 3, host: 'WORKSTATION6', src_ip: null, dst_ip: null },
    ]);
    assert.equal(store.all("SELECT count(*) AS n FROM dict_host WHERE value = 'SENSOR-SIDE'")[0]!.n, 1, 'interned once for both rows');
    store.execute("INSERT INTO events (source_id, \"offset\", length, host, category) VALUES (1, 0, 1, 'WORKSTATION5', 'network')");
    // the loader's next batch codes WORKSTATION5 with its own map: same value, same answers
    store.insertBatch(1, records(3));
    assert.equal(store.all("SELECT count(*) AS n FROM events WHERE host = 'WORKSTATION5'")[0]!.n, 4);
    store.execute('DELETE FROM events WHERE id = 3');
    assert.equal(store.eventCount(), 12);
    assert.throws(() => store.execute('UPDATE events SET id = 99 WHERE id = 4'), /event ids cannot change/);
  } finally {
    store.close();
  }
});

test('updateEvents sets columns in the base table, coding interned values, and refuses ids and unknown columns', async () => {
  const store = await loaded(4);
  try {
    store.updateEvents(['host', 'src_ip', 'dst_port'], [['SENSOR-SIDE', '10.0.0.9', 445, 1], ['WORKSTATION6', null, null, 2]]);
    assert.deepEqual(store.all('SELECT id, host, src_ip, dst_port FROM events WHERE id <= 3 ORDER BY id'), [
      { id: 1, host: 'SENSOR-SIDE', src_ip: '10.0.0.9', dst_port: 445 },
      { id: 2, host: 'WORKSTATION6', src_ip: null, dst_port: null },
      { id: 3, host: 'WORKSTATION6', src_ip: null, dst_port: null },
    ]);
    assert.equal(store.all("SELECT count(*) AS n FROM events WHERE host = 'SENSOR-SIDE'")[0]!.n, 1, 'the new code decodes through the view');
    // Many rows put the journal in memory meanwhile, and back as it was.
    const journal = store.all('PRAGMA journal_mode')[0]!.journal_mode;
    store.updateEvents(['dst_port'], Array.from({ length: 1500 }, (_, i) => [i, (i % 4) + 1]));
    assert.equal(store.all('SELECT dst_port FROM events WHERE id = 4')[0]!.dst_port, 1499);
    assert.equal(store.all('PRAGMA journal_mode')[0]!.journal_mode, journal);
    assert.throws(() => store.updateEvents(['id'], [[5, 1]]), /not an event column/);
    assert.throws(() => store.updateEvents(['nope; DROP TABLE events'], [[5, 1]]), /not an event column/);
  } finally {
    store.close();
  }
});
