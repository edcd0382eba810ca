// The one regex engine for user patterns: catastrophic-backtracking patterns finish in linear
// time through the real analytic run; patterns RE2 cannot run are refused with a reason (and
// a located HUNT2019 in `.hunt`); JavaScript escapes RE2 spells differently still work.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { compileRegex } from '../../../src/core/text/regex';
import { loadHuntText } from '../../../src/core/dsl/load';

const ROOT = join(__dirname, '../../..');

test('catastrophic patterns run over 200 long command lines through a real run, and end', () => {
  // A child process so that a backtracking engine shows up as a timeout, not a stuck test run.
  const script = `
    const { loadHuntText } = require('./src/core/dsl/load.ts');
    const { storeOf, normalizeTestEvent } = require('./src/core/session/inlineTests.ts');
    const { runAnalytics } = require('./src/core/match/run.ts');
    (async () => {
      const file = loadHuntText('/tmp/redos.hunt', 'analytic "R" {\\n title "t"\\n severity low\\n sequence by host within 5m\\n'
        + '  step a: process where command_line matches /(a|aa)+b/ or command_line matches /^(a+)+$/ or command_line matches /(x+x+)+y/i\\n}\\n');
      if (file.plans.length !== 1) throw new Error(JSON.stringify(file.diagnostics));
      const events = Array.from({ length: 200 }, (_, i) => normalizeTestEvent({ host: 'H', ts: 1700000000000 + i, category: 'process',
        command_line: (i % 2 ? 'a' : 'x').repeat(5000) + '!' }));
      const store = await storeOf('redos', events);
      const result = runAnalytics(store, file.plans);
      process.stdout.write(String(result.chains.length));
    })().catch((e) => { console.error(e); process.exit(3); });`;
  const child = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { cwd: ROOT, timeout: 60_000, encoding: 'utf8' });
  assert.equal(child.signal, null, 'the run was killed at the 60 s deadline: a pattern backtracked');
  assert.equal(child.status, 0, child.stderr);
  assert.equal(child.stdout, '0');
});

test('back-references and lookaround are refused with a reason, valid RE2 compiles', () => {
  for (const source of ['(a)\\1', '(?<x>a)\\k<x>', 'a(?=b)', 'a(?!b)', '(?<=a)b', '(?<!a)b']) {
    const r = compileRegex(source);
    assert.ok(!r.ok && r.unsupported && /not supported.*linear-time/.test(r.reason), `${source}: ${JSON.stringify(r)}`);
  }
  const broken = compileRegex('(a');
  assert.ok(!broken.ok && !broken.unsupported && /group/i.test(broken.reason), JSON.stringify(broken));
  assert.ok(!compileRegex('a', 'q').ok);
  const ok = compileRegex('^c:\\\\windows\\\\[a-z]+\\.exe$', 'i');
  assert.ok(ok.ok && ok.regex.test('C:\\Windows\\CMD.EXE') && !ok.regex.test('c:\\windows\\cmd.exe.bak'));
});

test('JavaScript escapes RE2 spells differently: \\uXXXX, \\u{X}, \\/', () => {
  const r = compileRegex('\\u0041\\u{1F600}\\/\\\\u0041');
  assert.ok(r.ok);
  assert.ok(r.regex.testExact('A😀/\\u0041'));
  assert.ok(!r.regex.testExact('AA/\\A'));
});

test('.hunt: a refused pattern is HUNT2019 on the pattern, the other analytics of the file still check', () => {
  const text = 'analytic "A" {\n title "t"\n severity low\n sequence by host within 5m\n  step a: process where command_line matches /(\\w+) \\1/\n}\n'
    + 'analytic "B" {\n title "t"\n severity low\n sequence by host within 5m\n  step a: process where command_line matches /psexe(c|svc)/i\n}\n';
  const file = loadHuntText('/tmp/x.hunt', text);
  const d = file.diagnostics.find((x) => x.code === 'HUNT2019');
  assert.ok(d, JSON.stringify(file.diagnostics));
  assert.equal(text.slice(d.span.start, d.span.end), '/(\\w+) \\1/');
  assert.equal(file.diagnostics.length, 1);
});
