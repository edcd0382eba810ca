// The Markdown export: one section per chain, gaps between steps, absent steps marked,
// and attacker-controlled text escaped so it cannot become HTML or break the table.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainsToMarkdown, escapeMarkdown } from '../../../src/core/format/markdown';
import { formatGap } from '../../../src/core/format/units';
import { svcRpcExec, event, T0 } from '../webview/chains';

test('a chain becomes a section with a step table, gaps and absent steps', () => {
  const md = chainsToMarkdown([svcRpcExec().chain]);
  assert.match(md, /^# Huntbench chains\n/);
  assert.match(md, /^## SVC-RPC-EXEC: Remote service execution over RPC$/m);
  const rows = md.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| Step'));
  assert.equal(rows.length, 3);
  assert.match(rows[0], /2020-10-19T03:56:01.000Z/);
  assert.match(rows[0], /logs\/psexec.json:11/);
  assert.match(rows[1], /\*not observed\*/);
  assert.match(rows[2], /\| \+0.6 s \|/);
});

test('hostile text is escaped: no tags, no extra cells, no line breaks', () => {
  const chain = svcRpcExec().chain;
  const hostile = { ...chain, steps: [{ name: 'x', missing: false, events: [event(1, T0, '<img src=x onerror=alert(1)> | </script><script>\nalert(2)')] }] };
  const md = chainsToMarkdown([hostile]);
  assert.ok(!md.includes('<img'));
  assert.ok(!md.includes('<script'));
  const row = md.split('\n').find((l) => l.includes('onerror'))!;
  assert.equal(row.split(/(?<!\\)\|/).length - 2, 7);
  assert.equal(escapeMarkdown('a*b_c`d'), 'a\\*b\\_c\\`d');
});

test('gaps read naturally at every scale', () => {
  assert.equal(formatGap(600), '+0.6 s');
  assert.equal(formatGap(42), '+42 ms');
  assert.equal(formatGap(12_400), '+12 s');
  assert.equal(formatGap(-90_000), '−1.5 min');
  assert.equal(formatGap(5_400_000), '+1.5 h');
});
