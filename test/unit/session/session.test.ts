// The session API as the CLI and the worker call it, in process: load, stats, run (chains
// carry their events' processes), one event's details, neighbours, candidates, field values,
// the near-miss explanation and Sigma detections as timeline marks; nothing here needs the bundled worker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import { HuntSession } from '../../../src/core/session/session';

const FIXTURE = resolve('test/fixtures/worker/psexec-like.ndjson');
const HUNT = resolve('test/fixtures/worker/svc.hunt');
const document = { uri: pathToFileURL(HUNT).href, text: readFileSync(HUNT, 'utf8') };

test('chains come back with lineage attached; details, neighbours and candidates answer by event id', async () => {
  const session = await HuntSession.create(undefined, { budgetBytes: 64 * 1024 * 1024 });
  try {
    await session.load([FIXTURE], { budget: 32 * 1024 * 1024 });
    const stats = session.stats();
    assert.equal(stats.events, 3);
    assert.equal(stats.budgetBytes, 32 * 1024 * 1024, 'the budget of the last load');
    assert.equal(stats.sources[0]!.rejected, 1);

    const [run] = session.run([document]);
    const [inbound, child] = run!.chains[0]!.steps;
    assert.deepEqual(inbound!.events[0]!.process, { guid: '{a-2}', parentGuid: null, name: 'services.exe' });
    assert.deepEqual(child!.events[0]!.process, { guid: '{a-3}', parentGuid: '{a-2}', name: 'cmd.exe' });
    const story = run!.chains[0]!.story!;
    assert.match(story.sentences[1]!, /services\.exe started cmd\.exe/, 'and with their story, told from the same rows');

    const details = session.event(child!.events[0]!.id);
    assert.equal(details.fields.process_name, 'cmd.exe');
    assert.equal(details.raw.text, readFileSync(FIXTURE, 'utf8').split('\n')[3]);
    assert.throws(() => session.event(999), /no event with id 999/);

    const around = session.neighbours(inbound!.events[0]!.id, 60, 10);
    assert.deepEqual(around.map((e) => e.process?.name), ['svchost.exe', 'services.exe', 'cmd.exe']);

    assert.equal(session.candidates(document, 'TEST-SVC', 'inbound'), 1);
    assert.equal(session.candidates(document, 'TEST-SVC', 'nosuchstep'), 0);
    const nearMiss = session.explain({ ...document, text: document.text.replace('within 5m', 'within 100ms') }, 'TEST-SVC');
    assert.deepEqual(nearMiss.steps.map((s) => s.reached), [1, 0]);

    assert.deepEqual(session.topValues('Image', 5).map((v) => v.count), [1, 1, 1]);
    assert.ok(session.fieldsSeen().includes('@version'), 'original fields are sampled from the raw records');
  } finally {
    session.close();
  }
});

test('workspace lists reach the checker and the compiler; the document\'s own list wins', async () => {
  const session = await HuntSession.create();
  try {
    await session.load([FIXTURE]);
    const text = document.text.replace('process_name == "services.exe"', 'process_name in svc');
    assert.equal(session.run([{ ...document, text }])[0]!.chains.length, 0, 'an unknown list is an error, not a run');
    assert.equal(session.run([{ ...document, text }], { svc: ['services.exe'] })[0]!.chains.length, 1);
    assert.equal(session.run([{ ...document, text }], { svc: ['lsass.exe'] })[0]!.chains.length, 0);
    const own = `list svc = ["services.exe"]\n${text}`;
    assert.equal(session.run([{ ...document, text: own }], { svc: ['lsass.exe'] })[0]!.chains.length, 1);
  } finally {
    session.close();
  }
});

test('sigmaMarks: the last Sigma run\'s detections on one host as chain events, each with every rule that matched it', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-marks-'));
  const rule = (id: string, title: string, level: string, selection: string) =>
    `title: ${title}\nid: ${id}\nlevel: ${level}\nlogsource:\n  category: process_creation\n  product: windows\ndetection:\n  selection:\n${selection}\n  condition: selection\n`;
  writeFileSync(join(dir, 'a.yml'), rule('00000000-0000-0000-0000-00000000000a', 'Cmd under services', 'high', "    ParentImage|endswith: '\\services.exe'"));
  writeFileSync(join(dir, 'b.yml'), rule('00000000-0000-0000-0000-00000000000b', 'Whoami', 'medium', "    CommandLine|contains: 'whoami'"));
  const session = await HuntSession.create();
  try {
    await session.load([FIXTURE]);
    assert.deepEqual(session.sigmaMarks('WORKSTATION6', 10), [], 'no Sigma run yet: no marks');
    const report = await session.sigmaReport([dir]);
    const host = report.detections[0]!.events[0]!.host;
    const marks = session.sigmaMarks(host, 10);
    assert.equal(marks.length, 1, 'one event, matched by two rules');
    assert.match(marks[0]!.event.summary, /cmd\.exe/);
    assert.deepEqual(marks[0]!.event.process?.name, 'cmd.exe', 'with its process, like a chain event');
    assert.deepEqual(marks[0]!.rules.map((r) => [r.title, r.level]), [['Cmd under services', 'high'], ['Whoami', 'medium']]);
    assert.deepEqual(session.sigmaMarks('ANOTHER-HOST', 10), []);
    assert.deepEqual(session.sigmaMarks(host, 0), [], 'at most `limit`');
  } finally {
    session.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
