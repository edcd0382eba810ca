// Analytic runs under a time budget and a cancel that works mid-way: a run past its budget,
// or cancelled while it searches, stops between anchors with a message and keeps the chains
// found before; in the editor the cancel reaches the engine's synchronous search through
// shared memory (a `cancel` message would wait for the run to end), and the engine's query
// and run workers answer the next request.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { loadHuntText } from '../../../src/core/dsl/load';
import { storeOf, normalizeTestEvent } from '../../../src/core/session/inlineTests';
import { runAnalytics } from '../../../src/core/match/run';
import { EngineClient } from '../../../src/worker/engineClient';

const ANALYTIC = 'analytic "ONE" {\n title "t"\n severity low\n sequence by host within 5m\n  step a: process where image like "*cmd.exe"\n}\n';
const events = Array.from({ length: 40 }, (_, i) => normalizeTestEvent({ host: `H${i % 20}`, ts: 1_700_000_000_000 + i * 1000, category: 'process', image: 'c:\\cmd.exe' }));

test('a run past its time budget stops with a message; a cancel mid-way keeps the chains found before', async () => {
  const plans = loadHuntText('/tmp/one.hunt', ANALYTIC).plans;
  const store = await storeOf('run-budget', events);
  const full = runAnalytics(store, plans);
  assert.equal(full.chains.length, 40);
  assert.equal(full.stats.stopReason, undefined);
  const late = runAnalytics(store, plans, { timeBudgetMs: -1 });
  assert.equal(late.chains.length, 0);
  assert.match(late.stats.stopReason ?? '', /^the run reached its time budget of 0 s and stopped; the chains found before are kept/);
  let polls = 0;
  const cancelled = runAnalytics(store, plans, { cancelled: () => ++polls > 12 });
  assert.match(cancelled.stats.stopReason ?? '', /^the run was cancelled; the chains found before are kept/);
  assert.ok(cancelled.chains.length > 0 && cancelled.chains.length < 40, `${cancelled.chains.length} chains`);
});

const WORKER = resolve('dist/engineWorker.js');
test('editor: a cancel reaches the engine\'s run through shared memory', { skip: existsSync(WORKER) ? false : 'dist/engineWorker.js not built (npm test builds it)' }, async () => {
  const client = new EngineClient(WORKER);
  try {
    await client.request('load', { paths: [resolve('test/fixtures/worker/psexec-like.ndjson')], budgetBytes: 256 * 1024 * 1024 });
    const hunt = resolve('test/fixtures/worker/svc.hunt');
    const documents = [{ uri: pathToFileURL(hunt).href, text: readFileSync(hunt, 'utf8') }];
    const abort = new AbortController();
    const pending = client.request('run', { documents, lists: {} }, { signal: abort.signal });
    abort.abort(); // set before the engine starts the run: it must see it at its first check
    const [run] = await pending;
    assert.match(run!.stopReason ?? '', /the run was cancelled/);
    const [again] = await client.request('run', { documents, lists: {} });
    assert.equal(again!.stopReason, undefined);
    assert.equal(again!.chains.length, 1);
  } finally {
    await client.dispose();
  }
});
