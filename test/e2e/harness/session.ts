// One e2e session: code-server (installed into the cache on first use) serving the demo
// workspace with the freshly packaged .vsix, and a headless Chromium page on it. On failure
// the caller prints `logs()`: code-server's output, VS Code's logs and the browser console.
import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { ensureCodeServer } from '../../../scripts/code-server/install';
import { startCodeServer, type RunningCodeServer } from '../../../scripts/code-server/server';
import { buildVsix } from '../../../scripts/code-server/vsix';
import { launchChromium } from './browser';
import { Workbench } from './workbench';

export const REPO = resolve(__dirname, '..', '..', '..');
export const SAMPLES = join(REPO, 'samples');

let vsix: string | undefined;
/** Built once per test process: every session installs the same package. */
function packagedExtension(): string {
  vsix ??= process.env.HUNTBENCH_E2E_VSIX ?? buildVsix(REPO, join(REPO, 'out', 'e2e'));
  return vsix;
}

export interface E2eSession {
  /** A fresh copy of samples/: what the session loads, edits and writes (.huntbench/) stays out of the repo. */
  readonly workspace: string;
  readonly workbench: Workbench;
  readonly page: Page;
  readonly server: RunningCodeServer;
  logs(): string;
  close(): Promise<void>;
}

/** `settings`: user settings over the harness's defaults (e.g. a larger memory budget for a bench). */
export async function openSession(options: { colorTheme?: string; settings?: Readonly<Record<string, unknown>> } = {}): Promise<E2eSession> {
  // Suites run at once (one process per file) and share test-results/e2e: each names its own
  // screenshots, and none clears the folder under another's feet.
  const paths = await ensureCodeServer((line) => console.error(`[e2e] ${line}`));
  const workspace = join(mkdtempSync(join(tmpdir(), 'huntbench-e2e-')), 'samples');
  cpSync(SAMPLES, workspace, { recursive: true, filter: (source) => !source.endsWith('.huntbench') });
  const removeWorkspace = (): void => rmSync(join(workspace, '..'), { recursive: true, force: true });
  let server: RunningCodeServer;
  try {
    server = await startCodeServer({ paths, vsix: packagedExtension(), workspace, colorTheme: options.colorTheme, settings: options.settings });
  } catch (error) {
    removeWorkspace();
    throw error;
  }
  let browser: Browser | undefined;
  const console_: string[] = [];
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1600, height: 1000 } });
    page.on('console', (message) => console_.push(`[${message.type()}] ${message.text()}`));
    page.on('pageerror', (error) => console_.push(`[pageerror] ${error.message}`));
    await page.goto(server.url);
    const workbench = new Workbench(page);
    await workbench.ready();
    const opened = browser;
    return {
      workspace,
      workbench,
      page,
      server,
      logs: () => `${server.logs()}\n===== browser console\n${console_.join('\n')}`,
      close: async () => {
        await opened.close();
        await server.stop();
        removeWorkspace();
      },
    };
  } catch (error) {
    console.error(`${server.logs()}\n===== browser console\n${console_.join('\n')}`);
    await browser?.close();
    await server.stop();
    removeWorkspace();
    throw error;
  }
}
