// One test per diagnostic code: a small source that triggers it, the code, and the exact
// source text its span covers. A final test fails when a code in the catalogue has no case.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CODES } from '../../../src/core/dsl/diagnosticCodes';
import { loadHuntText } from '../../../src/core/dsl/load';

/** An analytic around the given sequence body; extra items go before the closing brace. */
function analytic(steps: string, extra = '', head = 'sequence by host within 5m'): string {
  return `analytic "T1" {\n  title "t"\n  severity low\n  ${head}\n${steps}\n${extra}}\n`;
}

interface Case {
  readonly code: string;
  readonly source: string;
  /** The text the diagnostic's span must cover. */
  readonly spans: string;
  readonly severity?: string;
}

const CASES: readonly Case[] = [
  { code: 'HUNT1001', source: analytic('    step a: process where image == "x" ; and pid == 1'), spans: ';' },
  { code: 'HUNT1002', source: analytic('    step a: process where image == "x\n'), spans: '"x' },
  { code: 'HUNT1003', source: analytic('    step a: process where image matches /abc\n'), spans: '/abc' },
  { code: 'HUNT1004', source: analytic('    step a: process where pid == 1', '', 'sequence by host within 5y'), spans: '5y' },
  { code: 'HUNT1005', source: analytic('    step a: process where image ==\n    step b: process'), spans: 'step' },
  { code: 'HUNT2001', source: analytic('    step a: process where procss_name == "x"'), spans: 'procss_name' },
  { code: 'HUNT2002', source: analytic('    step a: process where TerminalSessionId == 1'), spans: 'TerminalSessionId', severity: 'warning' },
  { code: 'HUNT2003', source: analytic('    step a: network where dst_port == "http"'), spans: '"http"' },
  { code: 'HUNT2004', source: analytic('    step open: network where dst_port == 1\n    step b: network where dst_port == opn.dst_port'), spans: 'opn.dst_port' },
  { code: 'HUNT2005', source: analytic('    step a: network where dst_port == b.dst_port\n    step b: network where dst_port == 1'), spans: 'b.dst_port' },
  { code: 'HUNT2006', source: analytic('    step a: process where event_id == 1 and event_id == 4688'), spans: 'process where event_id == 1 and event_id == 4688', severity: 'warning' },
  { code: 'HUNT2007', source: analytic('    step a: process', '', 'sequence by host within 30d'), spans: '30d', severity: 'warning' },
  { code: 'HUNT2008', source: `list admins = ["a"]\n${analytic('    step a: process where user in admns')}`, spans: 'admns' },
  { code: 'HUNT2009', source: analytic('    step a: process\n    step a: network'), spans: 'a' },
  { code: 'HUNT2010', source: analytic('    step a: process', '  attack T15690\n'), spans: 'T15690' },
  { code: 'HUNT2011', source: analytic('    step a: network where cidr(dst_ip, "10.0.0/8")'), spans: '"10.0.0/8"' },
  { code: 'HUNT2012', source: analytic('    step a: network where is_privat(dst_ip)'), spans: 'is_privat' },
  { code: 'HUNT2013', source: analytic('    step a: network where direction == "inbond"'), spans: '"inbond"', severity: 'warning' },
  { code: 'HUNT2014', source: analytic('    step a by src_ip: network\n    step b by src_ip, dst_ip: network'), spans: 'src_ip' },
  { code: 'HUNT2015', source: analytic('    step a: network where first_seen(host, dst_ip)'), spans: 'first_seen', severity: 'warning' },
  { code: 'HUNT2016', source: 'analytic "T1" {\n  title "t"\n  severity low\n}\n', spans: '"T1"' },
  { code: 'HUNT2017', source: `list allow from "does-not-exist.txt"\n${analytic('    step a: process where image like allow')}`, spans: '"does-not-exist.txt"' },
  { code: 'HUNT2018', source: analytic('    step a: process', '  test "t" expect 1 [ {"host": "A"} ]\n'), spans: '{"host": "A"}' },
  { code: 'HUNT2019', source: analytic('    step a: process where command_line matches /(a+)\\1 (?=b)/i'), spans: '/(a+)\\1 (?=b)/i' },
  { code: 'HUNT2020', source: analytic('    step a: sigma("no-such-rule")'), spans: '"no-such-rule"' },
];

for (const c of CASES) {
  test(`${c.code}: ${CODES[Object.keys(CODES).find((k) => CODES[k as keyof typeof CODES].code === c.code) as keyof typeof CODES]?.template ?? ''}`, () => {
    const file = loadHuntText('/tmp/case.hunt', c.source);
    const found = file.diagnostics.filter((d) => d.code === c.code);
    assert.ok(found.length > 0, `expected ${c.code}, got ${JSON.stringify(file.diagnostics.map((d) => `${d.code} ${d.message}`))}`);
    const d = found[0]!;
    assert.equal(c.source.slice(d.span.start, d.span.end), c.spans);
    assert.equal(d.severity, c.severity ?? 'error');
    assert.ok(d.message.length > 0 && !d.message.includes('{'), `message is filled in: ${d.message}`);
  });
}

test('every lexer, parser and checker code (HUNT1xxx, HUNT2xxx) has a case', () => {
  const covered = new Set(CASES.map((c) => c.code));
  const missing = Object.values(CODES).map((c) => c.code).filter((code) => /^HUNT[12]/.test(code) && !covered.has(code));
  assert.deepEqual(missing, []);
});

test('did-you-mean offers a quick fix that replaces the field', () => {
  const source = analytic('    step a: process where procss_name == "x"');
  const d = loadHuntText('/tmp/case.hunt', source).diagnostics.find((x) => x.code === 'HUNT2001')!;
  assert.match(d.message, /Did you mean process_name/);
  const edit = d.fixes?.[0]?.edits[0];
  assert.ok(edit);
  assert.equal(source.slice(0, edit.span.start) + edit.newText + source.slice(edit.span.end), source.replace('procss_name', 'process_name'));
});

test('fields seen in the loaded data are neither errors nor warnings', () => {
  const file = loadHuntText('/tmp/case.hunt', analytic('    step a: process where TerminalSessionId == 1'), { dataFields: ['TerminalSessionId'] });
  assert.deepEqual(file.diagnostics, []);
});

test('a file with errors compiles no analytics; a clean file compiles all', () => {
  assert.equal(loadHuntText('/tmp/a.hunt', analytic('    step a: process where procss_name == "x"')).plans.length, 0);
  assert.equal(loadHuntText('/tmp/b.hunt', analytic('    step a: process where process_name == "x"')).plans.length, 1);
});
