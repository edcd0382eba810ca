// The engine worker's young generation and the flag the benches run the engine with
// (bench/child.ts) must be the same size, or the benches time another collector than the
// editor's. Both are V8 settings, mapped by V8 (a young generation is three semi-spaces):
// each is measured here as the new space a burst of short-lived objects grows to.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { Worker } from 'node:worker_threads';
import { ENGINE_RESOURCE_LIMITS, ENGINE_SEMI_SPACE_MB } from '../../../src/worker/engineClient';
import { ENGINE_V8_FLAGS } from '../../../bench/child';

// Objects that live a while (up to 20k arrays at a time) grow the new space to its largest.
const GROW_AND_REPORT = `
  const held = [];
  for (let i = 0; i < 6e5; i++) { held.push(new Array(64).fill(i)); if (held.length > 2e4) held.length = 0; }
  const space = require('node:v8').getHeapSpaceStatistics().find((s) => s.space_name === 'new_space');
  const report = String(space.space_size / 1048576);
`;

function inWorker(resourceLimits: Worker['resourceLimits'] & object): Promise<number> {
  const worker = new Worker(`${GROW_AND_REPORT}; require('node:worker_threads').parentPort.postMessage(report);`, { eval: true, resourceLimits });
  return new Promise((resolve, reject) => {
    worker.once('message', (mb: string) => resolve(Number(mb)));
    worker.once('error', reject);
  });
}

function inProcess(flags: readonly string[]): number {
  const run = spawnSync(process.execPath, [...flags, '-e', `${GROW_AND_REPORT}; console.log(report);`], { encoding: 'utf8' });
  assert.equal(run.status, 0, run.stderr);
  return Number(run.stdout.trim());
}

test('the engine worker and the benches get the same young generation, larger than V8\'s default', async () => {
  const worker = await inWorker(ENGINE_RESOURCE_LIMITS);
  assert.equal(worker, 2 * ENGINE_SEMI_SPACE_MB, 'the new space is the two halves');
  assert.equal(inProcess(ENGINE_V8_FLAGS), worker);
  assert.ok(inProcess([]) < worker, 'without the flag a process has a smaller one');
});
