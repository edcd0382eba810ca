// Sigma output validates against the official Sigma rule and correlation JSON schemas (the
// shared copies in ../shared/specs/sigma when present, else the vendored copies), parsed by an
// independent YAML reader (js-yaml), and references only rules it defines.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2020 from 'ajv/dist/2020';
import { exportFile } from '../../../src/core/export/index';
import { builtIns, goldenRules, REPO, sigmaDocuments } from './corpus';

const shared = join(REPO, '..', 'shared', 'specs', 'sigma');
const specs = existsSync(shared) ? shared : join(REPO, 'test', 'fixtures', 'export', 'sigma-specs');
const ajv = new Ajv2020({ strict: false, allErrors: true });
ajv.addFormat('uuid', /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i);
const readSchema = (name: string): object => JSON.parse(readFileSync(join(specs, name), 'utf8')) as object;
const detection = ajv.compile(readSchema('sigma-detection-rule-schema.json'));
const correlation = ajv.compile(readSchema('sigma-correlation-rules-schema.json'));

function validate(text: string, label: string): void {
  const docs = sigmaDocuments(text);
  const names = new Set<string>();
  for (const doc of docs) {
    const validator = doc.correlation ? correlation : detection;
    assert.ok(validator(doc), `${label}: ${doc.name}: ${JSON.stringify(validator.errors)}`);
    for (const rule of doc.correlation?.rules ?? []) assert.ok(names.has(rule), `${label}: ${doc.name} refers to ${rule}, defined earlier`);
    names.add(doc.name);
  }
}

test(`Sigma schemas read from ${specs}`, () => {
  assert.equal(detection({ title: 'x' }), false, 'a rule without detection is invalid');
});

for (const file of builtIns()) {
  test(`Sigma of ${file.path} validates against the official schemas`, () => {
    for (const a of exportFile(file, 'sigma').analytics) validate(a.text, a.id);
  });
}

test('Sigma of every golden-fixture rule validates', () => {
  for (const { name, file } of goldenRules()) for (const a of exportFile(file, 'sigma').analytics) validate(a.text, name);
});
