// A source's load summary (store/events.ts idRangeSummary) read in one grouped pass over the
// base table gives what the `events` view says for the same id range: time span, untimed
// events, hosts in SQLite's order, counts per channel and event id, NULLs included, and text
// that the view's triggers stored again under a second dictionary code counted once.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SqlStore } from '../../../src/core/store/sqlStore';
import { eventRows, idRangeSummary } from '../../../src/core/store/events';
import { hostsAndTimes, recordPointers } from '../../../src/core/store/recordPointers';
import { dictionary } from '../../../src/core/schema/storage';
import type { LoadedRecord } from '../../../src/core/types/records';

const HOSTS = ['WS5', 'ws5', 'DC01', 'Ω-HOST', '😀-HOST', '\uffff-HOST', null];
const CHANNELS = ['Security', 'Microsoft-Windows-Sysmon/Operational', null];

function records(n: number, hosts = HOSTS, channels = CHANNELS): LoadedRecord[] {
  return Array.from({ length: n }, (_, i) => ({
    pointer: { line: i + 1, offset: i * 10, length: 9 },
    event: { ts: i % 11 === 0 ? null : 1_600_000_000_000 + ((i * 7919) % 5000), host: hosts[i % hosts.length]!, channel: channels[i % 5 % channels.length]!, event_id: i % 13 === 0 ? null : 4624 + (i % 4) },
  }));
}

/** The summary as the view states it (what idRangeSummary answered before it read the base table). */
function fromView(store: SqlStore, first: number, last: number) {
  const range = [first, last];
  const where = 'WHERE id BETWEEN ? AND ?';
  const span = store.all(`SELECT min(ts) AS start, max(ts) AS end, count(*) - count(ts) AS untimed FROM events ${where}`, range)[0]!;
  const counts = (column: string) => Object.fromEntries(store.all(`SELECT ${column} AS k, count(*) AS n FROM events ${where} GROUP BY 1`, range).map((r) => [String(r.k), Number(r.n)]));
  return {
    start: span.start === null ? null : Number(span.start), end: span.end === null ? null : Number(span.end), untimed: Number(span.untimed),
    hosts: store.all(`SELECT DISTINCT host FROM events ${where} AND host IS NOT NULL ORDER BY host`, range).map((r) => String(r.host)),
    byChannel: counts('channel'), byEventId: counts('event_id'),
  };
}

test('the one-pass summary equals the view\'s, per id range, with duplicate dictionary codes and NULLs', async () => {
  const store = await SqlStore.open();
  try {
    const source = store.addSource({ path: 'a.json', member: null, format: 'json', dialect: 'nxlog' });
    store.insertBatch(source, records(700));
    // Text first stored through the view's trigger gets a second code when the loader, whose map does not know it, meets it.
    store.execute("INSERT INTO events (host, channel, event_id, ts, source_id, \"offset\", length) VALUES ('TRIGGERED', 'Triggered/Channel', 4624, 5, ?, 0, 1)", [source]);
    store.insertBatch(source, records(300, [...HOSTS, 'TRIGGERED'], [...CHANNELS, 'Triggered/Channel']));
    assert.equal(store.all("SELECT count(*) AS n FROM dict_host WHERE value = 'TRIGGERED'")[0]!.n, 2);
    assert.equal(store.all(`SELECT count(*) AS n FROM ${dictionary('channel')} WHERE value = 'Triggered/Channel'`)[0]!.n, 2);
    const last = Number(store.all('SELECT max(id) AS id FROM event_rows')[0]!.id);
    for (const [first, to] of [[1, last], [1, 700], [650, 720], [701, 701], [2000, 3000]] as const) {
      const summary = idRangeSummary(store, first, to);
      assert.deepEqual(summary, fromView(store, first, to), `ids ${first}-${to}`);
      // Most frequent channel first.
      const counts = Object.values(summary.byChannel);
      assert.deepEqual(counts, [...counts].sort((a, b) => b - a), `ids ${first}-${to}`);
    }
    assert.ok(idRangeSummary(store, 1, last).hosts.includes('😀-HOST'));
  } finally {
    store.close();
  }
});

test('the summary from the columns in memory equals the view\'s, per id range, over several loads', async () => {
  const store = await SqlStore.open();
  try {
    const a = store.addSource({ path: 'a.json', member: null, format: 'json', dialect: 'nxlog' });
    store.insertBatch(a, records(700));
    const b = store.addSource({ path: 'b.json', member: null, format: 'json', dialect: 'nxlog' });
    store.insertBatch(b, records(300, [...HOSTS, 'LATE'], [...CHANNELS, 'Late/Channel']));
    const view = store.columns();
    assert.ok(view?.has('channel') && view.has('host') && view.has('event_id'), 'the store keeps the summary\'s columns in memory');
    for (const [first, to] of [[1, 1000], [1, 700], [650, 720], [701, 1000], [701, 701], [999, 1000]] as const) {
      assert.deepEqual(idRangeSummary(store, first, to), fromView(store, first, to), `ids ${first}-${to}`);
    }
    assert.deepEqual(idRangeSummary(store, 701, 1000).hosts, [...HOSTS.filter((h): h is string => h !== null), 'LATE'].sort((x, y) => Buffer.compare(Buffer.from(x), Buffer.from(y))));
  } finally {
    store.close();
  }
});

test('rows, pointers and facts by id: many ids in one call, duplicates once, unknown ids left out', async () => {
  const store = await SqlStore.open();
  try {
    const source = store.addSource({ path: 'a.json', member: null, format: 'json', dialect: 'nxlog' });
    store.insertBatch(source, records(1500));
    // More ids than one statement may bind (SQLite's limit is 32766 here; they are bound as one JSON array).
    const ids = [...Array.from({ length: 1500 }, (_, i) => 1500 - i), 7, 7, 99_999, ...Array.from({ length: 40_000 }, (_, i) => 100_000 + i)];
    const rows = eventRows(store, ids);
    assert.equal(rows.size, 1500);
    for (const id of [1, 7, 700, 1500]) assert.deepEqual(rows.get(id), store.all('SELECT * FROM events WHERE id = ?', [id])[0], `row ${id}`);
    assert.equal(rows.has(99_999), false);
    const pointers = recordPointers(store, ids);
    assert.equal(pointers.size, 1500);
    assert.deepEqual(pointers.get(700), { id: 700, sourceId: source, offset: 6990, length: 9 });
    // Event 12 is record 11: untimed (records()).
    const facts = hostsAndTimes(store, [3, 12]);
    assert.deepEqual([...facts.keys()].sort((a, b) => a - b), [3, 12]);
    assert.deepEqual(facts.get(12), { host: HOSTS[11 % HOSTS.length], ts: null });
    assert.equal(eventRows(store, []).size, 0);
  } finally {
    store.close();
  }
});
