// End to end, the way users meet Huntbench: a real VS Code (code-server) in headless
// Chromium, the demo workspace open, everything done through the command palette, the
// side-bar views, the timeline webview and the editor. One session serves every test
// (they build on each other: load → run → chain → timeline → raw record), which keeps
// the suite to a few minutes. On failure the VS Code logs and the browser console print.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, readFileSync } from 'node:fs';
import { basename, extname, join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame, Locator } from 'playwright-core';
import { chromiumMissing } from './harness/browser';
import { openSession, type E2eSession } from './harness/session';
import { stepRunner } from './harness/steps';
import { lineOf } from './harness/workbench';

const SCENARIO = 'SVC-RPC-EXEC-remote-service';
const SYSMON = join(SCENARIO, 'WORKSTATION6-sysmon.json');
const SECURITY = join(SCENARIO, 'WORKSTATION6-security-system.xml');
/** cmd.exe started by services.exe: its Sysmon 1 line and its Security 4688 line. */
const SYSMON_CHILD = /"EventID":1,.*"Image":"C:\\\\Windows\\\\System32\\\\cmd\.exe".*"ParentImage":"C:\\\\Windows\\\\System32\\\\services\.exe"/;
const SECURITY_CHILD = /<EventID>4688<\/EventID>.*<Data Name="NewProcessName">C:\\Windows\\System32\\cmd\.exe<\/Data>.*<Data Name="ParentProcessName">C:\\Windows\\System32\\services\.exe<\/Data>/;
/** The chain the scenario's README promises: services.exe accepts, then starts cmd.exe. */
const INBOUND = 'services.exe accepted 172.18.39.5:56608';
const CHILD = /services\.exe started .*cmd\.exe/;

// Test names: later tests name the earlier ones they build on.
const OPENS = 'the demo workspace opens with Huntbench installed';
const LOADS = 'Huntbench: Load Logs loads a scenario folder';
const RUNS = 'Huntbench: Run All Analytics lists the SVC-RPC-EXEC chain on WORKSTATION6';
const TIMELINE = 'the timeline shows the inbound connection and the cmd.exe child';
const RAW = '"Open raw record" opens the record pretty-printed, and Show Original Record the source file at the event\'s own line';
const DARK = 'the timeline renders in the dark theme too';
const DIAG = 'a broken .hunt file shows a diagnostic';
const WALKTHROUGH = 'the walkthrough "Hunt your first chain" opens with its steps';
const REAL_CAPTURE = 'on the OTRF psexec capture, the SVC-RPC-EXEC chain opens as a timeline and its raw record opens';
/** The published capture the issue names (../shared/datasets beside the repository; absent on a bare clone). */
const PSEXEC = join(__dirname, '..', '..', '..', 'shared', 'datasets', 'otrf', 'empire_psexec_dcerpc_tcp_svcctl.zip');

const missing = chromiumMissing();

describe('Huntbench in a real VS Code', { skip: missing ? `skipped: ${missing}` : false, timeout: 8 * 60_000 }, () => {
  let session: E2eSession;
  let timeline: Frame | undefined;
  /** What the timeline showed: each event's summary (from the details panel) and marker test id. */
  const eventsShown = new Map<string, string>();

  /**
   * Every event of a timeline, read the way a user reads it: select its marker and look at the
   * details panel (labels give way when they would overlap). Gives marker test id → summary.
   * Events of one second in one lane share a spot, so the press and release go to each marker
   * itself (the timeline selects on pointerup over a marker).
   */
  async function press(marker: Locator): Promise<void> {
    await marker.dispatchEvent('pointerdown', { button: 0, pointerId: 1, isPrimary: true });
    await marker.dispatchEvent('pointerup', { button: 0, pointerId: 1, isPrimary: true });
  }

  async function readTimeline(frame: Frame): Promise<Map<string, string>> {
    const markers = frame.locator('[data-testid="timeline-svg"] [data-testid^="event-"]');
    await markers.first().waitFor({ timeout: 15_000 });
    const summaries = new Map<string, string>();
    for (const marker of await markers.all()) {
      const id = await marker.getAttribute('data-event-id');
      await press(marker);
      await frame.locator(`[data-testid="event-${id}"].selected`).waitFor({ timeout: 15_000 });
      summaries.set(`event-${id}`, await frame.locator('[data-testid="details-title"]').innerText());
    }
    return summaries;
  }

  before(async () => {
    session = await openSession({ colorTheme: 'Default Light Modern' });
  });
  after(async () => {
    await session?.close();
  });

  const step = stepRunner(() => session, '');

  test(OPENS, async (t) => {
    await step(t, [], async () => {
      const explorer = session.page.locator('.explorer-folders-view');
      for (const folder of ['AN0204-rare-internal-peer', 'AN0327-winrm-lateral-movement', 'AN0842-closed-port-opened', 'SVC-RPC-EXEC-remote-service']) {
        await explorer.locator('.monaco-list-row', { hasText: folder }).waitFor({ timeout: 15_000 });
      }
      await session.workbench.openActivity('Huntbench');
      for (const view of ['Data', 'Analytics', 'Chains']) await session.workbench.pane(view);
    });
  });

  test(LOADS, async (t) => {
    await step(t, [], async () => {
      await session.workbench.runCommand('Huntbench: Load Logs');
      await session.workbench.answerOpenDialog(join(session.workspace, SCENARIO));
      const data = await session.workbench.pane('Data');
      await data.locator('.monaco-list-row', { hasText: 'WORKSTATION6-sysmon.json' }).first().waitFor({ timeout: 60_000 });
    });
  });

  test(RUNS, async (t) => {
    await step(t, [LOADS], async () => {
      await session.workbench.runCommand('Huntbench: Run All Analytics');
      const chains = await session.workbench.pane('Chains');
      const chain = await session.workbench.treeItem(chains, [/^SVC-RPC-EXEC/, /^WORKSTATION6/, /UTC/], 60_000);
      await chain.click();
    });
  });

  test(TIMELINE, async (t) => {
    await step(t, [RUNS], async () => {
      timeline = await session.workbench.webviewFrame('[data-testid="timeline-svg"]', 60_000);
      for (const [marker, summary] of await readTimeline(timeline)) eventsShown.set(summary, marker);
      const shown = [...eventsShown.keys()].join('\n');
      assert.ok([...eventsShown.keys()].some((summary) => summary.includes(INBOUND)), `the timeline has no event ${INBOUND}; its events:\n${shown}`);
      assert.ok([...eventsShown.keys()].some((summary) => CHILD.test(summary)), `the timeline has no event ${CHILD}; its events:\n${shown}`);
      await session.workbench.clearNotifications();
      await session.workbench.screenshot('timeline-light');
    });
  });

  test(RAW, async (t) => {
    await step(t, [TIMELINE], async () => {
      assert.ok(timeline, 'the timeline is open');
      const child = [...eventsShown.entries()].find(([summary]) => CHILD.test(summary));
      assert.ok(child, 'the timeline showed the cmd.exe child');
      await timeline.locator(`[data-testid="${child[1]}"]`).click();
      await timeline.locator('[data-testid="details-title"]', { hasText: /cmd\.exe/ }).waitFor({ timeout: 15_000 });
      await timeline.locator('[data-testid="open-raw"]').click();
      // The record opens pretty-printed; its original bytes are one command away: the source
      // file at the event's own line.
      await session.page.locator('.editor-group-container.active .tab.active .label-name', { hasText: new RegExp(`^${child[1]}-`) }).waitFor({ timeout: 15_000 });
      await session.workbench.runCommand('Huntbench: Show Original Record');
      // The chain's child step is cmd.exe's creation, logged twice: Sysmon 1 in the NDJSON
      // and Security 4688 in the EVTX-XML; the step carries both and the marker selected is
      // either. Wait until the active editor is one of the two files with the cursor on that
      // file's child line (a preview tab may be replaced while the editor settles).
      const sources = Object.fromEntries([SYSMON, SECURITY].map((file) => [file, readFileSync(join(session.workspace, file), 'utf8')]));
      const childLine = { [SYSMON]: lineOf(sources[SYSMON]!, SYSMON_CHILD), [SECURITY]: lineOf(sources[SECURITY]!, SECURITY_CHILD) };
      // A tab's label shows the name without its extension (`.json` is a separate element).
      const stem = (file: string): string => basename(file, extname(file));
      const settled = (file: string) => session.page.locator('body')
        .filter({ has: session.page.locator('.editor-group-container.active .tab.active .label-name', { hasText: stem(file) }) })
        .filter({ has: session.page.locator('#status\\.editor\\.selection', { hasText: new RegExp(`^Ln ${childLine[file]},`) }) });
      await settled(SYSMON).or(settled(SECURITY)).waitFor({ timeout: 15_000 });
      const file = (await session.workbench.activeEditorTitle()) === stem(SYSMON) ? SYSMON : SECURITY;
      const line = childLine[file]!;
      const text = await session.workbench.activeEditorText();
      assert.ok(text.includes(sources[file]!.split('\n')[line - 1]!.slice(0, 200)), `the editor shows line ${line} of ${file}`);
    });
  });

  test(DARK, async (t) => {
    await step(t, [TIMELINE], async () => {
      assert.ok(timeline, 'the timeline is open');
      await session.workbench.colorTheme('Dark Modern', 'vs-dark');
      await session.page.locator('.tab', { hasText: /timeline/i }).first().click();
      const frame = await session.workbench.webviewFrame('[data-testid="timeline-svg"]', 30_000);
      await frame.locator('body.vscode-dark').waitFor({ timeout: 15_000 });
      await session.workbench.clearNotifications();
      await session.workbench.screenshot('timeline-dark');
      await session.workbench.colorTheme('Light Modern', 'vs');
    });
  });

  test(DIAG, async (t) => {
    await step(t, [], async () => {
      const hunt = readFileSync(join(session.workspace, 'hunts', 'first-hunt.hunt'), 'utf8');
      const line = lineOf(hunt, /process_name == "services\.exe"/);
      const column = hunt.split('\n')[line - 1]!.indexOf('process_name') + 1;
      // Raw records opened earlier (NDJSON is not one JSON document) carry JSON errors of their own.
      await session.workbench.runCommand('View: Close All Editors');
      await session.workbench.openFile('first-hunt.hunt');
      await session.workbench.goTo(line, column);
      await session.page.keyboard.type('x');
      const problems = session.page.locator('.statusbar-item', { has: session.page.locator('.codicon-error') });
      await session.page.keyboard.press('Control+Shift+M');
      const marker = session.page.locator('.markers-panel .monaco-list-row', { hasText: /xprocess_name/ });
      await marker.first().waitFor({ timeout: 30_000 });
      assert.match(await marker.first().innerText(), /unknown field/i);
      assert.match(await problems.first().innerText(), /1/);
      await session.page.locator('.monaco-editor .squiggly-error').first().waitFor({ timeout: 15_000 });
      await session.workbench.screenshot('diagnostic');
      await session.workbench.runCommand('File: Revert File');
    });
  });

  test(REAL_CAPTURE, { skip: existsSync(PSEXEC) ? false : `skipped: ${PSEXEC} is not present` }, async (t) => {
    await step(t, [RUNS], async () => {
      // The published capture, loaded as a user would: from the workspace, through the palette.
      const folder = join(session.workspace, 'otrf');
      mkdirSync(folder);
      copyFileSync(PSEXEC, join(folder, basename(PSEXEC)));
      await session.workbench.runCommand('View: Close All Editors');
      await session.workbench.runCommand('Huntbench: Load Logs');
      await session.workbench.answerOpenDialog(folder);
      const data = await session.workbench.pane('Data');
      await data.locator('.monaco-list-row', { hasText: 'empire_psexec_dcerpc_tcp_svcctl' }).first().waitFor({ timeout: 60_000 });
      await session.workbench.clearNotifications();
      await session.workbench.runCommand('Huntbench: Run All Analytics');
      // The tree settles only when every analytic has reported; rows found earlier can move.
      await session.page.locator('.notifications-toasts', { hasText: /chain\(s\) from \d+ analytic/ }).waitFor({ timeout: 60_000 });
      // Two sessions' chains fill the tree, and a virtual list renders only what is in view:
      // make room for the Chains view as a user would, by collapsing the other views.
      const chains = await session.workbench.onlyPane('Chains');
      await (await session.workbench.treeItem(chains, [/^SVC-RPC-EXEC/, /^WORKSTATION6/, /^2020-09-20/], 60_000)).click();
      await session.page.locator('.tab.active', { hasText: 'Timeline: SVC-RPC-EXEC (WORKSTATION6)' }).waitFor({ timeout: 30_000 });
      const frame = await session.workbench.webviewFrame('[data-testid="timeline-svg"]', 60_000);
      // A timeline of one chain hides its (one-row) chain list: the row is there, not shown.
      await frame.locator('[data-testid="chain-row"]', { hasText: 'SVC-RPC-EXEC' }).first().waitFor({ state: 'attached', timeout: 15_000 });
      const shown = await readTimeline(frame);
      const summaries = [...shown.values()];
      assert.ok(summaries.some((s) => s.includes('services.exe accepted 172.18.39.5:56608 → 172.18.39.6:49726')), `no inbound services.exe event; events:\n${summaries.join('\n')}`);
      assert.ok(summaries.some((s) => CHILD.test(s)), `no cmd.exe child; events:\n${summaries.join('\n')}`);
      await frame.locator('[data-testid="step-gap"]').first().waitFor({ timeout: 15_000 });
      await session.workbench.screenshot('timeline-otrf-psexec');
      // The raw record of the child, from inside the zip: a read-only document with that record.
      const [childMarker] = [...shown].find(([, summary]) => CHILD.test(summary))!;
      await press(frame.locator(`[data-testid="${childMarker}"]`));
      await frame.locator(`[data-testid="${childMarker}"].selected`).waitFor({ timeout: 15_000 });
      await frame.locator('[data-testid="open-raw"]').click();
      // The document is named after the event (`event-<id>-<member>`) and holds its record, as
      // indented JSON taller than the screen: find the child and its parent in it as a user would.
      await session.page.locator('.editor-group-container.active .tab.active .label-name', { hasText: new RegExp(`^${childMarker}-empire_psexec`) }).waitFor({ timeout: 15_000 });
      await session.page.locator('.editor-group-container.active .monaco-editor').first().click();
      for (const text of ['\\\\cmd.exe', '\\\\services.exe']) {
        await session.page.keyboard.press('Control+F');
        await session.page.keyboard.press('Control+A');
        await session.page.keyboard.type(text);
        await session.page.locator('.editor-group-container.active .find-widget .matchesCount', { hasText: /^\d+ of \d+$/ }).waitFor({ timeout: 15_000 });
      }
      await session.page.keyboard.press('Escape');
    });
  });

  test(WALKTHROUGH, async (t) => {
    await step(t, [], async () => {
      const steps = session.page.locator('.getting-started-step');
      await session.workbench.openWalkthrough('Hunt your first chain', steps.filter({ hasText: 'Load a scenario' }));
      for (const title of ['Load a scenario', 'Run the analytics', "Open a chain's timeline", 'Reach the raw event', 'Write your own hunt']) {
        await steps.filter({ hasText: title }).first().waitFor({ timeout: 15_000 });
      }
      await session.workbench.screenshot('walkthrough');
    });
  });

});
