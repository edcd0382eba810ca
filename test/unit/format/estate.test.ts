// The estate graph (src/core/format/estate.ts and its layout in webview/src/graph/layout.ts):
// who moved to whom from the chains' network events, one edge per pair of nodes, and a layout
// where no label meets another label or a node.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { estateGraph, portName } from '../../../src/core/format/estate';
import type { Fields } from '../../../src/core/format/story';
import type { Chain, ChainEvent } from '../../../src/core/types/chain';
import { layoutGraph, edgeLabel, type Box } from '../../../webview/src/graph/layout';

function ev(id: number, ts: number, host: string): ChainEvent {
  return { id, ts, host, channel: null, provider: null, event_id: null, record_id: null, summary: '', source: { file: 'f', line: id } };
}

function chain(analytic: string, host: string, events: ChainEvent[]): Chain {
  return { analytic, title: analytic, severity: 'high', key: { host }, start: events[0]!.ts, end: events[events.length - 1]!.ts, steps: events.map((e, i) => ({ name: `s${i}`, missing: false, events: [e] })) };
}

const chains = [
  chain('SVC-RPC-EXEC', 'WS6', [ev(1, 100, 'WS6'), ev(2, 200, 'WS6')]),
  chain('AN0327', 'WS6', [ev(3, 150, 'WS6'), ev(4, 300, 'WS6')]),
  chain('AN0327', 'DC1', [ev(5, 400, 'DC1'), ev(6, 500, 'DC1')]),
  chain('AN0842', 'WS5', [ev(7, 50, 'WS5')]),
];
const fields = new Map<number, Fields>([
  [1, { category: 'network', direction: 'inbound', host: 'WS6', src_ip: '172.18.39.5', src_host: 'WS5', dst_port: 49726 }],
  [2, { category: 'process', host: 'WS6' }],
  [3, { category: 'network', direction: 'inbound', host: 'WS6', src_ip: '172.18.39.5', src_host: 'WS5', dst_port: 445 }],
  [4, { category: 'network', direction: 'outbound', host: 'WS6', dst_ip: '172.18.38.5', dst_port: 445 }],
  [5, { category: 'network', direction: 'inbound', host: 'DC1', src_ip: '172.18.39.6', src_host: 'WS6', dst_port: 5985 }],
  [7, { category: 'firewall', host: 'WS5' }],
]);

test('arrows from the chains\' network events: who moved to whom, when and how; a chain without one stays on its host', () => {
  const g = estateGraph(chains, fields);
  assert.deepEqual(g.edges.map((e) => [e.from, e.to, e.chains, e.analytics, e.how]), [
    ['WS5', 'WS6', [0, 1], ['AN0327', 'SVC-RPC-EXEC'], ['49726 RPC', '445 SMB']],
    ['WS6', '172.18.38.5', [1], ['AN0327'], ['445 SMB']],
    ['WS6', 'DC1', [2], ['AN0327'], ['5985 WinRM']],
  ]);
  assert.deepEqual(g.nodes.map((n) => [n.id, n.host, n.local]), [['WS5', true, [3]], ['WS6', true, []], ['172.18.38.5', false, []], ['DC1', true, []]]);
  assert.equal(portName(3389), '3389 RDP');
  assert.equal(portName(8443), '8443');
});

test('the layout puts a reached host right of its source, and no label meets a node or another label', () => {
  const g = estateGraph(chains, fields);
  const measure = (t: string) => t.length * 7;
  const labels = g.edges.map((e) => edgeLabel(e, '2020-09-21 18:12:01'));
  assert.equal(labels[0], 'AN0327, SVC-RPC-EXEC · 2020-09-21 18:12:01 · 49726 RPC, 445 SMB · 2 chains');
  for (const size of [{ width: 900, height: 500 }, { width: 1600, height: 900 }]) {
    const layout = layoutGraph(g, labels, size, measure);
    const at = new Map(layout.nodes.map((n) => [n.id, n]));
    assert.ok(at.get('WS5')!.x < at.get('WS6')!.x && at.get('WS6')!.x < at.get('DC1')!.x);
    const boxes: Box[] = [...layout.nodes, ...layout.edges.flatMap((e) => (e.label ? [{ x: e.label.x, y: e.label.y - 11, width: measure(e.label.text), height: 14 }] : []))];
    assert.ok(layout.edges.every((e) => e.label), 'every arrow is labelled');
    for (const a of boxes) for (const b of boxes) if (a !== b) assert.ok(!(a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height), `${JSON.stringify(a)} meets ${JSON.stringify(b)}`);
    for (const b of boxes) assert.ok(b.x >= 0 && b.x + b.width <= layout.width && b.y >= 0 && b.y + b.height <= layout.height, `inside: ${JSON.stringify(b)}`);
  }
});
