// The analytics every export test runs over: the four built-ins and every golden-fixture rule
// (each shows one construct of the language), loaded and checked like `huntbench export` does.

import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadHuntFile, type HuntFile } from '../../../src/core/dsl/load';

export const REPO = join(__dirname, '..', '..', '..');
export const GOLDEN = join(REPO, 'test', 'golden');

export function builtIns(): HuntFile[] {
  const dir = join(REPO, 'analytics');
  return readdirSync(dir).filter((n) => n.endsWith('.hunt')).sort().map((n) => loadHuntFile(join(dir, n)));
}

export function goldenRules(): { name: string; file: HuntFile; expected: string }[] {
  return readdirSync(GOLDEN).sort()
    .filter((n) => existsSync(join(GOLDEN, n, 'rule.hunt')))
    .map((n) => ({ name: n, file: loadHuntFile(join(GOLDEN, n, 'rule.hunt')), expected: join(GOLDEN, n, 'expected.json') }));
}

/** Sigma output as objects, read by an independent YAML parser. */
export function sigmaDocuments(text: string): Record<string, any>[] {
  return text.split(/^---$/m).map((doc) => load(doc) as Record<string, any>);
}
