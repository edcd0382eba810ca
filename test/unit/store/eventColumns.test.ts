// The correlation columns in memory (store/eventColumns.ts): they hold exactly what SQL
// returns for every event, follow the load's writes, and disappear at any write they do not
// follow, so a reader never sees a stale copy.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SqlStore } from '../../../src/core/store/sqlStore';
import { MIRRORED } from '../../../src/core/store/eventColumns';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import type { LoadedRecord } from '../../../src/core/types/records';
import type { NormalizedEvent } from '../../../src/core/schema/columns';
import type { ColumnView, EventStore } from '../../../src/core/types/store';

const FIXTURES = join(__dirname, '..', '..', 'fixtures');

function loaded(events: readonly Partial<NormalizedEvent>[]): LoadedRecord[] {
  return events.map((event, i) => ({ pointer: { line: i + 1, offset: 0, length: 0 }, event: event as NormalizedEvent }));
}

/** Every mirrored column of every event, from memory and from SQL, must be the same. */
function assertSameAsSql(store: EventStore, view: ColumnView): void {
  const rows = store.all(`SELECT ${[...MIRRORED].map((c) => `"${c}"`).join(', ')} FROM events ORDER BY id`);
  assert.equal(view.rows, rows.length);
  for (const column of MIRRORED) {
    const read = view.reader(column);
    rows.forEach((row, p) => assert.deepEqual(read(p), row[column], `${column} of event ${row.id}`));
  }
  // The times as numbers: NaN where SQL has no time.
  const times = view.times();
  rows.forEach((row, p) => assert.deepEqual(times[p], row.ts ?? Number.NaN, `ts of event ${row.id}`));
}

const VARIED: Partial<NormalizedEvent>[] = [
  { ts: 1_700_000_000_123, host: 'WS1', category: 'process', action: 'start', image: 'C:\\Windows\\System32\\cmd.exe', process_name: 'cmd.exe', pid: 4321, command_line: 'cmd /c "échο ✓ 𝄞"', user: 'CORP\\alice' },
  { ts: null, host: 'WS1', category: 'network', action: 'connect', src_ip: '10.0.0.5', src_port: 50123, dst_ip: 'fe80::1%12', dst_port: 445, protocol: 'tcp', direction: 'outbound', peer_scope: 'link_local' },
  { ts: 1_700_000_000_124, host: null, category: null, action: null, event_id: 0, logon_type: 3, local_ports: '135,445' },
  { ts: 1_700_000_000_125.5, host: 'ws1', category: 'network', src_port: 0, dst_port: 65535, conn_state: 'S0', rule_name: '', fw_action: 'drop' },
  { ts: -5, host: 'DC01', category: 'service', service_name: 'PSEXESVC', service_image: '%SystemRoot%\\PSEXESVC.exe', event_id: 7045 },
];

test('the columns in memory hold what SQL returns for every event and mirrored column, after inserts and updates', async () => {
  const store = await SqlStore.open();
  const source = store.addSource({ path: 'varied', member: null, format: 'test', dialect: null });
  store.insertBatch(source, loaded(VARIED));
  store.insertBatch(source, loaded(VARIED.slice(1)));
  // The load's fix-ups: interned and inline text, numbers and NULL, set by id.
  store.updateEvents(['host', 'peer_scope', 'dst_port', 'user'], [['DC01', 'internal', 3389, null, 2], ['WS9', null, null, 'SYSTEM', 7]]);
  store.buildIndexes();
  const view = store.columns();
  assert.ok(view, 'the columns follow inserts and updates');
  assertSameAsSql(store, view);
  store.close();
});

test('a write the columns do not follow drops them: through the view, to the row table, or emptying it', async () => {
  for (const write of [
    "UPDATE events SET host = 'ELSEWHERE' WHERE id = 1",
    "INSERT INTO events (source_id, \"offset\", length, host) VALUES (1, 0, 1, 'NEW')",
    'DELETE FROM events WHERE id = 2',
    'UPDATE event_rows SET dst_port = 1 WHERE id = 2',
    'DELETE FROM event_rows', // SQLite's truncate optimization: no update hook
  ]) {
    const store = await SqlStore.open();
    store.insertBatch(store.addSource({ path: 'varied', member: null, format: 'test', dialect: null }), loaded(VARIED));
    assert.ok(store.columns());
    store.execute(write);
    assert.equal(store.columns(), undefined, write);
    store.close();
  }
});

test('writes to other tables keep the columns (the address book, clock skews, sources)', async () => {
  const store = await SqlStore.open();
  store.insertBatch(store.addSource({ path: 'varied', member: null, format: 'test', dialect: null }), loaded(VARIED));
  store.execute('CREATE TABLE side (a)');
  store.executeMany('INSERT INTO side (a) VALUES (?)', [[1], [2]]);
  store.addSource({ path: 'more', member: null, format: 'test', dialect: null });
  assert.ok(store.columns());
  store.close();
});

test('a batch that rolls back leaves the columns as the table', async () => {
  const store = await SqlStore.open();
  const source = store.addSource({ path: 'varied', member: null, format: 'test', dialect: null });
  store.insertBatch(source, loaded(VARIED.slice(0, 2)));
  store.all("CREATE TRIGGER refuse BEFORE INSERT ON event_rows WHEN NEW.host = (SELECT id FROM dict_host WHERE value = 'REFUSED') BEGIN SELECT RAISE(ABORT, 'refused'); END");
  assert.throws(() => store.insertBatch(source, loaded([...VARIED.slice(2), { host: 'REFUSED' }])), /refused/);
  store.insertBatch(source, loaded(VARIED.slice(3)));
  const view = store.columns();
  assert.ok(view);
  assertSameAsSql(store, view);
  store.close();
});

test('a value SQLite stores converted (a number given as text in a number column) drops the columns; SQL still answers', async () => {
  const store = await SqlStore.open();
  store.insertBatch(store.addSource({ path: 'odd', member: null, format: 'test', dialect: null }), loaded([{ ts: 1, event_id: '4624' as unknown as number }]));
  assert.equal(store.columns(), undefined);
  assert.equal(store.all('SELECT event_id FROM events')[0]!.event_id, 4624);
  store.close();
});

// (Interned columns never see one: the writer codes a value's text.)
test('a blob in a time, integer or inline text column drops the columns; SQL still answers', async () => {
  for (const column of ['ts', 'event_id', 'category'] as const) {
    const store = await SqlStore.open();
    store.insertBatch(store.addSource({ path: 'blob', member: null, format: 'test', dialect: null }), loaded([{ ts: 1, host: 'WS1', category: 'process', event_id: 1 }]));
    assert.ok(store.columns(), 'held before the blob');
    store.insertBatch(store.addSource({ path: 'blob', member: null, format: 'test', dialect: null }), loaded([{ ts: 2, host: 'WS1', category: 'process', event_id: 1, [column]: new Uint8Array([1, 2]) }]));
    assert.equal(store.columns(), undefined, column);
    assert.equal(store.all('SELECT count(*) AS n FROM events')[0]!.n, 2, column);
    store.close();
  }
});

test('every loader keeps the columns: a load of each format fixture is held in memory, equal to SQL', async () => {
  const files = ['formats', 'normalize', 'evtx'].flatMap((dir) => readdirSync(join(FIXTURES, dir)).filter((f) => !f.startsWith('truncated')).map((f) => join(FIXTURES, dir, f)));
  const session = await HuntSession.create(defaultModules);
  await session.load(files);
  const view = session.store.columns();
  assert.ok(view, 'no loader writes a value the columns cannot hold');
  assert.ok(view.rows > 50, `${view.rows} events`);
  assertSameAsSql(session.store, view);
  session.close();
});

test('whole rows decoded from the dictionaries in memory equal the view, rows written through its triggers too', async () => {
  const store = await SqlStore.open();
  store.insertBatch(store.addSource({ path: 'varied', member: null, format: 'test', dialect: null }), loaded(VARIED));
  // A host text no loader coded: its dictionary row comes from the view's trigger.
  store.execute("INSERT INTO events (source_id, \"offset\", length, host, image) VALUES (1, 0, 1, 'NEW-HOST', 'C:\\x.exe')");
  const view = store.all('SELECT * FROM events ORDER BY id');
  assert.ok(view.length > VARIED.length);
  const whole = store.wholeRows(view.map((r) => Number(r.id)));
  assert.equal(whole.size, view.length);
  // Same columns in the same order, same values.
  for (const row of view) assert.deepEqual(Object.entries(whole.get(Number(row.id))!), Object.entries(row), `event ${row.id}`);
  store.close();
});
