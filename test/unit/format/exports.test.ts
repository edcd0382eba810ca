// Exported and displayed log text is attacker-controlled: CSV cells must not run as formulas
// or break rows, Markdown table cells must not break the table or carry HTML.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainsCsv, chainsJson } from '../../../src/core/format/chains';
import { queryMarkdown } from '../../../src/core/format/query';
import type { Chain } from '../../../src/core/types/chain';

const chain: Chain = {
  analytic: 'SVC-RPC-EXEC', title: 't', severity: 'high', key: { host: 'WS6' }, start: 0, end: 1000,
  steps: [{ name: 'child', missing: false, events: [{
    id: 7, ts: 1000, host: 'WS6', channel: 'Sysmon', provider: 'p', event_id: 1, record_id: 9,
    summary: '=HYPERLINK("http://x","click"), "quoted"\nnext', source: { file: 'a,b.json', line: 4 },
  }] }],
};

test('CSV: formula-like cells are defused, quotes, commas and newlines stay inside their cell', () => {
  const [header, row, end] = chainsCsv([chain]).split('\r\n');
  assert.equal(end, '');
  assert.ok(header!.startsWith('chain,analytic,severity'));
  assert.ok(row!.includes(`"'=HYPERLINK(""http://x"",""click""), ""quoted""\nnext"`));
  assert.ok(row!.includes('"a,b.json",4,,7'));
  assert.ok(row!.includes('1970-01-01T00:00:01.000Z'));
});

test('JSON: ISO 8601 UTC times, everything else as the chain has it', () => {
  const parsed = JSON.parse(chainsJson([chain])) as { chains: { start: string; steps: { events: { ts: string; id: number }[] }[] }[] };
  assert.equal(parsed.chains[0]!.start, '1970-01-01T00:00:00.000Z');
  assert.equal(parsed.chains[0]!.steps[0]!.events[0]!.ts, '1970-01-01T00:00:01.000Z');
  assert.equal(parsed.chains[0]!.steps[0]!.events[0]!.id, 7);
});

test('Markdown query table: pipes, newlines and HTML cannot escape a cell', () => {
  const text = queryMarkdown('SELECT 1', { columns: ['a|b', 'c'], rows: [['x|y\n<script>alert(1)</script>', null], [3, new Uint8Array(4)]], truncated: true });
  const lines = text.split('\n');
  const table = lines.filter((l) => l.startsWith('|'));
  assert.equal(table.length, 4, 'header, rule and two rows: no row was split');
  assert.ok(table.every((l) => (l.match(/(?<!\\)\|/g) ?? []).length === 3), 'each row has exactly two cells');
  assert.ok(!text.includes('<script>'));
  assert.match(text, /\(4 bytes\)/);
  assert.match(text, /First 2 rows shown; more matched/);
});
