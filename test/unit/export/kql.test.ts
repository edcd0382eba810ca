// KQL output parses with zero diagnostics in Microsoft's Kusto language service (a real parser
// and semantic analyzer) against the Sentinel tables declared in sentinel-tables.json; an
// unknown column is reported (KS142), so a column the mapping invents would fail the test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import tables from '../../../src/core/export/mappings/sentinel-tables.json';
import { loadHuntText } from '../../../src/core/dsl/load';
import { exportFile } from '../../../src/core/export/index';
import { quote } from '../../../src/core/export/targets/kqlJoins';
import reserved from '../../../src/core/export/targets/kqlReserved.json';
import { re2 } from '../../../src/core/text/regex';
import { builtIns, goldenRules } from './corpus';

/* eslint-disable @typescript-eslint/no-explicit-any */
require('@kusto/language-service-next/bridge.min.js');
require('@kusto/language-service-next/Kusto.Language.Bridge.min.js');
const g = globalThis as any;
const K = g.Kusto.Language;
const S = K.Symbols;
const schema = Object.entries(tables.tables as Record<string, Record<string, string>>).map(([name, cols]) =>
  new S.TableSymbol.$ctor7(name, `(${Object.entries(cols).map(([c, t]) => `${c}:${t}`).join(', ')})`, ''));
const globals = K.GlobalState.Default.WithDatabase(new S.DatabaseSymbol.$ctor1('sentinel', schema));

function kustoDiagnostics(query: string): string[] {
  const code = K.KustoCode.ParseAndAnalyze(query, globals);
  return g.Bridge.toArray(code.GetDiagnostics()).map((d: any) => `${d.Severity} ${d.Code} ${d.Message} at ${d.Start}: ${query.slice(d.Start, d.Start + 40)}`);
}

test('the Kusto service reports an unknown column (the check is real)', () => {
  assert.ok(kustoDiagnostics('SecurityEvent | where NoSuchColumn == 1').some((d) => d.includes('KS142')));
  assert.deepEqual(kustoDiagnostics('SecurityEvent | where EventID == 4688 | project Computer'), []);
});

for (const file of builtIns()) {
  test(`KQL of ${file.path} parses clean in the Kusto language service`, () => {
    for (const a of exportFile(file, 'kql').analytics) assert.deepEqual(kustoDiagnostics(a.text), [], a.text);
  });
}

test('KQL of every golden-fixture rule parses clean', () => {
  for (const { name, file } of goldenRules()) {
    for (const a of exportFile(file, 'kql').analytics) assert.deepEqual(kustoDiagnostics(a.text), [], `${name}\n${a.text}`);
  }
});

/** The value of a KQL literal as the Kusto parser reads it, or its diagnostics. */
function kustoLiteral(literal: string): unknown {
  const code = K.KustoCode.ParseAndAnalyze(`print ${literal}`, globals);
  const diagnostics = g.Bridge.toArray(code.GetDiagnostics()).map((d: any) => d.Message);
  if (diagnostics.length) return diagnostics;
  let value: unknown;
  const visit = (node: any): void => {
    if (value === undefined && node.Kind === K.Syntax.SyntaxKind.StringLiteralExpression) value = node.LiteralValue;
    for (let i = 0; node && i < node.ChildCount; i++) visit(node.GetChild(i));
  };
  visit(code.Syntax);
  return value;
}

const HOSTILE = ['a"b\\c\\', 'line\nbreak\r\ttab', 'nul\u0000bell\u0007del\u007f', 'sep\u2028\u2029\u0085', "it's `$|]*?", 'pair 😀'];

test('any value is one KQL string literal with the same value', () => {
  for (const value of HOSTILE) assert.equal(kustoLiteral(quote(value)), value, JSON.stringify(value));
});

test('an analytic with hostile values and field names exports to KQL that parses clean', () => {
  const literal = (v: string) => JSON.stringify(v);
  const text = `analytic "H" {\n  title "t"\n  severity low\n  sequence by host within 5m\n    step a: process where ${HOSTILE.map((v) => `command_line == ${literal(v)}`).join(' or ')}\n    step b: process where \`a'b\\c"d\` == "x" and \`x|y\` in (${HOSTILE.map(literal).join(', ')})\n}\n`;
  const file = loadHuntText('/tmp/hostile.hunt', text);
  assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), []);
  for (const a of exportFile(file, 'kql').analytics) assert.deepEqual(kustoDiagnostics(a.text), [], a.text);
});

test('KQL regexes (RE2, like Kusto) match the texts the analytic matches: flags, \\u escapes, wildcards over line breaks', () => {
  const conditions = ['command_line matches /a.b\\u0041/s', 'command_line matches /^x$/m', 'command_line matches /AB/i', 'command_line like "a*b?"'];
  const texts = ['a\nbA', 'aXbA', 'y\nx\nz', 'x', 'ab', 'a\nb\n', 'a\nbc', 'AB', 'aB'];
  for (const condition of conditions) {
    const file = loadHuntText('/tmp/re.hunt', `analytic "R" {\n  title "t"\n  severity low\n  sequence by host\n    step a: process where ${condition}\n}\n`);
    const plan = file.plans[0]!.steps[0]!.alternatives[0]!;
    const literal = /matches regex ("(?:[^"\\]|\\.)*")/.exec(exportFile(file, 'kql').text)![1]!;
    const exported = re2().compile(String(kustoLiteral(literal)));
    for (const text of texts) {
      const env = { row: { category: 'process', command_line: text }, refs: new Map(), baseline: null, tuples: [] } as never;
      assert.equal(exported.test(text), plan.local(env), `${condition} on ${JSON.stringify(text)}: ${literal}`);
    }
  }
});

test('the reserved-word list holds every Kusto keyword that cannot name a column or a scan step', () => {
  const keywords = Object.keys(K.Syntax.SyntaxKind).filter((k) => k.endsWith('Keyword')).map((k) => K.Syntax.SyntaxFacts.GetText(K.Syntax.SyntaxKind[k]))
    .filter((w: unknown): w is string => typeof w === 'string' && /^[A-Za-z_]\w*$/.test(w));
  const refused = keywords.filter((w) => kustoDiagnostics(`SecurityEvent | project ts = TimeGenerated, host = Computer | extend ${w} = 1 | project ts, ${w}`).length > 0
    || kustoDiagnostics(`SecurityEvent | project ts = TimeGenerated, host = Computer | sort by ts asc | scan with_match_id = c declare (s: string) with ( step ${w}: host == "a" => s = "a"; step b: ts >= ${w}.ts => s = "b"; )`).length > 0);
  assert.deepEqual(refused.filter((w) => !reserved.words.includes(w)), []);
});

test('step names and field names that are not KQL identifiers (probe-1, @open, last, project) are bracketed', () => {
  const text = `analytic "K" {\n  title "t"\n  severity low\n  sequence by host within 5m\n    step probe-1 by src_ip: network where dst_port == 445 having count >= 3\n    step @open: network where dst_port == 80 and src_ip == probe-1.src_ip and \`project\` == "x"\n    absent step no-close: network where dst_port == 22 and src_ip == @open.src_ip\n    step last: network where dst_port == 81\n}\n`;
  const file = loadHuntText('/tmp/names.hunt', text);
  assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), []);
  for (const a of exportFile(file, 'kql').analytics) assert.deepEqual(kustoDiagnostics(a.text), [], a.text);
});
