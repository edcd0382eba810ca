// Fault isolation of the engine worker: when the worker thread dies mid-request (an
// out-of-memory abort or a bug; stood in for here by terminating the thread from outside),
// the waiting request fails with a message, the host hears of it once (the extension then
// reports it and offers to reload the session), and the next request starts a fresh, empty
// engine that loads again. Runs the bundled worker, as engineWorker.test.ts does.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { EngineClient } from '../../../src/worker/engineClient';

const WORKER = resolve('dist/engineWorker.js');
const FIXTURE = resolve('test/fixtures/worker/psexec-like.ndjson');
const skip = existsSync(WORKER) ? false : 'dist/engineWorker.js not built: run `npm run build` (npm test does)';

test('a dead engine worker fails its request, is reported once, and the next request gets a fresh engine', { skip, timeout: 60_000 }, async () => {
  const lost: string[] = [];
  const client = new EngineClient(WORKER, (reason) => lost.push(reason));
  try {
    const first = await client.request('load', { paths: [FIXTURE], budgetBytes: 256 * 1024 * 1024 });
    assert.ok(first.events > 0);
    // A long load (the fixture many times over), so the thread dies while it works.
    const pending = client.request('load', { paths: Array.from({ length: 2000 }, () => FIXTURE), budgetBytes: 256 * 1024 * 1024 });
    // The client's thread, as it would die: EngineClient keeps it private.
    await (client as unknown as { worker: Worker }).worker.terminate();
    await assert.rejects(pending, /Huntbench engine exited \(code \d+\); loaded logs were lost/);
    assert.equal(lost.length, 1);
    assert.match(lost[0]!, /loaded logs were lost/);
    const fresh = await client.request('stats', {});
    assert.equal(fresh.events, 0);
    const again = await client.request('load', { paths: [FIXTURE], budgetBytes: 256 * 1024 * 1024 });
    assert.equal(again.events, first.events);
  } finally {
    await client.dispose();
  }
});
