// Pure timeline logic: time scale and ticks, viewport math, lanes by host and lineage,
// label collisions, filters, list windowing, trainer order.

import { placeTooltip } from '../../../webview/src/model/tooltip';
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { timeScale, ticks, tickStep, formatInstant, isValidTimeZone } from '../../../webview/src/model/timeScale';
import { zoomAt, panBy, fit } from '../../../webview/src/model/viewport';
import { layoutLanes } from '../../../webview/src/model/lanes';
import { placeLabels } from '../../../webview/src/model/labels';
import { filterChains, filterChoices, NO_FILTERS } from '../../../webview/src/model/filter';
import { listWindow, scrollToRow } from '../../../webview/src/model/virtualList';
import { trainerStops, stepIndex, playDelay } from '../../../webview/src/model/trainer';
import { svcRpcExec, manyChains, T0 } from './chains';

test('time scale maps both ways', () => {
  const s = timeScale(1000, 2000, 500);
  assert.equal(s.x(1500), 250);
  assert.equal(s.ts(250), 1500);
});

test('ticks are UTC-aligned multiples of a nice step, spaced at least the minimum gap', () => {
  const s = timeScale(T0 - 300, T0 + 900, 1200);
  const step = tickStep(s, 90);
  assert.equal(step, 100);
  const t = ticks(s, 90);
  assert.ok(t.length >= 10);
  for (const tick of t) assert.equal(tick.ts % step, 0);
  for (let i = 1; i < t.length; i++) assert.ok(t[i].x - t[i - 1].x >= 90);
  assert.equal(t.find((k) => k.ts === T0)?.label, '03:56:01.000');
});

test('tick labels follow the configured zone; day steps show dates', () => {
  const s = timeScale(T0, T0 + 60_000, 600);
  const utc = ticks(s, 90, 'UTC')[0].label;
  const berlin = ticks(s, 90, 'Europe/Berlin')[0].label;
  assert.match(utc, /^03:5/);
  assert.match(berlin, /^05:5/);
  const days = ticks(timeScale(T0, T0 + 20 * 86_400_000, 600), 90);
  assert.match(days[0].label, /^2020-10-\d\d$/);
  assert.equal(formatInstant(T0 + 7), '2020-10-19 03:56:01.007 UTC');
  assert.equal(isValidTimeZone('Nowhere/Else'), false);
});

test('zoom keeps the anchored instant fixed; pan and fit', () => {
  const w = { start: 0, end: 1000 };
  const z = zoomAt(w, 0.5, 0.25);
  assert.equal(z.end - z.start, 500);
  assert.equal(z.start + (z.end - z.start) * 0.25, 250);
  assert.deepEqual(panBy(w, 0.1), { start: 100, end: 1100 });
  const f = fit(T0, T0 + 600);
  assert.ok(f.start < T0 && f.end > T0 + 600);
  assert.equal(fit(5, 5).end - fit(5, 5).start, 1000);
  assert.ok(zoomAt({ start: 0, end: 1 }, 0.001).end - zoomAt({ start: 0, end: 1 }, 0.001).start >= 1);
});

test('lanes: host first, then processes in lineage order with depth', () => {
  const layout = layoutLanes([svcRpcExec()]);
  assert.deepEqual(layout.lanes.map((l) => [l.label, l.depth]), [['WORKSTATION6', 0], ['services.exe', 1], ['cmd.exe', 2]]);
  const lanesOf = Object.fromEntries(layout.placements.map((p) => [p.event.id, layout.lanes[p.lane].label]));
  assert.deepEqual(lanesOf, { 11: 'services.exe', 12: 'cmd.exe' });
});

test('lanes: hosts ordered by first event; unknown processes share the host lane; cycles survive', () => {
  const chains = manyChains(3);
  const layout = layoutLanes(chains);
  assert.deepEqual(layout.lanes.map((l) => l.label), ['HOST0', 'HOST1', 'HOST2']);
  const cyclic = svcRpcExec();
  const processes = { 11: { guid: 'A', parentGuid: 'B', name: 'a' }, 12: { guid: 'B', parentGuid: 'A', name: 'b' } } as const;
  const steps = cyclic.chain.steps.map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, process: processes[e.id as 11 | 12] })) }));
  const withCycle = { ...cyclic, chain: { ...cyclic.chain, steps } };
  assert.equal(layoutLanes([withCycle]).lanes.length, 3);
});

test('labels: each in the first row where it fits whole, else cut to the widest room, else left out; priority first', () => {
  const measure = (t: string) => t.length * 10;
  const opts = { rows: 2, measure, minWidth: 30, gap: 0, offset: 0 };
  const edges = { minX: 0, maxX: 1000 };
  const placed = placeLabels([
    { x: 0, lane: 0, text: 'aaaaa', ...edges },
    { x: 20, lane: 0, text: 'bbbbb', ...edges },
    { x: 30, lane: 0, text: 'ccccc', ...edges },
    { x: 60, lane: 0, text: 'ddddd', ...edges },
    { x: 25, lane: 1, text: 'other lane', ...edges },
  ], opts);
  const byRequest = Object.fromEntries(placed.map((p) => [p.request, [p.row, p.text]]));
  // b goes to row 1; c starts inside a (row 0) and inside b (row 1): left out.
  assert.deepEqual(byRequest, { 0: [0, 'aaaaa'], 1: [1, 'bbbbb'], 3: [0, 'ddddd'], 4: [0, 'other lane'] });
  // Room for a cut label: between a and a label placed first (the selected one), b is cut with an ellipsis.
  const cutOne = placeLabels([{ x: 0, lane: 0, text: 'aaaa', ...edges }, { x: 100, lane: 0, text: 'cccc', priority: 1, ...edges }, { x: 45, lane: 0, text: 'bbbbbbbbbb', ...edges }], { ...opts, rows: 1 });
  const b = cutOne.find((p) => p.request === 2)!;
  assert.ok(b.truncated && b.text.endsWith('…') && b.x + b.width <= 100, JSON.stringify(b));
  // No two placed boxes of a row intersect.
  for (const p of placed) for (const q of placed) {
    if (p === q || p.row !== q.row || placed.indexOf(p) > placed.indexOf(q)) continue;
    const lane = (r: typeof p) => [0, 0, 0, 0, 1][r.request];
    if (lane(p) === lane(q)) assert.ok(p.x + p.width <= q.x || q.x + q.width <= p.x, `${p.text} x ${q.text}`);
  }
  const pri = placeLabels([{ x: 0, lane: 0, text: 'aaaaa', ...edges }, { x: 10, lane: 0, text: 'sel', priority: 1, ...edges }], { ...opts, rows: 1 });
  assert.deepEqual(pri.map((p) => p.request), [1]);
  // Near the right edge a label goes left of its marker instead of being cut by the edge.
  const right = placeLabels([{ x: 990, lane: 0, text: 'late event', ...edges }], { ...opts, offset: 8 });
  assert.equal(right[0]!.x + right[0]!.width, 982);
});

test('filters: analytic, host, severity, time range, text', () => {
  const chains = [svcRpcExec(), ...manyChains(20)];
  assert.equal(filterChains(chains, NO_FILTERS).length, 21);
  assert.equal(filterChains(chains, { ...NO_FILTERS, analytics: ['SVC-RPC-EXEC'] }).length, 1);
  assert.equal(filterChains(chains, { ...NO_FILTERS, hosts: ['HOST0'] }).length, 3);
  assert.equal(filterChains(chains, { ...NO_FILTERS, severities: ['high'] }).length, 1 + 7);
  assert.equal(filterChains(chains, { ...NO_FILTERS, text: 'CMD.EXE /c' }).length, 1);
  assert.equal(filterChains(chains, { ...NO_FILTERS, from: T0 + 601 }).every((c) => c.chain.end >= T0 + 601), true);
  assert.equal(filterChains(chains, { ...NO_FILTERS, to: T0 - 1 }).length, 0);
  assert.deepEqual(filterChoices(chains).severities.sort(), ['high', 'medium']);
});

test('virtual list builds only the rows in view', () => {
  const w = listWindow(10_000, 24, 24 * 5000, 480, 5);
  assert.equal(w.first, 4995);
  assert.equal(w.last, 5025);
  assert.equal(w.totalHeight, 240_000);
  assert.equal(listWindow(3, 24, 0, 480).last, 3);
  assert.equal(scrollToRow(100, 24, 0, 480), 24 * 101 - 480);
  assert.equal(scrollToRow(2, 24, 0, 480), 0);
});

test('trainer steps through events in time order and stops at the ends', () => {
  const stops = trainerStops(svcRpcExec().chain);
  assert.deepEqual(stops.map((s) => s.event.id), [11, 12]);
  assert.equal(stepIndex(1, 1, 2), 1);
  assert.equal(stepIndex(0, -1, 2), 0);
  assert.equal(stepIndex(0, 1, 0), -1);
  assert.equal(playDelay(2), 1000);
});

test('the tooltip stays whole inside its pane: beside the pointer, flipped at the right and bottom edges', () => {
  const pane = { width: 600, height: 400 };
  const box = { width: 300, height: 40 };
  assert.deepEqual(placeTooltip({ x: 100, y: 100 }, box, pane), { left: 112, top: 112 });
  // At the right edge it goes left of the pointer at its full width, not squeezed.
  assert.deepEqual(placeTooltip({ x: 590, y: 100 }, box, pane), { left: 278, top: 112 });
  assert.deepEqual(placeTooltip({ x: 100, y: 390 }, box, pane), { left: 112, top: 338 });
  // Wider than the room on either side: pinned inside the pane.
  const wide = placeTooltip({ x: 300, y: 10 }, { width: 590, height: 40 }, pane);
  assert.ok(wide.left >= 0 && wide.left + 590 <= 600, JSON.stringify(wide));
});
