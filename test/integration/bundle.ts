// Bundles the integration suite into out/integration/suite.js (the module the extension host
// loads), shared by the test-electron and code-server runners.

import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';

export const ROOT = resolve(__dirname, '../..');
export const SUITE = join(ROOT, 'out', 'integration', 'suite.js');
/** The workspace the suite expects: a log and an analytic (copied, since the suite edits it). */
export const FIXTURE_WORKSPACE = join(ROOT, 'test', 'fixtures', 'worker');

export async function bundleSuite(): Promise<string> {
  await esbuild.build({ entryPoints: [join(ROOT, 'test/integration/suite.ts')], outfile: SUITE, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], sourcemap: true, logLevel: 'warning' });
  return SUITE;
}
