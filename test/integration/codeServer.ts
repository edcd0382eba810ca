// `npm run test:integration:code-server`: the same integration suite in the offline real
// VS Code of the end-to-end harness. code-server (installed and started by
// scripts/code-server/) serves the packaged extension; headless Chromium opens the workbench
// with the suite as its extension-tests entry (the web workbench's `payload` parameter); the
// extension host, which runs on the server, writes the outcome to HUNTBENCH_IT_RESULTS.

import { cpSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ensureCodeServer } from '../../scripts/code-server/install';
import { startCodeServer, type CodeServerOptions } from '../../scripts/code-server/server';
import { buildVsix } from '../../scripts/code-server/vsix';
import { chromiumMissing, launchChromium } from '../e2e/harness/browser';
import type { Outcome } from './harness';
import { FIXTURE_WORKSPACE, ROOT, bundleSuite } from './bundle';

const TIMEOUT_MS = Number(process.env.HUNTBENCH_IT_TIMEOUT_MS ?? 120_000);

async function main(): Promise<number> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const suite = await bundleSuite();
  const scratch = mkdtempSync(join(tmpdir(), 'huntbench-it-cs-'));
  const workspace = join(scratch, 'workspace');
  cpSync(FIXTURE_WORKSPACE, workspace, { recursive: true });
  const results = join(scratch, 'results.json');
  process.env.HUNTBENCH_IT_RESULTS = results;
  const vsix = buildVsix(ROOT, join(scratch, 'vsix'));
  // The web workbench honours extension-test parameters only with VS Code's smoke-test driver
  // on; startCodeServer passes `vscodeOptions` through as `--vscode-option` (code-server's
  // pass-through for VS Code server flags).
  const options: CodeServerOptions & { readonly vscodeOptions: readonly string[] } = { paths: await ensureCodeServer(), vsix, workspace, vscodeOptions: ['enable-smoke-test-driver'] };
  const server = await startCodeServer(options);
  const browser = await launchChromium();
  try {
    const authority = new URL(server.url).host;
    // The workbench runs extension tests only in extension-development mode, so the repository
    // is also the development extension (the same build as the installed .vsix).
    const payload = JSON.stringify([
      ['extensionDevelopmentPath', `vscode-remote://${authority}${ROOT}`],
      ['extensionTestsPath', `vscode-remote://${authority}${suite}`],
    ]);
    const page = await browser.newPage();
    const consoleLines: string[] = [];
    page.on('console', (m) => consoleLines.push(`[${m.type()}] ${m.text()}`));
    await page.goto(`${server.url}&payload=${encodeURIComponent(payload)}`);
    const deadline = Date.now() + TIMEOUT_MS;
    while (!existsSync(results)) {
      if (Date.now() > deadline) throw new Error(`no results after ${TIMEOUT_MS / 1000} s\n${server.logs()}\n===== browser console\n${consoleLines.join('\n')}`);
      await new Promise((r) => setTimeout(r, 250));
    }
    const outcome = JSON.parse(readFileSync(results, 'utf8')) as Outcome;
    for (const name of outcome.passed) console.log(`  ✔ ${name}`);
    for (const f of outcome.failed) console.log(`  ✖ ${f.name}\n    ${f.error}`);
    console.log(`\n${outcome.passed.length} passed, ${outcome.failed.length} failed (code-server)`);
    if (outcome.failed.length) console.log(server.logs());
    return outcome.failed.length ? 1 : 0;
  } finally {
    await browser.close();
    await server.stop();
    rmSync(scratch, { recursive: true, force: true });
  }
}

main().then((code) => process.exit(code), (error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
