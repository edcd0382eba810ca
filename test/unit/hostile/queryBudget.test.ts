// Ad-hoc SQL under budgets: a query that never ends (an unbounded recursive CTE, a cross join
// of cross joins) stops at its time budget with a message, values a query sizes itself
// (randomblob, zeroblob) are capped, a huge result stops at its byte budget; the session
// answers the next query with its data intact, and the query worker cannot write to it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { descriptorsOn } from '../raw/descriptors';
import { setTimeout as sleep } from 'node:timers/promises';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { main } from '../../../src/core/cli';

const FIXTURE = join(__dirname, '../../fixtures/store/psexec-nxlog.ndjson');

async function session(): Promise<HuntSession> {
  const s = await HuntSession.create(defaultModules);
  await s.load([FIXTURE]);
  return s;
}

const count = async (s: HuntSession) => (await s.queryBounded('SELECT count(*) FROM events')).rows[0]![0];

test('a query that never ends stops at its time budget; the session answers the next one', { timeout: 60_000 }, async () => {
  const s = await session();
  try {
    for (const sql of ['WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c',
      'SELECT count(*) FROM events a, events b, events c, events d, events e, events f, events g, events h, events i, events j, events k, events l']) {
      const started = Date.now();
      await assert.rejects(s.queryBounded(sql, [], { budget: { timeMs: 1500 } }), /ran past its time budget of 1.5 s and was stopped/);
      assert.ok(Date.now() - started < 15_000);
    }
    assert.equal(await count(s), 5);
  } finally {
    s.close();
  }
});

test('a query stopped while it holds the logs open for raw_field() leaves no file open', { timeout: 60_000, skip: process.platform !== 'linux' && 'counts /proc/self/fd' }, async () => {
  const s = await session();
  try {
    const images = "SELECT count(raw_field(id, 'Image')) FROM events";
    const expected = s.query(images).rows[0]![0]; // on this thread: its file is closed when the event loop turns
    await new Promise((resolve) => setImmediate(resolve));
    assert.equal(descriptorsOn(FIXTURE), 0);
    assert.equal((await s.queryBounded(images)).rows[0]![0], expected);
    assert.equal(descriptorsOn(FIXTURE), 0, 'a query that answered');
    // The raw fields are read first, then the statement runs on past its budget with the file open.
    const sql = "SELECT (SELECT count(raw_field(id, 'Image')) FROM events) + (WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT count(*) FROM c)";
    await assert.rejects(s.queryBounded(sql, [], { budget: { timeMs: 1000 } }), /ran past its time budget/);
    for (let waited = 0; descriptorsOn(FIXTURE) > 0 && waited < 5000; waited += 50) await sleep(50);
    assert.equal(descriptorsOn(FIXTURE), 0, 'a query stopped in the middle');
  } finally {
    s.close();
  }
});

test('values a query sizes itself are capped, and a huge result stops at its byte budget', { timeout: 60_000 }, async () => {
  const s = await session();
  try {
    await assert.rejects(s.queryBounded('SELECT randomblob(1000000000)'), /randomblob\(1000000000\) is over the value budget of 16\.0 MiB/);
    await assert.rejects(s.queryBounded('SELECT length(zeroblob(2000000000))'), /zeroblob\(2000000000\) is over the value budget/);
    assert.equal((await s.queryBounded('SELECT length(randomblob(1000))')).rows[0]![0], 1000);
    const big = await s.queryBounded("SELECT printf('%.*c', 1000000, 'x') FROM events", [], { budget: { resultBytes: 3_000_000 } });
    assert.equal(big.rows.length, 1);
    assert.match(big.stopReason ?? '', /stopped after 1 rows: the result reached its budget of 2\.9 MiB/);
    assert.equal(await count(s), 5);
  } finally {
    s.close();
  }
});

test('the query worker reads the session\'s pages but cannot write them', { timeout: 60_000 }, async () => {
  const s = await session();
  try {
    for (const sql of ['DELETE FROM events', 'PRAGMA query_only = OFF', 'DROP TABLE events', "UPDATE events SET host = 'x'", 'CREATE TABLE t(x)', 'VACUUM']) {
      await s.queryBounded(sql).catch(() => undefined);
    }
    assert.equal(await count(s), 5);
    assert.equal(s.query('SELECT count(*) FROM events').rows[0]![0], 5);
    assert.equal((await s.queryBounded("SELECT raw_field(1, 'Hostname')")).rows[0]![0], 'WORKSTATION6.theshire.local');
  } finally {
    s.close();
  }
});

test('CLI: query --timeout-s stops a runaway query with the message', { timeout: 60_000 }, async () => {
  const err: string[] = [];
  const code = await main(['query', FIXTURE, '--timeout-s', '1', '--sql', 'WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x+1 FROM c) SELECT max(x) FROM c'], { out: () => undefined, err: (t) => err.push(t) });
  assert.equal(code, 1);
  assert.match(err.join('\n'), /ran past its time budget of 1 s and was stopped/);
});

test('a load stops at its time budget between batches and keeps what it has', async () => {
  // The fixture's valid lines only: a rejection is a stop check too, before the batch's records are stored.
  const valid = readFileSync(FIXTURE, 'utf8').split('\n').filter((line) => { try { return JSON.parse(line) !== null; } catch { return false; } });
  const path = join(mkdtempSync(join(tmpdir(), 'budget-')), 'valid.ndjson');
  writeFileSync(path, valid.join('\n'));
  const s = await HuntSession.create(defaultModules);
  try {
    const report = await s.load([path], { timeBudgetMs: 0, batchSize: 2, parallel: false });
    assert.equal(report.stopped, true);
    assert.match(report.stopReason ?? '', /^Stopped at 2 events: loading ran past its time budget of 0 s\. What was loaded is kept/);
    assert.equal(s.query('SELECT count(*) FROM events').rows[0]![0], 2);
  } finally {
    s.close();
  }
});

test('a time budget past what setTimeout keeps (24.8 days) lets a query answer; --timeout-s refuses Infinity', { timeout: 60_000 }, async () => {
  // Node runs a longer timer after 1 ms: `SELECT 1` was stopped at once as past its budget.
  const s = await session();
  try {
    assert.equal((await s.queryBounded('SELECT 1', [], { budget: { timeMs: 3_000_000_000 } })).rows[0]![0], 1);
  } finally {
    s.close();
  }
  const err: string[] = [];
  const code = await main(['query', FIXTURE, '--timeout-s', '1e309', '--sql', 'SELECT 1'], { out: () => undefined, err: (t) => err.push(t) });
  assert.equal(code, 2);
  assert.match(err.join('\n'), /--timeout-s needs a positive number of seconds, got 1e309/);
});
