// The editor at collection scale (issue 21): a real VS Code (code-server) in headless Chromium
// loads `--copies` copies of the generated 1M-event NDJSON file (10 with `--full`) through
// "Huntbench: Load Logs", as a user would. While it loads, the bench reads the progress
// notification every second (events and events/s as shown), and every ~15 s times the
// extension host: an edit of a .hunt file until its diagnostic appears, and the undo until it
// goes (the diagnostics run on the extension host, so a blocked host shows here; the same
// probe before the load is the baseline). It prints the longest time the notification went
// without a new figure, the extension host's peak RSS (the engine worker is one of its
// threads), and the load's own summary. `--cancel-at N` presses the notification's Cancel once
// it shows N events and times how long until the summary says the events so far are kept.
// DuckDB's `read_json` on the same files in the same run is the peer. Opt-in: `--only editor`.

import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, symlinkSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import type { Page } from 'playwright-core';
import type { BenchFlags } from './run';
import { generateEvents } from './generateEvents';
import { child, spread } from './child';
import { chromiumMissing } from '../test/e2e/harness/browser';
import { openSession } from '../test/e2e/harness/session';
import { lineOf } from '../test/e2e/harness/workbench';
import { printableLine } from '../src/core/text/printable';

const DATASETS = join(__dirname, '..', '..', 'shared', 'datasets', 'otrf');
const REAL_ZIP = join(DATASETS, 'empire_persistence_registry_modification_run_keys_standard_user.zip');
const REAL_MEMBER = 'empire_persistence_registry_modification_run_keys_standard_user_2020-09-04030609.json';
const PROBE_EVERY_MS = 15_000;
const LOAD_DEADLINE_MS = 90 * 60_000;

interface Sample { readonly at: number; readonly events: number; readonly perSecond: number }

export default async function editor(flags: BenchFlags): Promise<void> {
  const { values } = parseArgs({ args: [...flags.argv], options: { only: { type: 'string', multiple: true }, copies: { type: 'string' }, 'cancel-at': { type: 'string' }, 'budget-mb': { type: 'string' } }, strict: false });
  if (!(values.only as string[] | undefined)?.includes('editor')) {
    console.log('skipped: opt-in (`npm run bench -- --only editor [--copies N | --full] [--cancel-at N] [--budget-mb N]`)');
    return;
  }
  const copies = Number(values.copies ?? (flags.full ? 10 : 1));
  const cancelAt = values['cancel-at'] === undefined ? undefined : Number(values['cancel-at']);
  const budgetMb = Number(values['budget-mb'] ?? 7000);
  const missing = chromiumMissing() ?? (existsSync(REAL_ZIP) ? undefined : `${REAL_ZIP} is absent`);
  if (missing) {
    console.log(`skipped: ${missing}`);
    return;
  }
  const file = generateEvents(REAL_ZIP, REAL_MEMBER, 1_000_000, join(__dirname, 'data', 'events-1000000.ndjson'));
  const folder = mkdtempSync(join(tmpdir(), 'huntbench-editor-bench-'));
  const files = Array.from({ length: copies }, (_, i) => {
    const link = join(folder, `events-${String(i + 1).padStart(2, '0')}.ndjson`);
    symlinkSync(file, link);
    return link;
  });
  const session = await openSession({ settings: { 'huntbench.memoryBudgetMB': budgetMb } });
  try {
    const { page, workbench } = session;
    const hunt = readFileSync(join(session.workspace, 'hunts', 'first-hunt.hunt'), 'utf8');
    const line = lineOf(hunt, /process_name == "services\.exe"/);
    // As a user starts: the Huntbench side bar (the extension activates), then the .hunt file.
    await workbench.openActivity('Huntbench', 60_000);
    await workbench.pane('Data', 60_000);
    // The walkthrough opens on first activation and would take the focus from the file.
    await page.locator('.tab', { hasText: 'Welcome' }).waitFor({ timeout: 30_000 }).catch(() => undefined);
    await workbench.runCommand('View: Close All Editors', 60_000);
    await workbench.openFile('first-hunt.hunt', 60_000);
    await workbench.goTo(line, hunt.split('\n')[line - 1]!.indexOf('process_name') + 1, 60_000);
    const baseline = [await probe(page), await probe(page), await probe(page)];

    const load = loadavg()[0]!.toFixed(1);
    await workbench.runCommand('Huntbench: Load Logs');
    await workbench.answerOpenDialog(folder);
    const started = Date.now();
    const samples: Sample[] = [];
    const probes: { edit: number; undo: number }[] = [];
    let cancelledAfter: number | undefined;
    let cancelPressed = 0;
    let lastProbe = started;
    let peakRss = 0;
    let summary: string | undefined;
    while (!summary) {
      if (Date.now() - started > LOAD_DEADLINE_MS) throw new Error(`no load summary within ${LOAD_DEADLINE_MS / 60_000} min`);
      await page.waitForTimeout(1_000);
      summary = await toastText(page, /^Huntbench loaded/);
      if (summary) break;
      const shown = parseProgress(await toastText(page, /loading logs/));
      if (shown && shown.events !== samples.at(-1)?.events) samples.push({ at: Date.now(), ...shown });
      peakRss = Math.max(peakRss, extensionHostRss());
      if (cancelAt !== undefined && !cancelPressed && shown && shown.events >= cancelAt) {
        await page.locator('.notification-toast', { hasText: /loading logs/ }).locator('.monaco-button', { hasText: 'Cancel' }).click();
        cancelPressed = Date.now();
      }
      if (!cancelPressed && Date.now() - lastProbe > PROBE_EVERY_MS) {
        probes.push(await probe(page));
        lastProbe = Date.now();
      }
    }
    const wall = (Date.now() - started) / 1000;
    if (cancelPressed) cancelledAfter = Date.now() - cancelPressed;
    // VS Code marks the host unresponsive when a request waits 3 s: its log lines carry the time, to set beside the progress.
    const unresponsive = session.logs().split('\n').filter((l) => /extension host .*(unresponsive|responsive again)/i.test(l)).map((l) => printableLine(l).slice(0, 200));
    const gaps = samples.slice(1).map((s, i) => s.at - samples[i]!.at);
    const peer = cancelPressed ? undefined : child(['duckdb', ...files]);

    console.log(`[load average ${load}] ${copies} × 1M generated events through "Huntbench: Load Logs" in code-server + Chromium, budget ${budgetMb} MB:`);
    console.log(`  summary: ${summary}`);
    console.log(`  wall ${wall.toFixed(1)} s from the dialog's OK to the summary; progress shown ${samples.length} times, last ${samples.at(-1)?.events.toLocaleString('en-US') ?? '-'} events at ${samples.at(-1)?.perSecond.toLocaleString('en-US') ?? '-'}/s; ` +
      `longest time without a new figure ${gaps.length ? (Math.max(...gaps) / 1000).toFixed(1) : '-'} s`);
    console.log(`  extension host answering an edit (diagnostic shown / cleared), ms: before the load ${spread(baseline.map((p) => p.edit), ms)} / ${spread(baseline.map((p) => p.undo), ms)}; ` +
      `during it (${probes.length} probes) ${probes.length ? `${spread(probes.map((p) => p.edit), ms)} / ${spread(probes.map((p) => p.undo), ms)}` : '-'}; "unresponsive" in VS Code's logs: ${unresponsive.length}`);
    for (const line of unresponsive) console.log(`    ${line}`);
    console.log(`  progress: ${samples.filter((_, i) => i % Math.ceil(samples.length / 12) === 0).map((s) => `${new Date(s.at).toISOString().slice(11, 19)} ${s.events.toLocaleString('en-US')}`).join(', ')}`);
    console.log(`  extension host peak RSS (engine worker included) ${(peakRss / 1024 ** 3).toFixed(2)} GB (sampled each second)`);
    if (cancelPressed) console.log(`  Cancel pressed at ≥ ${cancelAt!.toLocaleString('en-US')} events; the summary came ${cancelledAfter} ms later`);
    if (peer) {
      const loaded = Number(/loaded ([\d,]+) events/.exec(summary)?.[1]?.replaceAll(',', '') ?? 0);
      console.log(`  DuckDB read_json (declared columns), same files: ${peer.events.toLocaleString('en-US')} rows in ${(peer.millis / 1000).toFixed(1)} s = ${Math.round(peer.events / (peer.millis / 1000)).toLocaleString('en-US')} rows/s; ` +
        `ratio DuckDB/editor ${(peer.events / (peer.millis / 1000) / (loaded / wall)).toFixed(1)}× events/s`);
    }
  } catch (error) {
    console.error(`${session.logs().slice(-20_000)}\nscreenshot: ${await session.workbench.screenshot('editor-bench-failure')}`);
    throw error;
  } finally {
    await session.close();
    rmSync(folder, { recursive: true, force: true });
  }
}

const ms = (n: number): string => String(Math.round(n));

/** Types one character into the open .hunt file and removes it, timing each until the extension host's diagnostics follow. */
async function probe(page: Page): Promise<{ edit: number; undo: number }> {
  const squiggle = page.locator('.monaco-editor .squiggly-error').first();
  const typed = Date.now();
  await page.keyboard.type('x');
  await squiggle.waitFor({ state: 'attached', timeout: 120_000 });
  const edit = Date.now() - typed;
  const removed = Date.now();
  await page.keyboard.press('Backspace');
  await squiggle.waitFor({ state: 'detached', timeout: 120_000 });
  return { edit, undo: Date.now() - removed };
}

/** The text of the notification whose message matches, if one is shown. */
async function toastText(page: Page, pattern: RegExp): Promise<string | undefined> {
  for (const text of await page.locator('.notification-toast .notification-list-item-message').allInnerTexts()) if (pattern.test(text)) return text;
  return undefined;
}

/** "events-01.ndjson: 1,234,567 events (45,678/s)" → its figures. */
function parseProgress(text: string | undefined): { events: number; perSecond: number } | undefined {
  const match = text && /([\d,]+) events \(([\d,]+)\/s\)/.exec(text);
  return match ? { events: Number(match[1]!.replaceAll(',', '')), perSecond: Number(match[2]!.replaceAll(',', '')) } : undefined;
}

/** Resident bytes of this bench's VS Code extension hosts (descendants of this process). */
function extensionHostRss(): number {
  const parents = new Map<number, number>();
  const pids = readdirSync('/proc').filter((d) => /^\d+$/.test(d)).map(Number);
  for (const pid of pids) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
      parents.set(pid, Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]));
    } catch { /* gone */ }
  }
  const mine = (pid: number): boolean => {
    for (let p = parents.get(pid); p; p = parents.get(p)) if (p === process.pid) return true;
    return false;
  };
  let rss = 0;
  for (const pid of pids) {
    try {
      if (!mine(pid) || !readFileSync(`/proc/${pid}/cmdline`, 'utf8').includes('extensionHost')) continue;
      rss += Number(/VmRSS:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0) * 1024;
    } catch { /* gone */ }
  }
  return rss;
}
