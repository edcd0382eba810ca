// `npm run test:integration`: bundles the suite, copies the fixture workspace to a temp
// folder, downloads VS Code (stable, or HUNTBENCH_VSCODE_VERSION such as the minimum
// `engines.vscode`) with @vscode/test-electron and runs the suite in its extension host.
// Needs network access to update.code.visualstudio.com and a display (use xvfb-run on CI).

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { runTests } from '@vscode/test-electron';

const root = resolve(__dirname, '../..');

async function main(): Promise<void> {
  const suite = join(root, 'out', 'integration', 'suite.js');
  await esbuild.build({ entryPoints: [join(root, 'test/integration/suite.ts')], outfile: suite, bundle: true, platform: 'node', format: 'cjs', target: 'node20', external: ['vscode'], sourcemap: true, logLevel: 'warning' });
  const workspace = mkdtempSync(join(tmpdir(), 'huntbench-it-'));
  cpSync(join(root, 'test/fixtures/worker'), workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.HUNTBENCH_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: root,
      extensionTestsPath: suite,
      launchArgs: [workspace, '--disable-extensions', '--disable-workspace-trust', '--skip-welcome', '--skip-release-notes'],
    });
  } finally {
    rmSync(workspace, { recursive: true, force: true });
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
