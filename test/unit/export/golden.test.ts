// Goldens: the output of every built-in analytic in every target is committed under
// test/golden/export/ (regenerate with UPDATE_GOLDEN=1 and review the diff); for EQL and SPL,
// every field the query names exists in the target mapping (KQL and Sigma have their parser
// and schema tests).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { exportFile, TARGET_MODULES } from '../../../src/core/export/index';
import { TARGETS } from '../../../src/core/export/model';
import { builtInMapping } from '../../../src/core/export/mapping';
import { builtIns, goldenRules, REPO } from './corpus';

const DIR = join(REPO, 'test', 'golden', 'export');

/** Field names written before an operator or as a function's first argument. */
const FIELD_PATTERNS: Record<'eql' | 'spl', RegExp[]> = {
  eql: [/([A-Za-z_@][\w.@]*) (?::|in~?|==|!=|>=|<=|>|<|regex~?) /g, /cidrMatch\(([\w.@]+),/g, /sequence by ([\w.@]+)/g],
  spl: [/lower\((\w+)\)/g, /isn(?:ot)?null\((\w+)\)/g, /match\((\w+),/g, /cidrmatch\("[^"]+", (\w+)\)/g, /\b(\w+)(?:>=|<=|!=|==|=|>|<)(?=[\d"])/g, /transaction ([\w ]+?) maxspan/g],
};

for (const target of TARGETS) {
  for (const file of builtIns()) {
    const name = basename(file.path, '.hunt');
    test(`${target.toUpperCase()} of ${name} matches its golden`, () => {
      const text = exportFile(file, target).text;
      const path = join(DIR, `${name}.${TARGET_MODULES[target].extension}`);
      if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, text);
      assert.equal(text, readFileSync(path, 'utf8'));
    });
  }
}

for (const target of ['eql', 'spl'] as const) {
  const known = new Set(Object.values(builtInMapping(target).fields ?? {}));
  test(`every field in ${target.toUpperCase()} output exists in the ${target} mapping`, () => {
    for (const file of [...builtIns(), ...goldenRules().map((g) => g.file)]) {
      for (const a of exportFile(file, target).analytics) {
        for (const f of a.fields) assert.ok(known.has(f), `${a.id}: ${f} reported as emitted but not in the mapping`);
        const query = a.text.split('\n').filter((l) => !l.startsWith('//') && !l.startsWith('```')).join('\n');
        for (const pattern of FIELD_PATTERNS[target]) {
          for (const m of query.matchAll(pattern)) {
            for (const field of m[1]!.split(' ').filter((x) => x && !['not', 'and', 'or', 'hb_step', 'true', 'false', 'maxspan'].includes(x))) {
              assert.ok(known.has(field), `${a.id}: ${field} in the query is not a ${target} mapping field`);
            }
          }
        }
      }
    }
  });
}
