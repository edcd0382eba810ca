// docs/sigma.md's generated part (diagnostic codes, coverage of the SigmaHQ rule set, every rule
// that does not compile with its reason) must equal what scripts/sigma-docs.ts renders. The
// coverage part is compared when the shared rules are present at the commit the doc names.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { codesTable, DOC, renderSigmaDoc, sharedCommit } from '../../../scripts/sigma-docs';
import { HAS_SIGMA, SIGMA_DIR } from './shared';

const doc = readFileSync(DOC, 'utf8');

test('docs/sigma.md lists every Sigma diagnostic code', () => {
  assert.ok(doc.includes(codesTable()), 'run: npx tsx scripts/sigma-docs.ts');
});

const commit = HAS_SIGMA ? sharedCommit(SIGMA_DIR) : undefined;
const sameCommit = commit !== undefined && doc.includes(`SigmaHQ commit \`${commit}\``);

test('docs/sigma.md coverage and unsupported rules are up to date', { skip: sameCommit ? false : 'shared SigmaHQ rules absent or at another commit' }, () => {
  assert.equal(renderSigmaDoc(doc, SIGMA_DIR), doc, 'run: npx tsx scripts/sigma-docs.ts');
});
