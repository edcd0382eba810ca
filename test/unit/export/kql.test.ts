// KQL output parses with zero diagnostics in Microsoft's Kusto language service (a real parser
// and semantic analyzer) against the Sentinel tables declared in sentinel-tables.json; an
// unknown column is reported (KS142), so a column the mapping invents would fail the test.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import tables from '../../../src/core/export/mappings/sentinel-tables.json';
import { exportFile } from '../../../src/core/export/index';
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
