// The real bundle in a real browser, under the production CSP, fed by a fake host: hostile
// command lines are shown as text and nothing executes; the SVC-RPC-EXEC chain shows its two
// events on WORKSTATION6 with the gap; a restored panel keeps its filters and zoom.
// Skips when no Chromium is installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { chromium, type Browser } from 'playwright-core';
import { timelineHtml } from '../../../src/views/timeline/html';
import type { SigmaMark, TimelineChain } from '../../../src/protocol/webview';
import { svcRpcExec, manyChains, event, T0 } from './chains';
import { boxOf, layoutReport, tooltipReport } from '../../e2e/harness/layout';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
const ORIGIN = 'https://webview.test';
const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>'];

function hostileChain(): TimelineChain {
  const base = svcRpcExec();
  const steps = base.chain.steps.map((s, i) => (i === 2 ? { ...s, events: [{ ...event(12, T0 + 600, `cmd.exe ${HOSTILE[0]} ${HOSTILE[1]}`), process: s.events[0]!.process }] } : s));
  return { ...base, chain: { ...base.chain, steps } };
}

/** Stands in for the extension host: answers `ready` with init + chains, and every request. */
function fakeHost(chains: TimelineChain[], savedState: unknown = undefined, details?: { fields: Record<string, string>; raw: string }, replyDelayMs = 0, sigma: readonly SigmaMark[] = []): string {
  const data = JSON.stringify(chains).replace(/</g, '\\u003c');
  return `
window.__alerts = 0; window.alert = () => { window.__alerts++; }; window.__requests = [];
const chains = ${data};
const send = (m) => window.postMessage(m, '*');
window.acquireVsCodeApi = () => ({ getState: () => (${JSON.stringify(savedState ?? null)}) ?? undefined, setState: (s) => { window.__state = s; }, postMessage: (m) => setTimeout(() => {
  if (m.type === 'ready') {
    send({ type: 'init', panelKey: 'k', title: 'SVC-RPC-EXEC', timeZone: 'UTC', total: chains.length, view: null, notice: null, sigma: ${JSON.stringify(sigma).replace(/</g, '\\u003c')} });
    send({ type: 'chains', from: 0, chains, last: true });
  } else if (m.type === 'request') {
    window.__requests.push({ method: m.method, params: m.params });
    const hostile = chains[0].chain.steps[2].events[0].summary;
    const given = ${JSON.stringify(details ?? null)};
    const result = m.method === 'details' ? given ?? { fields: { command_line: hostile }, raw: JSON.stringify({ CommandLine: hostile }) } : null;
    setTimeout(() => send({ type: 'reply', id: m.id, ok: true, result }), ${replyDelayMs});
  }
}) });`;
}

async function openPage(browser: Browser, bundle: string, host: string, viewport = { width: 1400, height: 700 }) {
  const nonce = 'testnonce';
  // The production page, plus the fake host as a second script with the same nonce.
  const html = timelineHtml({ cspSource: ORIGIN, script: `${ORIGIN}/timeline.js`, style: `${ORIGIN}/timeline.css` }, nonce)
    .replace('<script nonce', `<script nonce="${nonce}">${host}</script>\n<script nonce`);
  const page = await browser.newPage({ viewport });
  const problems: string[] = [];
  page.on('pageerror', (e) => problems.push(e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push(m.text()); });
  const requests: string[] = [];
  await page.route('**/*', (route) => {
    const url = route.request().url();
    requests.push(url);
    if (url === `${ORIGIN}/`) return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
    if (url.endsWith('/timeline.js')) return route.fulfill({ body: readFileSync(bundle), contentType: 'text/javascript' });
    if (url.endsWith('/timeline.css')) return route.fulfill({ body: readFileSync('media/timeline.css'), contentType: 'text/css' });
    return route.fulfill({ status: 404 });
  });
  await page.goto(`${ORIGIN}/`);
  return { page, problems, requests };
}

test('in a real browser', { skip: CHROMIUM ? false : 'no Chromium installed', timeout: 90_000 }, async (t) => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-timeline-'));
  const bundle = join(dir, 'timeline.js');
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    await esbuild.build({ entryPoints: ['webview/src/main.ts'], bundle: true, format: 'iife', platform: 'browser', target: 'es2022', outfile: bundle, logLevel: 'error' });

    await t.test('hostile log text is inert and the chain is drawn', async () => {
      const { page, problems, requests } = await openPage(browser, bundle, fakeHost([hostileChain()]));
      await page.waitForSelector('[data-testid=event-12]', { timeout: 15_000 });
      await page.click('[data-testid=event-12]');
      await page.locator('[data-testid=raw-record]', { hasText: 'CommandLine' }).waitFor({ timeout: 15_000 });
      // Page code is passed as text: this file is type-checked without the DOM library.
      const seen = await page.evaluate(`({
        alerts: window.__alerts,
        images: document.querySelectorAll('img').length,
        scripts: document.querySelectorAll('script').length,
        title: document.querySelector('[data-testid=details-title]')?.textContent,
        raw: document.querySelector('[data-testid=raw-record]')?.textContent,
        lanes: [...document.querySelectorAll('.lane-label')].map((e) => e.textContent),
        gaps: [...document.querySelectorAll('[data-testid=step-gap]')].map((e) => e.textContent),
        markers: [...document.querySelectorAll('.markers .marker')].map((e) => e.getAttribute('data-event-id')),
      })`) as { alerts: number; images: number; scripts: number; title?: string; raw?: string; lanes: string[]; gaps: string[]; markers: string[] };
      assert.equal(seen.alerts, 0);
      assert.equal(seen.images, 0);
      assert.equal(seen.scripts, 2);
      assert.ok(seen.title?.includes(HOSTILE[0]) && seen.title.includes(HOSTILE[1]), 'the summary is shown verbatim');
      assert.ok(seen.raw?.includes(HOSTILE[1]));
      assert.deepEqual(seen.lanes, ['WORKSTATION6', 'services.exe', 'cmd.exe']);
      assert.deepEqual(seen.gaps, ['+0.6 s']);
      assert.deepEqual(seen.markers, ['11', '12']);
      assert.deepEqual(problems, []);
      assert.ok(requests.every((u) => u.startsWith(ORIGIN)), 'no request leaves the webview origin');
      await page.close();
    });

    await t.test('a Sigma detection sits in a lane of its own beside the chain, inert, one click from its raw record', async () => {
      const detected = event(21, T0 + 300, `sc.exe create ${HOSTILE[0]}`);
      const sigma: SigmaMark[] = [{ event: detected, rules: [{ id: 'r-1', title: `Service install ${HOSTILE[1]}`, level: 'high' }] }];
      const { page, problems } = await openPage(browser, bundle, fakeHost([hostileChain()], undefined, undefined, 0, sigma));
      await page.waitForSelector('[data-testid=sigma-21]', { timeout: 15_000 });
      await page.click('[data-testid=sigma-21]');
      await page.locator('[data-testid=details-meta]', { hasText: 'Sigma high: Service install' }).waitFor({ timeout: 15_000 });
      await page.click('[data-testid=open-raw]');
      // Polled from here: waitForFunction would evaluate a string in the page, which its CSP forbids.
      for (let i = 0; i < 150 && !(await page.evaluate('window.__requests.some((r) => r.method === "openRaw")')); i++) await new Promise((r) => setTimeout(r, 100));
      const seen = await page.evaluate(`({
        alerts: window.__alerts,
        lanes: [...document.querySelectorAll('.lane-label')].map((e) => e.textContent),
        sigma: [...document.querySelectorAll('.markers .marker.sigma')].map((e) => e.getAttribute('data-event-id')),
        chain: [...document.querySelectorAll('.markers .marker:not(.sigma)')].map((e) => e.getAttribute('data-event-id')),
        labels: [...document.querySelectorAll('.event-label')].map((e) => e.textContent),
        raw: window.__requests.filter((r) => r.method === 'openRaw').map((r) => r.params.eventId),
      })`) as { alerts: number; lanes: string[]; sigma: string[]; chain: string[]; labels: string[]; raw: number[] };
      assert.equal(seen.alerts, 0);
      assert.deepEqual(seen.lanes, ['WORKSTATION6', 'services.exe', 'cmd.exe', 'Sigma detections']);
      assert.deepEqual(seen.sigma, ['21'], 'the detection has its own marker');
      assert.deepEqual(seen.chain, ['11', '12'], 'beside the chain events');
      assert.ok(seen.labels.some((l) => l.startsWith('Sigma high: Service install')), `labels: ${seen.labels.join(' | ')}`);
      assert.deepEqual(seen.raw, [21], 'Open raw record asks for the detected event');
      assert.deepEqual(problems, []);
      await page.close();
    });

    await t.test('a 100 KB value and a tooltip at the right edge keep the layout intact; Open raw record does not move', async () => {
      const big = `powershell -enc ${'QUJD'.repeat(25_000)}`;
      const base = svcRpcExec();
      // The core clips summaries; fields and the raw record carry the whole 100 KB value.
      // The inbound connection recorded twice (Sysmon and Security, one observation), the Security
      // copy logged on a clock 4 hours off.
      const sysmon = { ...base.chain.steps[0]!.events[0]!, obs_id: 11 };
      const security = { ...event(13, T0 + 4 * 3_600_000, 'services.exe accepted 172.18.39.5:56608 → :49726 (5156)'), provider: 'Microsoft-Windows-Security-Auditing', event_id: 5156, obs_id: 11, corrected_ts: T0 };
      const steps = base.chain.steps.map((s, i) => (i === 2 ? { ...s, events: [event(12, T0 + 600, `services.exe started ${big.slice(0, 150)}…`)] } : i === 0 ? { ...s, events: [sysmon, security] } : s));
      const details = { fields: { command_line: big, image: 'C:\\Windows\\System32\\cmd.exe' }, raw: JSON.stringify({ CommandLine: big }) };
      const { page, problems } = await openPage(browser, bundle, fakeHost([{ ...base, chain: { ...base.chain, steps } }], undefined, details, 400), { width: 1280, height: 720 });
      await page.waitForSelector('[data-testid=event-11]', { timeout: 15_000 });
      await page.click('[data-testid=event-11]');
      await page.locator('[data-testid=details-fields] td').first().waitFor({ timeout: 15_000 });
      const before = await boxOf(page, '[data-testid=open-raw]');
      await page.locator('[data-testid=details-evidence]', { hasText: 'also recorded' }).waitFor({ timeout: 15_000 });
      assert.match(await page.locator('[data-testid=details-evidence]').innerText(), /also recorded as Microsoft-Windows-Security-Auditing 5156 \(#13\)/);
      await page.click('[data-testid=event-12]');
      await page.locator('[data-testid=details-status]', { hasText: 'Loading' }).waitFor({ timeout: 15_000 });
      const loading = await boxOf(page, '[data-testid=open-raw]');
      await page.locator('[data-testid=details-fields] td', { hasText: 'QUJD' }).waitFor({ timeout: 15_000 });
      const loaded = await boxOf(page, '[data-testid=open-raw]');
      assert.deepEqual([loading, loaded], [before, before], 'Open raw record stays where it was while the record loads and after');
      const layout = await layoutReport(page);
      assert.deepEqual(layout.overflow, [], 'nothing is wider than the window');
      assert.deepEqual(layout.overlaps, []);
      assert.deepEqual(layout.clipped, []);
      // The marker furthest right, hovered: its tooltip keeps its width and stays in the pane.
      const marker = (await boxOf(page, '[data-testid=event-12]'));
      await page.mouse.move(marker.x + marker.width / 2, marker.y + marker.height / 2);
      await page.locator('[data-testid=timeline-tooltip]:not([hidden])').waitFor({ timeout: 15_000 });
      const tip = await tooltipReport(page);
      assert.ok(tip.visible && tip.inside && !tip.overDetails, `the tooltip lies inside the timeline pane: ${JSON.stringify(tip)}`);
      assert.ok(tip.width >= 250, `the tooltip keeps a readable width (${tip.width} px)`);
      assert.ok(tip.height <= 120, `the tooltip is not a tall thin column (${tip.height} px)`);
      await page.click('[data-testid=event-13]');
      await page.locator('[data-testid=details-evidence]', { hasText: 'on the clock' }).waitFor({ timeout: 15_000 });
      assert.match(await page.locator('[data-testid=details-evidence]').innerText(), /^2020-10-19 03:56:01\.000 UTC on the clock of the observation's first record \(logged 4 h later\); the same observation is also recorded as Microsoft-Windows-Sysmon 1 \(#11\)\.$/);
      assert.deepEqual(problems, []);
      await page.close();
    });

    await t.test('a restored panel keeps its filters and zoom', async () => {
      const zoom = { start: T0 + 100, end: T0 + 500 };
      const view = { filters: { analytics: [], hosts: [], severities: [], from: null, to: null, text: 'cmd.exe' }, zoom, selectedChainIds: [], selectedEventId: 12, showAll: true };
      const { page, problems } = await openPage(browser, bundle, fakeHost([svcRpcExec(), ...manyChains(3)], { panelKey: 'k', view }));
      await page.locator('[data-testid=chain-count]', { hasText: '1 of 4 chains' }).waitFor({ timeout: 15_000 });
      const seen = await page.evaluate(`({
        text: document.querySelector('[data-testid=filter-text]').value,
        markers: [...document.querySelectorAll('.markers .marker')].map((e) => Number(/translate\\((-?[\\d.]+)/.exec(e.getAttribute('transform'))[1])),
        state: window.__state,
      })`) as { text: string; markers: number[]; state: { view: { zoom: unknown; filters: { text: string } } } };
      assert.equal(seen.text, 'cmd.exe');
      assert.deepEqual(seen.state.view.zoom, zoom, 'the zoom is kept, not refitted');
      assert.ok(seen.markers[0] < 180, 'the first event (before the window) is off to the left');
      assert.deepEqual(problems, []);
      await page.close();
    });
  } finally {
    await browser.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
