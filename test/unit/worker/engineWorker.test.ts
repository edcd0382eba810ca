// The engine worker through its host-side client, as the extension uses it: load with
// progress and cancellation, stats, values, runs, raw records, neighbours. Runs the bundled
// worker (dist/engineWorker.js, built by `npm test` before the unit tests).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { EngineClient } from '../../../src/worker/engineClient';

const WORKER = resolve('dist/engineWorker.js');
const FIXTURE = resolve('test/fixtures/worker/psexec-like.ndjson');
const HUNT = resolve('test/fixtures/worker/svc.hunt');
const skip = existsSync(WORKER) ? false : 'dist/engineWorker.js not built: run `npm run build` (npm test does)';
const BUDGET = 256 * 1024 * 1024;

test('load, stats, values, run, raw and neighbours through the worker', { skip }, async () => {
  const client = new EngineClient(WORKER);
  try {
    const report = await client.request('load', { paths: [FIXTURE], budgetBytes: BUDGET });
    assert.equal(report.events, 3);
    assert.equal(report.sources[0]!.rejected, 1);
    assert.equal(report.sources[0]!.rejections[0]!.line, 3, 'the bad line is named');

    const stats = await client.request('stats', {});
    assert.equal(stats.events, 3);
    assert.ok(stats.sizeBytes > 0);
    assert.equal(stats.budgetBytes, BUDGET);

    const byAlias = await client.request('topValues', { field: 'Image', limit: 5 });
    const byName = await client.request('topValues', { field: 'image', limit: 5 });
    assert.deepEqual(byAlias, byName, 'an alias reads the same column');
    assert.equal(byName.length, 3);
    const original = await client.request('topValues', { field: 'Initiated', limit: 5 });
    assert.deepEqual(original, [{ value: 'false', count: 3 }], 'original fields are read from the raw records');
    const fields = await client.request('fieldsSeen', {});
    assert.ok(fields.includes('dst_port') && fields.includes('@version') && !fields.includes('offset'));

    const text = readFileSync(HUNT, 'utf8');
    const [run] = await client.request('run', { documents: [{ uri: pathToFileURL(HUNT).href, text }], lists: {} });
    assert.equal(run!.chains.length, 1);
    const [inbound, child] = run!.chains[0]!.steps;
    assert.equal(inbound!.events[0]!.source.line, 2);
    assert.equal(child!.events[0]!.source.line, 4);

    const raw = await client.request('raw', { eventId: child!.events[0]!.id });
    assert.equal(raw.text, readFileSync(FIXTURE, 'utf8').split('\n')[3], 'the raw record is the exact source line');
    assert.equal(raw.plainFile, true);

    const details = await client.request('event', { eventId: child!.events[0]!.id });
    assert.equal(details.raw.text, raw.text, 'one request brings the columns and the raw record');
    assert.equal(details.fields.process_name, 'cmd.exe');
    assert.equal(child!.events[0]!.process?.parentGuid, inbound!.events[0]!.process?.guid, 'chains arrive with their lineage');

    const around = await client.request('neighbours', { eventId: inbound!.events[0]!.id, seconds: 60, limit: 10 });
    assert.deepEqual(around.map((e) => e.source.line), [1, 2, 4]);

    const broken = await client.request('run', { documents: [{ uri: 'untitled:x.hunt', text: text.replace('parent_name', 'parent_nme') }], lists: {} });
    assert.equal(broken[0]!.chains.length, 0);
    assert.ok(broken[0]!.diagnostics.some((d) => d.code === 'HUNT2001'), 'a misspelt field is reported, not run');

    const explanation = await client.request('explain', { document: { uri: pathToFileURL(HUNT).href, text }, analytic: 'TEST-SVC', lists: {} });
    assert.deepEqual(explanation.steps.map((s) => [s.step, s.candidates, s.reached]), [['inbound', 1, 1], ['child', 1, 1]]);
    const nearMiss = await client.request('explain', { document: { uri: 'untitled:x.hunt', text: text.replace('within 5m', 'within 100ms') }, analytic: 'TEST-SVC', lists: {} });
    assert.deepEqual(nearMiss.steps.map((s) => s.reached), [1, 0], 'the chain dies at the child step when the window is too short');
    assert.equal(nearMiss.chains, 0);

    const tests = await client.request('inlineTests', { document: { uri: pathToFileURL(HUNT).href, text } });
    assert.deepEqual(tests.map((t) => [t.name, t.passed]), [['accept then child', true]]);
    const wrong = await client.request('inlineTests', { document: { uri: pathToFileURL(HUNT).href, text: text.replace('expect 1', 'expect 2') } });
    assert.deepEqual(wrong.map((t) => [t.passed, t.expected, t.actual]), [[false, 2, 1]]);

    await client.request('reset', {});
    assert.equal((await client.request('stats', {})).events, 0);
  } finally {
    await client.dispose();
  }
});

test('a load cancelled while queued stops cleanly and keeps the session usable', { skip }, async () => {
  const client = new EngineClient(WORKER);
  try {
    const first = client.request('load', { paths: [FIXTURE], budgetBytes: BUDGET });
    const abort = new AbortController();
    const second = client.request('load', { paths: [FIXTURE], budgetBytes: BUDGET }, { signal: abort.signal });
    abort.abort();
    assert.equal((await first).events, 3);
    const stopped = await second;
    assert.equal(stopped.stopped, true);
    assert.equal((await client.request('stats', {})).events, 3, 'the cancelled load added nothing');
  } finally {
    await client.dispose();
  }
});

test('the host thread stays responsive while the worker loads', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-worker-'));
  const lines = readFileSync(FIXTURE, 'utf8').split('\n').filter((l) => l.endsWith('}'));
  const big = join(dir, 'many.ndjson');
  writeFileSync(big, Array.from({ length: 20_000 }, (_, i) => lines[i % lines.length]!.replace(/"RecordNumber": \d+/, `"RecordNumber": ${i}`)).join('\n'));
  const client = new EngineClient(WORKER);
  try {
    await client.request('stats', {}); // start the worker first: only the load is measured
    let worst = 0;
    let last = performance.now();
    const timer = setInterval(() => {
      const now = performance.now();
      worst = Math.max(worst, now - last);
      last = now;
    }, 10);
    let progress = 0;
    const report = await client.request('load', { paths: [big], budgetBytes: BUDGET }, { onProgress: () => progress++ });
    clearInterval(timer);
    assert.equal(report.events, 20_000);
    assert.ok(progress > 0, 'progress was reported');
    // Loading on the host thread would block it for the whole load (over a second here); the
    // bound leaves room for a busy shared machine delaying the timer.
    assert.ok(worst < Math.max(500, report.millis / 2), `host event loop stalled ${Math.round(worst)} ms during a ${report.millis} ms load`);
  } finally {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('load with the workspace inventory: its pins attribute sensor rows, its bad lines are reported', { skip }, async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hb-worker-inventory-'));
  const client = new EngineClient(WORKER);
  try {
    const conn = join(dir, 'conn.log');
    writeFileSync(conn, [
      '#separator \\x09', '#path\tconn',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state',
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring',
      '1614592800.000000\tC1\t10.10.10.5\t41000\t10.0.0.30\t22\ttcp\t-\t-\t-\t-\tS0',
    ].join('\n') + '\n');
    const inventoryFile = join(dir, 'hosts.csv');
    writeFileSync(inventoryFile, 'host,address,from,to\nWEB01,10.0.0.30,,\nWS9,not-an-address,,\n');
    const report = await client.request('load', { paths: [conn], budgetBytes: BUDGET, inventoryFile });
    assert.deepEqual(report.inventory, { file: inventoryFile, pins: 1, problems: [`${inventoryFile}:3: "not-an-address" is not an IP address`] });
    assert.equal(report.hosts?.attributed, 1, 'the pinned address names the host of the probe');
    const [row] = (await client.request('topValues', { field: 'host', limit: 5 }));
    assert.deepEqual(row, { value: 'WEB01', count: 1 });

    const missing = await client.request('load', { paths: [], budgetBytes: BUDGET, inventoryFile: join(dir, 'absent.csv') });
    assert.equal(missing.inventory?.pins, 0);
    assert.match(missing.inventory!.problems[0]!, /absent\.csv: not read \(ENOENT\)/);
  } finally {
    await client.dispose();
    rmSync(dir, { recursive: true, force: true });
  }
});
