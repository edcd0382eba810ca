// The eval run end to end on the project's own labelled captures (test/fixtures/eval): loads,
// analytics, judgements, and a miss explained by the step where the host's chains die.
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { evaluate } from '../../../src/core/eval/evaluate';
import { reportText } from '../../../src/core/eval/report';
import { defaultModules } from '../../../src/core/ingest/loadModules';

const REPO = join(__dirname, '..', '..', '..');
const FIXTURES = join(REPO, 'test', 'fixtures', 'eval');
const files = huntFiles([join(REPO, 'analytics')]).map((p) => loadHuntFile(p));

test('the project labels: every case judged, absent labels files skipped, the report names each analytic', async () => {
  const report = await evaluate([join(FIXTURES, 'labels.json'), join(FIXTURES, 'absent.json')], files, defaultModules);
  assert.deepEqual(report.errors, []);
  assert.equal(report.results.length, 2);
  const an0327 = report.confusion.find((c) => c.analytic === 'AN0327')!;
  assert.equal(an0327.cases, 2);
  assert.equal(an0327.truePositives + an0327.misses, 1);
  assert.match(reportText(report), /^# per analytic\nAN0327 +cases +2 /);
});

test('cases whose analytic is not loaded, or whose capture is absent, are skipped with the reason', async () => {
  const report = await evaluate([join(FIXTURES, 'labels.json')], files.filter((f) => !f.plans.some((p) => p.id === 'AN0327')), defaultModules);
  assert.equal(report.results.length, 0);
  assert.deepEqual(report.skipped.map((s) => s.reason), ['no analytic AN0327 was loaded', 'no analytic AN0327 was loaded']);
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-eval-'));
  try {
    writeFileSync(join(dir, 'labels.json'), JSON.stringify({ cases: [{ load: ['gone.zip'], analytic: 'AN0327', kind: 'none' }] }));
    const absent = await evaluate([join(dir, 'labels.json')], files, defaultModules);
    assert.deepEqual(absent.skipped.map((s) => s.reason), [`absent: ${join(dir, 'gone.zip')}`]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a miss is explained by the step that found nothing on the labelled host', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-eval-'));
  try {
    const hunt = join(dir, 'narrow.hunt');
    writeFileSync(hunt, `analytic "NARROW" {
  title "t"
  severity low
  sequence by host within 1m
    step access: network where direction == "inbound" and dst_port == 135
    step child: process where parent_name == "wmiprvse.exe" and process_name == "cmd.exe"
}
`);
    writeFileSync(join(dir, 'labels.json'), JSON.stringify({ cases: [{ load: ['wmi.json'], analytic: 'NARROW', kind: 'chain', host: 'SRV2', why: 'w' }] }));
    writeFileSync(join(dir, 'wmi.json'), readFileSync(join(FIXTURES, 'wmi-unnamed-implant.json')));
    const report = await evaluate([join(dir, 'labels.json')], [loadHuntFile(hunt)], defaultModules);
    const [miss] = report.results;
    assert.equal(miss?.hit, null);
    assert.deepEqual(miss?.miss?.blocking, { step: 'child', reason: 'nothing' });
    assert.match(reportText(report), /MISS  NARROW chain on SRV2 in wmi\.json: w\n    NARROW .*step child found nothing/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
