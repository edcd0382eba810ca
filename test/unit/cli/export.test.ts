// `huntbench export`: the query on stdout, every approximation as `file:line:col` on stderr,
// exit 2 on usage mistakes, 1 on a file with errors, and `--schema` applied.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { main } from '../../../src/core/cli';
import { REPO } from '../export/corpus';

async function run(argv: string[]): Promise<{ code: number; out: string; err: string }> {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const SVC = join(REPO, 'analytics', 'SVC-RPC-EXEC.hunt');

test('export prints the query and reports approximations with file:line:col', async () => {
  const r = await run(['export', SVC, '--to', 'eql']);
  assert.equal(r.code, 0);
  assert.match(r.out, /^sequence by host\.name with maxspan=5m$/m);
  assert.match(r.err, /SVC-RPC-EXEC\.hunt:\d+:\d+: info HUNT4006: EQL: optional step installed/);
});

test('--json gives each analytic with its diagnostics and fields', async () => {
  const r = await run(['export', SVC, '--to', 'sigma', '--json']);
  const parsed = JSON.parse(r.out) as { target: string; analytics: { id: string; diagnostics: { code: string }[]; fields: string[] }[] };
  assert.equal(parsed.target, 'sigma');
  assert.equal(parsed.analytics[0]!.id, 'SVC-RPC-EXEC');
  assert.ok(parsed.analytics[0]!.fields.includes('ParentImage'));
});

test('usage mistakes exit 2, a file with errors exits 1 with its diagnostics', async () => {
  assert.equal((await run(['export', SVC, '--to', 'sql'])).code, 2);
  assert.equal((await run(['export', '--to', 'eql'])).code, 2);
  const dir = mkdtempSync(join(tmpdir(), 'hb-export-cli-'));
  const bad = join(dir, 'bad.hunt');
  writeFileSync(bad, 'analytic "X" {\n  title "x"\n  severity low\n  sequence by host\n    step a: network where dst_prot == 1\n}\n');
  const r = await run(['export', bad, '--to', 'kql']);
  assert.equal(r.code, 1);
  assert.match(r.err, /bad\.hunt:5:\d+: error HUNT2001/);
});

test('--schema overrides the mapping', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hb-export-cli-'));
  const schema = join(dir, 'spl.json');
  writeFileSync(schema, JSON.stringify({ fields: { host: 'ComputerName' } }));
  const r = await run(['export', SVC, '--to', 'spl', '--schema', schema]);
  assert.match(r.out, /\| transaction ComputerName maxspan=5m/);
});
