// The run, check and test commands through the CLI dispatcher: exit codes, `file:line:col`
// diagnostics, and the documented `run --json` shape.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/core/cli';

const REPO = join(__dirname, '..', '..', '..');

async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

function withTemp(files: Record<string, string>, body: (dir: string) => Promise<void>): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'hunt-cli-'));
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return body(dir).finally(() => rmSync(dir, { recursive: true, force: true }));
}

const BAD = `analytic "X" {
  title "t"
  severity low
  sequence by host
    step a: process where procss_name == "x"
}
`;

test('check: the built-in analytics pass; a typo fails with file:line:col and the code', async () => {
  assert.equal((await cli('check', join(REPO, 'analytics'))).code, 0);
  await withTemp({ 'bad.hunt': BAD }, async (dir) => {
    const r = await cli('check', join(dir, 'bad.hunt'));
    assert.equal(r.code, 1);
    assert.match(r.out, /bad\.hunt:5:27: error HUNT2001: Unknown field procss_name\. Did you mean process_name/);
    const json = JSON.parse((await cli('check', '--json', join(dir, 'bad.hunt'))).out) as { line: number; column: number; code: string }[];
    assert.deepEqual(json.map((d) => [d.line, d.column, d.code]), [[5, 27, 'HUNT2001']]);
  });
});

test('test: inline tests pass, a wrong expectation fails, events may come from a file', async () => {
  const ok = await cli('test', join(REPO, 'analytics'));
  assert.equal(ok.code, 0, ok.out + ok.err);
  assert.match(ok.err, /^\d+ passed, 0 failed$/m);
  const rule = `analytic "T" {
  title "t"
  severity low
  sequence by host
    step a: process where process_name == "cmd.exe"
  test "from a file" expect 2 from "events.ndjson"
  test "wrong" expect 5 from "events.ndjson"
}
`;
  const events = ['{"ts": "2024-01-01T00:00:00Z", "host": "A", "category": "process", "Image": "C:\\\\x\\\\cmd.exe", "process_name": "cmd.exe"}', '{"ts": 1704067201000, "host": "A", "category": "process", "process_name": "cmd.exe"}'].join('\n');
  await withTemp({ 't.hunt': rule, 'events.ndjson': events }, async (dir) => {
    const r = await cli('test', join(dir, 't.hunt'));
    assert.equal(r.code, 1);
    assert.match(r.out, /PASS T "from a file": 2 chain\(s\)/);
    assert.match(r.out, /FAIL T "wrong": expected 5 chain\(s\), got 2/);
  });
});

test('run --json: the documented shape, ISO times, links to the raw record', async () => {
  const r = await cli('run', join(REPO, 'test', 'fixtures', 'dsl', 'an0842-rdp-opened.json'), '--json');
  assert.equal(r.code, 0, r.err);
  const doc = JSON.parse(r.out) as { chains: Record<string, unknown>[]; stats: Record<string, unknown> };
  assert.equal(doc.chains.length, 1);
  const chain = doc.chains[0]! as { analytic: string; key: unknown; start: string; end: string; steps: { name: string; missing: boolean; alternative?: string; events: Record<string, unknown>[] }[] };
  assert.deepEqual(Object.keys(chain), ['analytic', 'title', 'severity', 'key', 'start', 'end', 'steps']);
  assert.equal(chain.analytic, 'AN0842');
  assert.match(chain.start, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
  assert.deepEqual(chain.steps.map((s) => s.name), ['probe', 'opened', 'access']);
  const event = chain.steps[2]!.events[0]!;
  for (const k of ['ts', 'host', 'channel', 'provider', 'event_id', 'record_id', 'source']) assert.ok(k in event, k);
  assert.equal(event.ts, '2021-03-01T10:08:00.000Z');
  assert.deepEqual(event.source, { file: join(REPO, 'test', 'fixtures', 'dsl', 'an0842-rdp-opened.json'), line: 9 });
  assert.equal(typeof doc.stats.events, 'number');
});

test('run: analytics with errors stop the run with exit code 1', async () => {
  await withTemp({ 'bad.hunt': BAD }, async (dir) => {
    const r = await cli('run', join(REPO, 'test', 'fixtures', 'dsl', 'an0842-rdp-opened.json'), '--analytics', join(dir, 'bad.hunt'));
    assert.equal(r.code, 1);
    assert.match(r.err, /HUNT2001/);
  });
});
