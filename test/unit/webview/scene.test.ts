// Scene geometry: markers culled outside the window, connectors and gaps per chain, absent
// steps between their neighbours, labels kept inside the plot, the selected label kept.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildScene, chainsSpan, GEOMETRY } from '../../../webview/src/model/scene';
import { layoutLanes } from '../../../webview/src/model/lanes';
import { fit } from '../../../webview/src/model/viewport';
import { svcRpcExec, manyChains, T0 } from './chains';
import type { TimelineChain } from '../../../src/protocol/webview';

function scene(chains: TimelineChain[], window = fit(chainsSpan(chains)!.start, chainsSpan(chains)!.end), width = 1000, selectedEventId: number | null = null) {
  return buildScene({ chains, layout: layoutLanes(chains), window, width, selectedEventId, timeZone: 'UTC' });
}

test('the SVC-RPC-EXEC chain: two markers in order, one gap, the absent step between them', () => {
  const s = scene([svcRpcExec()]);
  const [a, b] = s.markers;
  assert.ok(a.x < b.x && a.x >= GEOMETRY.gutter && b.x <= 1000);
  assert.equal(s.connectors.length, 1);
  assert.equal(s.connectors[0].gap, '+0.6 s');
  assert.deepEqual(s.gapLabels.map((g) => g.text), ['+0.6 s']);
  assert.equal(s.absent.length, 1);
  assert.ok(s.absent[0].x > a.x && s.absent[0].x < b.x);
  assert.ok(s.labels.some((l) => l.eventId === null && l.text === 'install (not observed)'));
});

test('markers outside the window are culled; connectors leaving the window are kept', () => {
  const chain = svcRpcExec();
  const s = scene([chain], { start: T0 - 1000, end: T0 + 100 });
  assert.deepEqual(s.markers.map((m) => m.placement.event.id), [11]);
  assert.equal(s.connectors.length, 1);
  const none = scene([chain], { start: T0 + 10_000, end: T0 + 20_000 });
  assert.equal(none.markers.length, 0);
  assert.equal(none.connectors.length, 0);
});

test('labels stay inside the plot and the selected event keeps its label', () => {
  const chains = manyChains(200);
  const s = scene(chains, undefined, 800);
  for (const l of s.labels) assert.ok(l.x + l.text.length * 6.6 <= 800, `label at ${l.x} crosses the edge`);
  const boxes = s.labels.map((l) => ({ l, x2: l.x + l.text.length * 6.6 }));
  for (const a of boxes) for (const b of boxes) if (a !== b && a.l.y === b.l.y) assert.ok(a.x2 + 1 <= b.l.x || b.x2 + 1 <= a.l.x, `${a.l.text} overlaps ${b.l.text}`);
  const crowded = s.markers.find((m) => !s.labels.some((l) => l.eventId === m.placement.event.id));
  assert.ok(crowded, 'some labels are hidden when crowded');
  const selected = scene(chains, undefined, 800, crowded!.placement.event.id);
  assert.ok(selected.labels.some((l) => l.eventId === crowded!.placement.event.id));
  assert.ok(selected.markers.find((m) => m.placement.event.id === crowded!.placement.event.id)!.selected);
});

test('lane bands stack under the axis and share the pane\'s height; a host with no event of its own is a header', () => {
  const s = scene(manyChains(14));
  assert.equal(s.lanes.length, 7);
  assert.equal(s.lanes[0].y, GEOMETRY.axisHeight);
  for (let i = 1; i < s.lanes.length; i++) assert.equal(s.lanes[i].y, s.lanes[i - 1].y + s.lanes[i - 1].height);
  const tall = buildScene({ chains: manyChains(14), layout: layoutLanes(manyChains(14)), window: fit(chainsSpan(manyChains(14))!.start, chainsSpan(manyChains(14))!.end), width: 1000, height: 900, selectedEventId: null, timeZone: 'UTC' });
  assert.equal(tall.height, 900);
  assert.ok(tall.lanes[0].height > s.lanes[0].height, 'a taller pane gives taller lanes');
  const lineage = scene([svcRpcExec()]);
  assert.deepEqual(lineage.lanes.map((l) => [l.full, l.height > 24]), [['WORKSTATION6', false], ['↳ services.exe', true], ['↳ cmd.exe', true]]);
  assert.equal(lineage.lanes[2].parentY, lineage.lanes[1].labelY - 4, 'cmd.exe hangs under services.exe');
});

test('a connector starts at the latest earlier event of its step, so second-precision logs give no negative gap', () => {
  const base = svcRpcExec();
  const [inbound, , child] = base.chain.steps;
  const late = { ...inbound.events[0], id: 13, ts: T0 + 19 };
  const chain: TimelineChain = { id: 'x', chain: { ...base.chain, steps: [{ ...inbound, events: [inbound.events[0], late] }, { ...child, events: [{ ...child.events[0], ts: T0 }] }] } };
  const s = scene([chain]);
  assert.deepEqual(s.connectors.map((c) => c.gap), ['+0 ms']);
});

test('the axis caption names the date and zone of the window', () => {
  assert.equal(scene([svcRpcExec()]).axisCaption, '2020-10-19 UTC');
  const berlin = buildScene({ chains: [svcRpcExec()], layout: layoutLanes([svcRpcExec()]), window: { start: Date.UTC(2020, 9, 19, 23, 30), end: Date.UTC(2020, 9, 19, 23, 40) }, width: 900, selectedEventId: null, timeZone: 'Europe/Berlin' });
  assert.equal(berlin.axisCaption, '2020-10-20 Europe/Berlin');
});
