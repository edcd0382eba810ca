// The eval run end to end on the project's own labelled captures (test/fixtures/eval): loads,
// analytics, judgements, and a miss explained by the step where the host's chains die.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { huntFiles, loadHuntFile, loadHuntText } from '../../../src/core/dsl/load';
import { HuntSession } from '../../../src/core/session/session';
import { evaluate } from '../../../src/core/eval/evaluate';
import { explainMiss } from '../../../src/core/eval/missExplain';
import { reportText } from '../../../src/core/eval/report';
import { defaultModules } from '../../../src/core/ingest/loadModules';

const REPO = join(__dirname, '..', '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'eval');
const plans = huntFiles([join(REPO, 'analytics')]).flatMap((p) => loadHuntFile(p).plans);

test('the project labels: every case judged, absent labels files skipped, the report names each analytic', async () => {
  const report = await evaluate([join(FIXTURES, 'labels.json'), join(FIXTURES, 'absent.json')], plans, defaultModules);
  assert.deepEqual(report.errors, []);
  assert.equal(report.results.length, 2);
  const an0327 = report.confusion.find((c) => c.analytic === 'AN0327')!;
  assert.equal(an0327.cases, 2);
  assert.equal(an0327.truePositives + an0327.misses, 1);
  assert.match(reportText(report), /^# per analytic\nAN0327 +cases +2 /);
});

test('cases whose analytic is not loaded, or whose capture is absent, are skipped with the reason', async () => {
  const report = await evaluate([join(FIXTURES, 'labels.json')], plans.filter((p) => p.id !== 'AN0327'), defaultModules);
  assert.equal(report.results.length, 0);
  assert.deepEqual(report.skipped.map((s) => s.reason), ['no analytic AN0327 was loaded', 'no analytic AN0327 was loaded']);
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-eval-'));
  try {
    writeFileSync(join(dir, 'labels.json'), JSON.stringify({ cases: [{ load: ['gone.zip'], analytic: 'AN0327', kind: 'none' }] }));
    const absent = await evaluate([join(dir, 'labels.json')], plans, defaultModules);
    assert.deepEqual(absent.skipped.map((s) => s.reason), [`absent: ${join(dir, 'gone.zip')}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a miss names the step where the host\'s partial chains died and the events nearest to it', async () => {
  const plan = loadHuntText(join(FIXTURES, 'x.hunt'), `analytic "T" {
  title "t"
  severity low
  sequence by host within 1m
    step access: network where direction == "inbound" and dst_port == 135
    step child: process where parent_name == "wmiprvse.exe" and process_name == "cmd.exe"
}`).plans[0]!;
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load([join(FIXTURES, 'wmi-unnamed-implant.json')]);
    const miss = explainMiss(session.store, plan, 'SRV2');
    assert.equal(miss?.step, 'child');
    assert.equal(miss.reachedBefore, 1);
    assert.equal(miss.candidates, 0);
    // Nothing matches the step: the host's process events after the access are shown.
    assert.deepEqual(miss.nearest.map((e) => e.summary), ['svchost.exe started C:\\Windows\\system32\\wbem\\wmiprvse.exe -secured -Embedding', 'wmiprvse.exe started "C:\\Users\\Public\\upd4te.exe"']);
    assert.equal(explainMiss(session.store, plan, 'NOSUCHHOST')?.step, 'access');
  } finally {
    session.close();
  }
});
