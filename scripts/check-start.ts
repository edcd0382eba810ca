// CI's proof of the README's first command: runs `npm start` exactly as a newcomer does (through
// npm, so npm's own environment is in play), shows its output as it comes, waits for the URL it
// prints, and opens that URL in the e2e suite's headless Chromium: the workbench must load with
// the demo workspace (samples/) in the Explorer and Huntbench active (its activity-bar
// container, the Data view's welcome, the built-in analytics listed by the extension). Then it
// stops `npm start` the way a user does (Ctrl-C). Exits non-zero when any of it fails.
// `.ci/run` runs it with HUNTBENCH_CACHE pointed at a new, empty folder: the first-run path.
// Usage: node --import tsx scripts/check-start.ts
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { chromiumMissing, launchChromium } from '../test/e2e/harness/browser';
import { Workbench } from '../test/e2e/harness/workbench';
import { cacheDir } from './code-server/install';
import { formatElapsed } from './code-server/progress';

const REPO = resolve(__dirname, '..');
const SCENARIOS = ['AN0204-rare-internal-peer', 'AN0327-winrm-lateral-movement', 'AN0842-closed-port-opened', 'SVC-RPC-EXEC-remote-service'];
const ANALYTICS = ['AN0327', 'SVC-RPC-EXEC', 'AN0204', 'AN0842'];
/** The first run installs code-server (~9 min measured on 2 cores); leave room for a slow machine. */
const START_TIMEOUT_MS = Number(process.env.HUNTBENCH_START_TIMEOUT_MS ?? 25 * 60_000);
const ARTIFACTS = join(REPO, 'test-results', 'start');
/** The line `npm start` prints when VS Code is being served. */
const URL_LINE = /^\s+(http:\/\/127\.0\.0\.1:\d+\/\?folder=\S+)\s*$/m;

const started = Date.now();
const say = (line: string): void => console.log(`[check-start ${formatElapsed(Date.now() - started)}] ${line}`);

/** Starts `npm start` in its own process group; `url` resolves with the URL it prints, `output()` is all it printed so far. */
function npmStart(): { child: ChildProcess; url: Promise<string>; output: () => string } {
  const { PORT: _port, ...env } = process.env;
  const child = spawn('npm', ['start'], { cwd: REPO, env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const url = new Promise<string>((resolveUrl, reject) => {
    const timer = setTimeout(() => reject(new Error(`npm start printed no URL within ${formatElapsed(START_TIMEOUT_MS)}`)), START_TIMEOUT_MS);
    const read = (chunk: Buffer): void => {
      process.stdout.write(chunk.toString().replace(/^(?=.)/gm, '  | '));
      output += chunk.toString();
      const match = URL_LINE.exec(output);
      if (match) {
        clearTimeout(timer);
        resolveUrl(match[1]);
      }
    };
    child.stdout?.on('data', read);
    child.stderr?.on('data', read);
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`npm start exited (${code ?? signal}) before it printed a URL`));
    });
  });
  return { child, url, output: () => output };
}

/**
 * On the first run the newcomer must see what happens: the install announced, and heartbeats
 * (elapsed time and what runs) while it builds. Throws when they are missing.
 */
function checkProgressShown(output: string): void {
  if (!/First run: installing code-server/.test(output)) throw new Error('npm start installed code-server without saying so');
  const heartbeats = output.match(/^\s*… \d+(m\d+)?s code-server: .+$/gm) ?? [];
  if (heartbeats.length === 0) throw new Error('npm start showed no progress while it installed code-server');
  if (!/installed in \d+(m\d+)?s/.test(output)) throw new Error('npm start did not say how long the install took');
  say(`npm start showed its progress: ${heartbeats.length} heartbeats during the install`);
}

/** Ctrl-C to the whole process group (npm, the start script, code-server), then SIGKILL if it lingers. */
async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null || child.pid === undefined) return;
  const exited = new Promise((done) => child.once('exit', done));
  process.kill(-child.pid, 'SIGINT');
  // unref: the timer must not keep this process alive once npm start is gone.
  if (await Promise.race([exited.then(() => true), new Promise((done) => setTimeout(() => done(false), 15_000).unref())])) return;
  say('npm start did not stop within 15 s of Ctrl-C; killing it');
  process.kill(-child.pid, 'SIGKILL');
  await exited;
}

async function checkWorkbench(url: string, browser: Browser): Promise<void> {
  const folder = new URL(url).searchParams.get('folder');
  if (folder !== join(REPO, 'samples')) throw new Error(`the URL opens ${folder}, not ${join(REPO, 'samples')}`);
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const console_: string[] = [];
  page.on('console', (message) => console_.push(`[${message.type()}] ${message.text()}`));
  try {
    await page.goto(url);
    const workbench = new Workbench(page);
    await workbench.ready();
    say('the workbench loaded');
    const explorer = page.locator('.explorer-folders-view');
    for (const scenario of SCENARIOS) await explorer.locator('.monaco-list-row', { hasText: scenario }).waitFor({ timeout: 30_000 });
    say(`the Explorer shows samples/ (${SCENARIOS.length} scenarios)`);
    await workbench.openActivity('Huntbench', 30_000);
    const data = await workbench.pane('Data', 30_000);
    await data.getByText('No logs loaded yet.').waitFor({ timeout: 60_000 });
    const analytics = await workbench.onlyPane('Analytics', 30_000);
    for (const name of ANALYTICS) await analytics.locator('.monaco-list-row', { hasText: name }).first().waitFor({ timeout: 60_000 });
    say(`Huntbench is active: its Data view welcomes, its Analytics view lists ${ANALYTICS.join(', ')}`);
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'workbench.png') });
  } catch (error) {
    mkdirSync(ARTIFACTS, { recursive: true });
    await page.screenshot({ path: join(ARTIFACTS, 'failure.png') }).catch(() => undefined);
    throw new Error(`${error instanceof Error ? error.message : error}\n(screenshot: ${join(ARTIFACTS, 'failure.png')})\n===== browser console\n${console_.join('\n')}`);
  }
}

async function main(): Promise<void> {
  const missing = chromiumMissing();
  if (missing) throw new Error(missing);
  const cache = cacheDir();
  const cold = !existsSync(cache) || readdirSync(cache).length === 0;
  say(`npm start in ${REPO}, code-server cache ${cache} (${cold ? 'empty: the first-run path' : 'already installed'})`);
  const { child, url, output } = npmStart();
  let browser: Browser | undefined;
  try {
    const served = await url;
    say(`npm start printed ${served}`);
    if (cold) checkProgressShown(output());
    browser = await launchChromium();
    await checkWorkbench(served, browser);
  } finally {
    await browser?.close();
    await stop(child);
  }
  say('passed: npm start serves VS Code with the demo workspace and Huntbench');
}

main().catch((error) => {
  say(`FAILED: ${error instanceof Error ? error.message : error}`);
  process.exit(1);
});
