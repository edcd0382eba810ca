// The timeline page's Content-Security-Policy in a real browser: markup that reached the page
// (the worst case, were a renderer ever to insert log text as HTML) cannot run script without
// the nonce, cannot run inline event handlers or javascript: URLs, and cannot load anything
// remote (script, image, style, frame, fetch). The nonce'd script still runs, as a control.
// Skips when no Chromium is installed.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { timelineHtml } from '../../../src/views/timeline/html';

const CHROMIUM = ['/usr/bin/chromium', '/usr/bin/chromium-browser', '/usr/bin/google-chrome'].find(existsSync);
const ORIGIN = 'https://webview.test';
const EVIL = 'https://evil.example';

const HOSTILE_MARKUP = [
  '<script>window.__ran.push("inline script")</script>',
  '<img src="x" onerror="window.__ran.push(\'onerror\')">',
  '<svg onload="window.__ran.push(\'svg onload\')"></svg>',
  `<script src="${EVIL}/x.js"></script>`,
  '<script nonce="guessed">window.__ran.push("wrong nonce")</script>',
  `<img src="${EVIL}/pixel.png">`,
  `<link rel="stylesheet" href="${EVIL}/s.css">`,
  `<iframe src="${EVIL}/frame"></iframe>`,
  '<iframe src="javascript:parent.__ran.push(\'javascript: url\')"></iframe>',
  '<a id="link" href="javascript:window.__ran.push(\'javascript: link\')">x</a>',
].join('\n');

test('the CSP blocks script without the nonce, inline handlers and every remote load', { skip: CHROMIUM ? false : 'no Chromium installed', timeout: 60_000 }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage'] });
  try {
    const page = await browser.newPage();
    const html = timelineHtml({ cspSource: ORIGIN, script: `${ORIGIN}/timeline.js`, style: `${ORIGIN}/timeline.css` }, 'testnonce')
      .replace('<div id="app"></div>', `<div id="app">${HOSTILE_MARKUP}</div>`);
    const requests: string[] = [];
    await page.route('**/*', (route) => {
      const url = route.request().url();
      requests.push(url);
      if (url === `${ORIGIN}/`) return route.fulfill({ body: html, contentType: 'text/html; charset=utf-8' });
      // The extension's own bundle (it carries the nonce): the control that script does run.
      if (url === `${ORIGIN}/timeline.js`) return route.fulfill({ body: 'window.__bundle = true; fetch("https://evil.example/beacon").catch(() => {});', contentType: 'text/javascript' });
      return route.fulfill({ status: 404 });
    });
    await page.addInitScript('window.__ran = [];');
    await page.goto(`${ORIGIN}/`);
    await page.click('#link').catch(() => undefined);
    await page.waitForTimeout(500);
    const seen = await page.evaluate('({ ran: window.__ran, bundle: window.__bundle === true })') as { ran: string[]; bundle: boolean };
    assert.equal(seen.bundle, true, 'the nonce\'d bundle runs');
    assert.deepEqual(seen.ran, []);
    assert.deepEqual(requests.filter((url) => url.startsWith(EVIL)), []);
  } finally {
    await browser.close();
  }
});
