// JSON nested far deeper than any event: an evtx_dump record whose UserData nests objects
// 100,000 levels deep, or holds arrays nested as deep. The leaves were collected by recursion
// and arrays joined as text recursively, so the call stack overflowed and the reading of the
// whole file ended there ("reading failed: Maximum call stack size exceeded"): the records
// after it were lost, and on the parse-pool path the records before it in its batch too.
// A Zeek record loads whatever extra field it carries, but Sigma flattened the record whole:
// a field nested 100,000 deep overflowed the stack there, and the record was matched as if it
// had no fields, so a rule on its `uid` missed it without a word.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';

const work = mkdtempSync(join(tmpdir(), 'huntbench-deep-'));
test.after(() => rmSync(work, { recursive: true, force: true }));

const DEPTH = 100_000;

function evtxDump(recordId: number, userData: string): string {
  return `{"Event":{"System":{"EventID":4688,"EventRecordID":${recordId},"Channel":"Security","Computer":"WS1",`
    + `"TimeCreated":{"#attributes":{"SystemTime":"2024-05-06T07:08:09Z"}}},"UserData":${userData}}}`;
}

const deepObjects = `${'{"a":'.repeat(DEPTH)}"leaf"${'}'.repeat(DEPTH)}`;
const deepArrays = `{"a":${'['.repeat(DEPTH)}${']'.repeat(DEPTH)}}`;

async function load(name: string, text: string, parallel: boolean) {
  const path = join(work, name);
  writeFileSync(path, text);
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([path], { parallel });
    const ids = session.query('SELECT record_id FROM events ORDER BY id').rows.map((r) => r[0]);
    return { ids, source: report.sources[0]! };
  } finally {
    session.close();
  }
}

for (const parallel of [false, true]) {
  const path = parallel ? ' (parse pool path)' : '';
  test(`evtx_dump JSON${path}: UserData objects nested 100,000 deep load as their leaf, with the records around them`, async () => {
    const got = await load(`objects-${parallel}.json`, [evtxDump(1, '{}'), evtxDump(2, deepObjects), evtxDump(3, '{}')].join('\n'), parallel);
    assert.deepEqual(got.source.warnings, []);
    assert.deepEqual(got.source.rejections, []);
    assert.deepEqual(got.ids, [1, 2, 3]);
  });

  test(`evtx_dump JSON${path}: arrays nested 100,000 deep reject their record alone, by line`, async () => {
    const got = await load(`arrays-${parallel}.json`, [evtxDump(1, '{}'), evtxDump(2, deepArrays), evtxDump(3, '{}')].join('\n'), parallel);
    assert.deepEqual(got.source.warnings, []);
    assert.deepEqual(got.source.rejections.map((r) => [r.line, r.reason]), [[2, 'record cannot be read: Maximum call stack size exceeded']]);
    assert.deepEqual(got.ids, [1, 3]);
  });
}

test('Sigma: a Zeek record with a field nested 100,000 deep still matches a rule on its other fields', async () => {
  const conn = (uid: string, extra: string) => `{"ts":1704103201.5,"uid":"${uid}","id.orig_h":"10.0.0.1","id.orig_p":5000,"id.resp_h":"10.0.0.2","id.resp_p":445,"proto":"tcp","conn_state":"SF"${extra}}`;
  const logs = join(work, 'conn.json');
  writeFileSync(logs, [conn('C1', ''), conn('C2', `,"deep":${deepObjects}`), conn('C3', `,"arrays":${deepArrays}`)].join('\n'));
  const rule = join(work, 'uid.yml');
  writeFileSync(rule, 'title: by uid\nid: 5d0c6a59-3f4e-4e8a-9d55-0b7c2f1a9e01\nlogsource:\n  product: zeek\n  service: conn\n'
    + 'detection:\n  selection:\n    uid|startswith: C\n  condition: selection\nlevel: low\n');
  const session = await HuntSession.create(defaultModules);
  try {
    const report = await session.load([logs]);
    assert.deepEqual(report.sources[0]!.rejections, []);
    const sigma = await session.sigmaReport([rule]);
    assert.deepEqual(sigma.unsupported, []);
    assert.deepEqual(sigma.detections.map((d) => d.events.map((e) => e.id)), [[1, 2, 3]]);
  } finally {
    session.close();
  }
});
