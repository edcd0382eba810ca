// Host<->webview plumbing without VS Code: request/reply pairing by id, chain paging,
// the page's CSP and that the page carries no data, stable chain ids, time-range input.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createRpc } from '../../../webview/src/rpc';
import { chainPages } from '../../../src/views/timeline/timelineChains';
import { timelineHtml, contentSecurityPolicy } from '../../../src/views/timeline/html';
import { chainId, CHAIN_PAGE_SIZE, type WebviewToHost } from '../../../src/protocol/webview';
import { parseTimeInput } from '../../../webview/src/model/filter';
import { manyChains, svcRpcExec } from './chains';

test('replies settle the request with the same id, in any order; errors reject; strays are ignored', async () => {
  const posted: WebviewToHost[] = [];
  const rpc = createRpc((m) => posted.push(m));
  const a = rpc.request('neighbours', { eventId: 1, seconds: 30 });
  const b = rpc.request('details', { eventId: 2 });
  const ids = posted.map((m) => (m.type === 'request' ? m.id : -1));
  assert.notEqual(ids[0], ids[1]);
  assert.equal(rpc.settle({ type: 'reply', id: ids[1], ok: false, error: 'no such event' }), true);
  assert.equal(rpc.settle({ type: 'reply', id: ids[0], ok: true, result: [] }), true);
  assert.equal(rpc.settle({ type: 'reply', id: ids[0], ok: true, result: [] }), false);
  assert.equal(rpc.settle({ type: 'reply', id: 999, ok: true, result: null }), false);
  assert.deepEqual(await a, []);
  await assert.rejects(b, /no such event/);
});

test('10,000 chains travel in pages; the last page is marked; nothing is lost', () => {
  const chains = manyChains(10_000);
  const pages = chainPages(chains);
  assert.equal(pages.length, Math.ceil(10_000 / CHAIN_PAGE_SIZE));
  assert.ok(pages.every((p) => p.chains.length <= CHAIN_PAGE_SIZE));
  assert.deepEqual(pages.map((p) => p.last), pages.map((_, i) => i === pages.length - 1));
  assert.deepEqual(pages.flatMap((p) => p.chains.map((c) => c.id)), chains.map((c) => c.id));
  assert.deepEqual(chainPages([]), []);
});

test('the page has a strict CSP, a nonce on its one script, and no data', () => {
  const html = timelineHtml({ cspSource: 'vscode-webview://x', script: 'vscode-webview://x/timeline.js', style: 'vscode-webview://x/timeline.css' }, 'abc123');
  const csp = contentSecurityPolicy('vscode-webview://x', 'abc123');
  assert.ok(html.includes(`content="${csp}"`));
  assert.match(csp, /^default-src 'none'; script-src 'nonce-abc123';/);
  assert.ok(!csp.includes('unsafe'));
  const scripts = html.match(/<script\b[^>]*>/g) ?? [];
  assert.deepEqual(scripts, ['<script nonce="abc123" src="vscode-webview://x/timeline.js">']);
  assert.match(html, /<div id="app"><\/div>/);
});

test('chain ids are stable across runs and differ between chains', () => {
  assert.equal(chainId(svcRpcExec().chain), chainId(svcRpcExec().chain));
  const ids = new Set(manyChains(500).map((c) => c.id));
  assert.equal(ids.size, 500);
});

test('time range input: UTC by default, offsets honoured, bad text rejected', () => {
  assert.equal(parseTimeInput(''), null);
  assert.equal(parseTimeInput('2020-10-19 03:56'), Date.UTC(2020, 9, 19, 3, 56));
  assert.equal(parseTimeInput('2020-10-19T03:56:01.5Z'), Date.UTC(2020, 9, 19, 3, 56, 1, 500));
  assert.equal(parseTimeInput('2020-10-19 05:56+02:00'), Date.UTC(2020, 9, 19, 3, 56));
  assert.equal(parseTimeInput('2020-10-19'), Date.UTC(2020, 9, 19));
  assert.equal(parseTimeInput('yesterday'), undefined);
  assert.equal(parseTimeInput('2020-13-45 99:99'), undefined);
});
