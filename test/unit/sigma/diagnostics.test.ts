// One case per Sigma diagnostic code: a rule file that triggers it, the code, the severity and
// the exact text its span covers. A final test fails when a code of the catalogue has no case.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { SIGMA_CODES } from '../../../src/core/sigma/diagnostics';
import { loadSigmaText } from '../../../src/core/sigma/load';
import { buildPack } from '../../../src/core/sigma/pack';
import { ruleText } from './helpers';

interface Case {
  readonly code: string;
  readonly text: string;
  /** The text the diagnostic's span must cover. */
  readonly spans: string;
  readonly severity?: string;
}

const sel = (body: string, condition = 'sel'): string => ruleText(`sel:\n  ${body}\ncondition: ${condition}`);

const CASES: readonly Case[] = [
  { code: 'SIGMA1001', text: 'title: x\ndetection: [\n', spans: '' },
  { code: 'SIGMA1002', text: 'title: no detection\nlogsource:\n  product: windows\n', spans: 'title: no detection' },
  { code: 'SIGMA1003', text: `${sel("Image: 'a'")}---\n${sel("Image: 'b'")}`, spans: '11111111-2222-3333-4444-555555555555', severity: 'warning' },
  { code: 'SIGMA1004', text: `action: repeat\n${sel("Image: 'a'")}`, spans: 'action: repeat' },
  { code: 'SIGMA2001', text: ruleText("sel:\n  a: b\ncondition: sel", 'logsource:\n  product: linux\n  category: process_creation\n'), spans: 'logsource' },
  { code: 'SIGMA2002', text: sel("Image|containz: 'a'"), spans: 'Image|containz' },
  { code: 'SIGMA2003', text: sel('Hashes|exists: maybe'), spans: 'Hashes|exists' },
  { code: 'SIGMA2004', text: sel("Image: 'a'", 'sel and ('), spans: '(' },
  { code: 'SIGMA2005', text: sel("Image: 'a'", 'selection'), spans: 'selection' },
  { code: 'SIGMA2006', text: sel("Computer|expand: '%servers%'"), spans: 'Computer|expand' },
  { code: 'SIGMA2007', text: sel("CommandLine|re: '(a)\\1'"), spans: 'CommandLine|re' },
  { code: 'SIGMA2008', text: sel("Image: 'a'", 'sel | count() by Computer > 5'), spans: '| count() by Computer > 5' },
  { code: 'SIGMA2009', text: sel("CommandLine|windash: ' -a -b -c -d -e -f'"), spans: 'CommandLine|windash' },
  { code: 'SIGMA2010', text: sel('Image:\n    nested: map'), spans: 'Image' },
  { code: 'SIGMA3001', text: 'title: c\nid: c1\ncorrelation:\n  type: temporal\n  rules: [nowhere]\n  timespan: 1h\n', spans: 'nowhere' },
  { code: 'SIGMA3004', text: `${ruleText('sel:\n  a: b\ncondition: sel', 'logsource:\n  category: webserver\n')}---\ntitle: c\nid: c1\ncorrelation:\n  type: temporal\n  rules: [11111111-2222-3333-4444-555555555555]\n  timespan: 1h\n`, spans: '11111111-2222-3333-4444-555555555555' },
  { code: 'SIGMA3002', text: 'title: c\nid: c1\ncorrelation:\n  type: event_count\n  rules: [a]\n  timespan: soon\n  condition:\n    gte: 2\n', spans: 'correlation' },
  { code: 'SIGMA3003', text: 'title: c\nid: c1\ncorrelation:\n  type: value_median\n  rules: [a]\n  timespan: 1h\n', spans: 'type' },
];

for (const c of CASES) {
  test(`${c.code}`, () => {
    const pack = buildPack(loadSigmaText('/rules/case.yml', c.text));
    const found = pack.diagnostics.filter((d) => d.code === c.code);
    assert.ok(found.length > 0, `expected ${c.code}, got ${JSON.stringify(pack.diagnostics.map((d) => `${d.code} ${d.message}`))}`);
    const d = found[0]!;
    assert.equal(c.text.slice(d.span.start, d.span.end), c.spans);
    assert.equal(d.severity, c.severity ?? 'error');
    assert.equal(d.file, '/rules/case.yml');
    assert.ok(d.message.length > 0 && !/\{\w+\}/.test(d.message), `message is filled in: ${d.message}`);
  });
}

test('every Sigma diagnostic code has a case', () => {
  const covered = new Set(CASES.map((c) => c.code));
  assert.deepEqual(Object.values(SIGMA_CODES).map((s) => s.code).filter((code) => !covered.has(code)), []);
});
