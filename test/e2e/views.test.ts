// The chain views end to end in a real VS Code (code-server + headless Chromium), one session
// for all of it: the timeline of the SVC-RPC-EXEC demo chain and the estate graph of the demo
// scenarios, each checked in the DOM (no two labels intersect, nothing is cut by its panel,
// nothing is wider than the window) and photographed at 1280x720 and 1920x1080 in Light
// Modern, Dark Modern, Light High Contrast and Dark High Contrast (test-results/e2e/views-*.png,
// kept by CI); then a 100 KB command line and a tooltip at the right edge keep the layout
// intact, a click on an arrow of the graph opens that chain's timeline, and a host's Sigma
// detections open on a timeline beside its chains.
import assert from 'node:assert/strict';
import { copyFileSync, existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import type { Frame } from 'playwright-core';
import { chromiumMissing } from './harness/browser';
import { openSession, type E2eSession } from './harness/session';
import { stepRunner } from './harness/steps';
import { boxOf, layoutReport, tooltipReport, type LayoutReport } from './harness/layout';

const THEMES = [
  { name: 'Light Modern', workbench: 'vs', body: 'vscode-light' },
  { name: 'Dark Modern', workbench: 'vs-dark', body: 'vscode-dark' },
  { name: 'Light High Contrast', workbench: 'hc-light', body: 'vscode-high-contrast-light' },
  { name: 'Dark High Contrast', workbench: 'hc-black', body: 'vscode-high-contrast' },
] as const;
const SIZES = [{ width: 1280, height: 720 }, { width: 1920, height: 1080 }] as const;

/** A Sysmon export (NXLog NDJSON, like the demo's) of an SVC-RPC-EXEC chain whose child has a 100 KB command line. */
function longValueExport(): string {
  const base = { Hostname: 'WORKSTATION9.theshire.local', SourceName: 'Microsoft-Windows-Sysmon', Channel: 'Microsoft-Windows-Sysmon/Operational', EventType: 'INFO' };
  const inbound = { ...base, EventID: 3, EventTime: '2025-09-16 13:14:39', UtcTime: '2025-09-16 13:14:39.100', ProcessGuid: '{9a2f0c11-0000-0000-0000-000000000600}', ProcessId: 600, Image: 'C:\\Windows\\System32\\services.exe', User: 'NT AUTHORITY\\SYSTEM', Protocol: 'tcp', Initiated: 'false', SourceIp: '172.18.39.5', SourcePort: 51000, DestinationIp: '172.18.39.9', DestinationPort: 49800 };
  const child = { ...base, EventID: 1, EventTime: '2025-09-16 13:14:40', UtcTime: '2025-09-16 13:14:40.200', ProcessGuid: '{9a2f0c11-0000-0000-0000-000000000700}', ProcessId: 700, Image: 'C:\\Windows\\System32\\cmd.exe', CommandLine: `cmd.exe /c powershell -enc ${'QUJD'.repeat(25_000)}`, User: 'NT AUTHORITY\\SYSTEM', ParentProcessGuid: '{9a2f0c11-0000-0000-0000-000000000600}', ParentProcessId: 600, ParentImage: 'C:\\Windows\\System32\\services.exe' };
  return `${JSON.stringify(inbound)}\n${JSON.stringify(child)}\n`;
}

function assertLayout(report: LayoutReport, where: string): void {
  assert.ok(report.labels > 0, `${where}: labels are drawn`);
  assert.deepEqual(report.overlaps, [], `${where}: no two labels intersect`);
  assert.deepEqual(report.clipped, [], `${where}: no label is cut by its panel`);
  assert.deepEqual(report.overflow, [], `${where}: nothing is wider than the window`);
}

const missing = chromiumMissing();

describe('the chain views in a real VS Code', { skip: missing ? `skipped: ${missing}` : false, timeout: 12 * 60_000 }, () => {
  let session: E2eSession;
  const step = stepRunner(() => session, 'views-');

  /** Opens a chain from the Chains view. */
  async function openChain(analytic: RegExp, host: RegExp): Promise<void> {
    const chains = await session.workbench.onlyPane('Chains');
    await (await session.workbench.treeItem(chains, [analytic, host, /UTC/], 60_000)).click();
  }

  /** The webview frame of the editor tab whose title matches, brought to the front. */
  async function tabFrame(tab: RegExp, selector: string): Promise<Frame> {
    await session.page.locator('.tab', { hasText: tab }).first().click();
    return session.workbench.webviewFrame(selector, 30_000);
  }

  before(async () => {
    session = await openSession({ colorTheme: 'Default Light Modern' });
  });
  after(async () => {
    await session?.close();
  });

  const FIRST = 'the walkthrough opens on first start in the demo workspace, nothing ticked';
  const LOADED = 'the demo scenarios and a capture with a 100 KB value load, and the analytics run';
  const TIMELINE = 'the SVC-RPC-EXEC timeline opens with its story, lanes and links';
  const GRAPH = 'the estate graph shows who moved to whom';
  const SHOTS = 'timeline and graph: every label apart and inside, in four themes at two sizes';
  const LONG = 'a 100 KB value and a tooltip at the right edge keep the layout intact';
  const CLICK = 'a click on an arrow of the graph opens its chains as a timeline';

  /** The walkthrough's step, by its id in package.json. */
  const walkthroughStep = (id: string) => session.page.locator(`button.getting-started-step[data-step-id$="${id}"]`);

  test(FIRST, async (t) => {
    await step(t, [], async () => {
      await walkthroughStep('load').first().waitFor({ timeout: 30_000 });
      for (const id of ['load', 'run', 'timeline', 'raw', 'edit']) assert.equal(await walkthroughStep(id).first().getAttribute('aria-checked'), 'false', `step ${id} is not ticked yet`);
      // The walkthrough's description is whole (not cut off) in its header.
      const description = await session.page.locator('.getting-started-detail-header .description, .gettingStartedSlideDetails .subtitle').first().innerText().catch(() => '');
      assert.ok(description === '' || description.endsWith('.'), `the description is whole: ${description}`);
      await session.workbench.screenshot('views-walkthrough-first-start');
    });
  });

  test(LOADED, async (t) => {
    await step(t, [], async () => {
      const folder = join(session.workspace, 'estate');
      mkdirSync(folder);
      for (const file of ['SVC-RPC-EXEC-remote-service/WORKSTATION6-sysmon.json', 'SVC-RPC-EXEC-remote-service/WORKSTATION6-security-system.xml', 'AN0327-winrm-lateral-movement/theshire-winrm.json']) {
        copyFileSync(join(session.workspace, file), join(folder, file.split('/')[1]!));
      }
      writeFileSync(join(folder, 'WORKSTATION9-sysmon-long-values.json'), longValueExport());
      await session.workbench.openActivity('Huntbench');
      await session.workbench.runCommand('Huntbench: Load Logs');
      await session.workbench.answerOpenDialog(folder);
      const data = await session.workbench.pane('Data');
      await data.locator('.monaco-list-row', { hasText: 'WORKSTATION9-sysmon-long-values.json' }).first().waitFor({ timeout: 60_000 });
      await session.workbench.runCommand('Huntbench: Run All Analytics');
      await session.page.locator('.notifications-toasts', { hasText: /chain\(s\) from \d+ analytic/ }).waitFor({ timeout: 60_000 });
      await session.workbench.clearNotifications();
    });
  });

  test(TIMELINE, async (t) => {
    await step(t, [LOADED], async () => {
      await openChain(/^SVC-RPC-EXEC/, /^WORKSTATION6/);
      const frame = await tabFrame(/Timeline: SVC-RPC-EXEC \(WORKSTATION6\)/, '[data-testid="timeline-svg"] .markers .marker');
      const story = await frame.locator('[data-testid="story-step"]').allInnerTexts();
      assert.match(story.join('\n'), /reached WORKSTATION6 on port \d+, accepted by services\.exe/);
      assert.match(story.join('\n'), /services\.exe started .*cmd\.exe/);
      await frame.locator('[data-testid="step-gap"]').first().waitFor({ timeout: 15_000 });
      assertLayout(await layoutReport(frame), 'timeline');
    });
  });

  test(GRAPH, async (t) => {
    await step(t, [LOADED], async () => {
      await session.workbench.runCommand('Huntbench: Open Estate Graph');
      const frame = await tabFrame(/Estate graph/, '[data-testid="graph-edge"]');
      const arrows = await frame.locator('[data-testid="graph-edge"]').evaluateAll((edges) => edges.map((e) => `${e.getAttribute('data-from')} -> ${e.getAttribute('data-to')}`));
      assert.ok(arrows.includes('WORKSTATION5 -> WORKSTATION6'), `an arrow from WORKSTATION5 to WORKSTATION6; arrows: ${arrows.join(', ')}`);
      assertLayout(await layoutReport(frame), 'graph');
    });
  });

  test(SHOTS, async (t) => {
    await step(t, [TIMELINE, GRAPH], async () => {
      // The side bar out of the way, as a trainer presenting would have it.
      await session.workbench.runCommand('View: Toggle Primary Side Bar Visibility');
      try {
        for (const theme of THEMES) {
          await session.workbench.colorTheme(theme.name, theme.workbench);
          for (const size of SIZES) {
            await session.page.setViewportSize(size);
            for (const view of [{ name: 'timeline', tab: /Timeline: SVC-RPC-EXEC/, ready: '[data-testid="timeline-svg"] .markers .marker' }, { name: 'graph', tab: /Estate graph/, ready: '[data-testid="graph-edge"]' }]) {
              const frame = await tabFrame(view.tab, view.ready);
              await frame.locator(`body.${theme.body}`).waitFor({ timeout: 15_000 });
              // The view redraws on the next frame after a resize: wait until its SVG fills the new width.
              await frame.waitForFunction(`(() => { const s = document.querySelector('svg.timeline, svg.graph'); return s && Math.abs(s.getBoundingClientRect().width - s.parentElement.clientWidth) < 2; })()`, undefined, { timeout: 15_000 });
              const where = `${view.name}, ${theme.name}, ${size.width}x${size.height}`;
              assertLayout(await layoutReport(frame), where);
              await session.workbench.screenshot(`views-${view.name}-${theme.name.replace(/ /g, '-').toLowerCase()}-${size.width}x${size.height}`);
            }
          }
        }
      } finally {
        await session.page.setViewportSize({ width: 1600, height: 1000 });
        await session.workbench.colorTheme('Light Modern', 'vs');
        await session.workbench.runCommand('View: Toggle Primary Side Bar Visibility');
      }
    });
  });

  test(LONG, async (t) => {
    await step(t, [LOADED], async () => {
      await openChain(/^SVC-RPC-EXEC/, /^WORKSTATION9/);
      const frame = await tabFrame(/Timeline: SVC-RPC-EXEC \(WORKSTATION9\)/, '[data-testid="timeline-svg"] .markers .marker');
      const markers = frame.locator('[data-testid="timeline-svg"] .markers .marker');
      // The child (the right-most marker) has the 100 KB command line: select it and let its record load.
      const ids = await markers.evaluateAll((all) => all.map((m) => ({ id: m.getAttribute('data-event-id'), x: m.getBoundingClientRect().x })).sort((a, b) => a.x - b.x).map((m) => m.id));
      const child = `[data-testid="event-${ids[ids.length - 1]}"]`;
      const before = await boxOf(frame, '[data-testid="open-raw"]').catch(() => null);
      await frame.locator(child).dispatchEvent('pointerdown', { button: 0, pointerId: 1, isPrimary: true });
      await frame.locator(child).dispatchEvent('pointerup', { button: 0, pointerId: 1, isPrimary: true });
      await frame.locator('[data-testid="details-fields"] td', { hasText: 'QUJDQUJD' }).first().waitFor({ timeout: 30_000 });
      const after = await boxOf(frame, '[data-testid="open-raw"]');
      if (before && before.width > 0) assert.deepEqual(after, before, 'Open raw record stays where it was');
      const report = await layoutReport(frame);
      assert.deepEqual(report.overflow, [], 'the 100 KB value widens nothing');
      assert.deepEqual(report.overlaps, []);
      assert.deepEqual(report.clipped, []);
      // Hover the right-most marker: its tooltip keeps a readable width and stays in the timeline pane.
      const box = await frame.locator(child).boundingBox();
      assert.ok(box, 'the child marker is on screen');
      await session.page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
      await frame.locator('[data-testid="timeline-tooltip"]:not([hidden])').waitFor({ timeout: 15_000 });
      const tip = await tooltipReport(frame);
      assert.ok(tip.visible && tip.inside && !tip.overDetails, `the tooltip lies inside the timeline pane: ${JSON.stringify(tip)}`);
      assert.ok(tip.width >= 200 && tip.height <= 160, `the tooltip is not a thin column: ${JSON.stringify(tip)}`);
      await session.workbench.screenshot('views-long-value-tooltip');
    });
  });

  test(CLICK, async (t) => {
    await step(t, [GRAPH], async () => {
      await session.workbench.runCommand('View: Close All Editors');
      await session.workbench.runCommand('Huntbench: Open Estate Graph');
      const graph = await tabFrame(/Estate graph/, '[data-testid="graph-edge"]');
      await graph.locator('[data-testid="graph-edge"][data-from="WORKSTATION5"][data-to="WORKSTATION6"] .edge-line').first().click({ force: true });
      await session.page.locator('.tab.active', { hasText: /Timeline/ }).waitFor({ timeout: 30_000 });
      const timeline = await session.workbench.webviewFrame('[data-testid="timeline-svg"] .markers .marker', 30_000);
      await timeline.locator('[data-testid="lane-WORKSTATION6"]').waitFor({ timeout: 15_000 });
    });
  });

  const SIGMA = 'a host\'s Sigma detections open on a timeline beside its chains, each one click from its raw record';

  test(SIGMA, async (t) => {
    await step(t, [LOADED], async () => {
      const rules = join(session.workspace, 'sigma-rules');
      mkdirSync(rules);
      writeFileSync(join(rules, 'services-child.yml'), [
        'title: Shell started by the service control manager', 'id: 5b0f7a52-3c1e-4c6a-9d54-2f0d8e1a7c11', 'level: high',
        'logsource:', '  category: process_creation', '  product: windows',
        'detection:', '  selection:', "    ParentImage|endswith: '\\services.exe'", "    Image|endswith: '\\cmd.exe'", '  condition: selection', '',
      ].join('\n'));
      await session.workbench.runCommand('View: Close All Editors');
      await session.workbench.runCommand('Huntbench: Run Sigma Rules');
      await session.workbench.answerOpenDialog(rules);
      await session.page.locator('.notifications-toasts', { hasText: /1 of 1 Sigma rule\(s\) matched/ }).waitFor({ timeout: 60_000 });
      await session.workbench.clearNotifications();
      const detections = await session.workbench.onlyPane('Sigma Detections');
      const host = await session.workbench.treeItem(detections, [/^high/, /^Shell started by the service control manager/, /^WORKSTATION6/], 30_000);
      await host.hover();
      await host.locator('.action-label[aria-label^="Show Sigma Detections on Timeline"]').click();
      await session.page.locator('.tab.active', { hasText: 'Timeline: WORKSTATION6 with Sigma detections' }).waitFor({ timeout: 30_000 });
      const frame = await session.workbench.webviewFrame('[data-testid="timeline-svg"] .markers .marker.sigma', 30_000);
      const lanes = await frame.locator('.lane-label').allTextContents();
      assert.ok(lanes.includes('Sigma detections'), `a lane of its own; lanes: ${lanes.join(', ')}`);
      assert.ok(await frame.locator('.markers .marker:not(.sigma)').count() > 0, 'beside the chain events');
      assertLayout(await layoutReport(frame), 'timeline with Sigma detections');
      await session.workbench.screenshot('views-sigma-timeline');
      const detected = frame.locator('.markers .marker.sigma').first();
      const id = await detected.getAttribute('data-event-id');
      await detected.dispatchEvent('pointerdown', { button: 0, pointerId: 1, isPrimary: true });
      await detected.dispatchEvent('pointerup', { button: 0, pointerId: 1, isPrimary: true });
      await frame.locator('[data-testid="details-meta"]', { hasText: 'Sigma high: Shell started by the service control manager' }).waitFor({ timeout: 15_000 });
      await frame.locator('[data-testid="raw-record"]', { hasText: /cmd\.exe/ }).waitFor({ timeout: 15_000 });
      await session.workbench.screenshot('views-sigma-timeline-selected');
      await frame.locator('[data-testid="open-raw"]').click();
      await session.page.locator('.tab.active', { hasText: new RegExp(`^event-${id}-`) }).waitFor({ timeout: 30_000 });
    });
  });

  const RAW = 'raw records open pretty-printed (EVTX-XML and JSON), the original bytes one command away';
  const TICKED = 'the walkthrough ticked each step when it happened';
  const READ_ONLY = 'a built-in analytic opens read-only from the Analytics view and copies to the workspace to edit';

  /** Selects a timeline marker (press and release on it, as the timeline selects on pointerup). */
  async function select(frame: Frame, selector: string): Promise<void> {
    await frame.locator(selector).dispatchEvent('pointerdown', { button: 0, pointerId: 1, isPrimary: true });
    await frame.locator(selector).dispatchEvent('pointerup', { button: 0, pointerId: 1, isPrimary: true });
    await frame.locator(`${selector}.selected`).waitFor({ timeout: 15_000 });
  }

  test(RAW, async (t) => {
    await step(t, [LOADED], async () => {
      await session.workbench.runCommand('View: Close All Editors');
      await openChain(/^SVC-RPC-EXEC/, /^WORKSTATION6/);
      const frame = await tabFrame(/Timeline: SVC-RPC-EXEC \(WORKSTATION6\)/, '[data-testid="timeline-svg"] .markers .marker');
      // The inbound connection as Security 5156 sits in the host's own lane: an EVTX-XML record, one line in its file.
      const xmlMarker = (await frame.evaluate(`(() => {
        const host = document.querySelector('[data-testid="lane-WORKSTATION6"]').getBoundingClientRect();
        return [...document.querySelectorAll('[data-testid="timeline-svg"] .markers .marker')]
          .filter((m) => { const r = m.getBoundingClientRect(); return r.top > host.top - 40 && r.top < host.bottom + 80; })
          .map((m) => m.getAttribute('data-event-id'));
      })()`)) as string[];
      let opened = false;
      for (const id of xmlMarker) {
        await select(frame, `[data-testid="event-${id}"]`);
        await frame.locator('[data-testid="open-raw"]').click();
        const tab = session.page.locator('.editor-group-container.active .tab.active .label-name', { hasText: new RegExp(`^event-${id}-.*\\.xml$`) });
        if (await tab.waitFor({ timeout: 10_000 }).then(() => true, () => false)) { opened = true; break; }
      }
      assert.ok(opened, 'an EVTX-XML record opened as a raw document');
      const pretty = await session.workbench.activeEditorText();
      assert.match(pretty, /^<Event[^\n]*>\n\s+<System>\n\s+<Provider /, `the XML record is one element per line, indented:\n${pretty.slice(0, 400)}`);
      assert.match(pretty, /\n {4}<EventID>\d+<\/EventID>\n/);
      assert.match(pretty, /\n {4}<Computer>WORKSTATION6[^<]*<\/Computer>\n/);
      await session.workbench.screenshot('views-raw-pretty-xml');
      // One command away: the original bytes, the file at the record's own line.
      await session.workbench.runCommand('Huntbench: Show Original Record');
      await session.page.locator('.editor-group-container.active .tab.active .label-name', { hasText: 'WORKSTATION6-security-system' }).waitFor({ timeout: 15_000 });
      // And a JSON record, indented.
      await openChain(/^SVC-RPC-EXEC/, /^WORKSTATION9/);
      const long = await tabFrame(/Timeline: SVC-RPC-EXEC \(WORKSTATION9\)/, '[data-testid="timeline-svg"] .markers .marker');
      const first = await long.locator('[data-testid="timeline-svg"] .markers .marker').first().getAttribute('data-event-id');
      await select(long, `[data-testid="event-${first}"]`);
      await long.locator('[data-testid="open-raw"]').click();
      await session.page.locator('.editor-group-container.active .tab.active .label-name', { hasText: new RegExp(`^event-${first}-WORKSTATION9-sysmon-long-values`) }).waitFor({ timeout: 15_000 });
      assert.match(await session.workbench.activeEditorText(), /^\{\n {2}"[A-Za-z]+": /, 'the JSON record is indented');
    });
  });

  test(TICKED, async (t) => {
    await step(t, [RAW], async () => {
      await session.workbench.openWalkthrough('Hunt your first chain', walkthroughStep('load'));
      for (const id of ['load', 'run', 'timeline', 'raw']) {
        await session.page.locator(`button.getting-started-step[data-step-id$="${id}"][aria-checked="true"]`).first().waitFor({ timeout: 15_000 });
      }
      assert.equal(await walkthroughStep('edit').first().getAttribute('aria-checked'), 'false', 'no analytic of the user\'s own has run yet');
      await session.workbench.screenshot('views-walkthrough-ticked');
    });
  });

  test(READ_ONLY, async (t) => {
    await step(t, [], async () => {
      await session.workbench.runCommand('View: Close All Editors');
      await session.workbench.openActivity('Huntbench');
      const analytics = await session.workbench.pane('Analytics');
      const row = analytics.locator('.monaco-list-row', { hasText: /^AN0327\.hunt/ }).first();
      await row.click();
      await session.page.locator('.editor-group-container.active .tab.active .label-name', { hasText: /^AN0327/ }).waitFor({ timeout: 15_000 });
      await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await session.page.keyboard.type('xyz');
      // The visible lines are a window that a click may scroll, so the editor's own refusal is the evidence.
      await session.page.locator('.editor-group-container.active .monaco-editor-overlaymessage', { hasText: /read-only/i }).waitFor({ timeout: 15_000 });
      assert.equal(await session.page.locator('.editor-group-container.active .tab.active.dirty').count(), 0, 'typing does not change the built-in analytic');
      assert.doesNotMatch(await session.workbench.activeEditorText(), /xyz/, 'no typed text shows');
      // Its context menu copies it, with its list files, into the workspace's hunts/ folder.
      await row.click({ button: 'right' });
      // VS Code's menu acts on a mouse-up that follows a hover of the item, as a user's does.
      const copyItem = session.page.locator('.context-view .action-label', { hasText: 'Copy to Workspace to Edit' }).first();
      await copyItem.hover({ timeout: 15_000 });
      await copyItem.click({ delay: 50, timeout: 15_000 });
      await session.page.locator('.notifications-toasts', { hasText: /copied AN0327\.hunt and \d+ list file/ }).waitFor({ timeout: 15_000 });
      const copy = join(session.workspace, 'hunts', 'AN0327.hunt');
      assert.ok(existsSync(copy), 'hunts/AN0327.hunt was written');
      assert.ok(existsSync(join(session.workspace, 'hunts', 'lists', 'remote-service-ports.txt')), 'its list file came with it');
      await session.page.locator('.editor-group-container.active .monaco-editor .view-lines').first().click();
      await session.page.keyboard.press('Control+End');
      await session.page.keyboard.type('# mine');
      await session.page.locator('.editor-group-container.active .tab.active.dirty').waitFor({ timeout: 15_000 });
      await session.workbench.runCommand('File: Revert File');
    });
  });
});
