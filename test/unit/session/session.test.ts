// The session API as the CLI and the worker call it, in process: load, stats, run (chains
// carry their events' processes), one event's details, neighbours, candidates, field values,
// and the near-miss explanation; nothing here needs the bundled worker.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
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
