// `npm run test:integration`: bundles the suite, copies the fixture workspace to a temp
// folder, downloads VS Code (stable, or HUNTBENCH_VSCODE_VERSION such as the minimum
// `engines.vscode`) with @vscode/test-electron and runs the suite in its extension host.
// Needs network access to update.code.visualstudio.com and a display (use xvfb-run on CI).

import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runTests } from '@vscode/test-electron';
import { FIXTURE_WORKSPACE, ROOT, bundleSuite } from './bundle';

async function main(): Promise<void> {
  const suite = await bundleSuite();
  const workspace = mkdtempSync(join(tmpdir(), 'huntbench-it-'));
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  try {
    await runTests({
      version: process.env.HUNTBENCH_VSCODE_VERSION ?? 'stable',
      extensionDevelopmentPath: ROOT,
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
