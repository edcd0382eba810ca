// One e2e session: code-server (installed into the cache on first use) serving the demo
// workspace with the freshly packaged .vsix, and a headless Chromium page on it. On failure
// the caller prints `logs()`: code-server's output, VS Code's logs and the browser console.
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
  readonly workbench: Workbench;
  readonly page: Page;
  readonly server: RunningCodeServer;
  logs(): string;
  close(): Promise<void>;
}

export async function openSession(options: { colorTheme?: string } = {}): Promise<E2eSession> {
  const paths = ensureCodeServer((line) => console.error(`[e2e] ${line}`));
  const server = await startCodeServer({ paths, vsix: packagedExtension(), workspace: SAMPLES, colorTheme: options.colorTheme });
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
      workbench,
      page,
      server,
      logs: () => `${server.logs()}\n===== browser console\n${console_.join('\n')}`,
      close: async () => {
        await opened.close();
        await server.stop();
      },
    };
  } catch (error) {
    console.error(`${server.logs()}\n===== browser console\n${console_.join('\n')}`);
    await browser?.close();
    await server.stop();
    throw error;
  }
}
