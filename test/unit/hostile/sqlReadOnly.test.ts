// The ad-hoc query path is read-only and a query cannot destroy a session: writes, DDL and
// stacked statements fail, and `PRAGMA query_only = OFF` (which used to leave the session
// writable for the next query) no longer opens the way to a DELETE. Values in event data
// that look like SQL stay values.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';

const FIXTURE = join(__dirname, '../../fixtures/store/sysmon.ndjson');

test('ad-hoc queries cannot write, even after PRAGMA query_only = OFF; the session survives', async () => {
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load([FIXTURE], { parallel: false });
    const before = session.stats().events;
    assert.ok(before > 0);
    for (const attack of ['DELETE FROM events', 'DROP VIEW events', 'DROP TABLE event_rows', 'DELETE FROM dict_host', 'INSERT INTO events(id) VALUES (999999)', 'UPDATE events SET host = NULL', 'CREATE TABLE t(a)', 'VACUUM']) {
      assert.throws(() => session.query(attack), /readonly|read-only/i, attack);
    }
    assert.throws(() => session.query('SELECT 1; DROP TABLE events'), /one SQL statement at a time/);
    session.query('PRAGMA query_only = OFF');
    assert.throws(() => session.query('DELETE FROM events'), /readonly/i);
    assert.equal(session.stats().events, before);
    assert.equal(session.query('SELECT count(*) FROM events WHERE host = ?', ["x'); DROP TABLE events; --"]).rows[0]![0], 0);
    assert.equal(session.stats().events, before);
    // Loading still works afterwards: read-only is lifted for the load and set again.
    await session.load([FIXTURE], { parallel: false });
    assert.equal(session.stats().events, before * 2);
    assert.throws(() => session.query('DELETE FROM events'), /readonly/i);
  } finally {
    session.close();
  }
});
