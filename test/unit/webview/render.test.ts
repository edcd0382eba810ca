// The SVG renderer on a fake DOM that records every call: hostile log text must only ever
// reach text nodes/textContent, never an attribute name or markup; and a render-time figure
// for 5,000 events on screen (printed, not asserted).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { MiniDocument, MiniElement, MiniNode } from '../../../webview/src/render/dom';
import { html } from '../../../webview/src/render/dom';
import { renderTimelineSvg } from '../../../webview/src/render/timelineSvg';
import { buildScene } from '../../../webview/src/model/scene';
import { layoutLanes } from '../../../webview/src/model/lanes';
import { fit } from '../../../webview/src/model/viewport';
import { chainsSpan } from '../../../webview/src/model/scene';
import { svcRpcExec, manyChains, event, T0 } from './chains';
import type { TimelineChain } from '../../../src/protocol/webview';

class FakeElement implements MiniElement {
  readonly attributes = new Map<string, string>();
  readonly children: (FakeElement | FakeText)[] = [];
  private text: string | null = null;
  constructor(readonly tag: string) {}
  setAttribute(name: string, value: string): void { this.attributes.set(name, value); }
  appendChild(child: MiniNode): unknown { this.children.push(child as FakeElement | FakeText); return child; }
  get textContent(): string | null { return this.text ?? this.children.map((c) => c.textContent ?? '').join(''); }
  set textContent(value: string | null) { this.text = value; this.children.length = 0; }
  /** innerHTML and friends do not exist here: a renderer reaching for them would throw. */
  *walk(): Generator<FakeElement> { yield this; for (const c of this.children) if (c instanceof FakeElement) yield* c.walk(); }
}

class FakeText implements MiniNode {
  constructor(public textContent: string | null) {}
}

const fakeDocument: MiniDocument = {
  createElement: (tag) => new FakeElement(tag),
  createElementNS: (_ns, tag) => new FakeElement(tag),
  createTextNode: (text) => new FakeText(text),
};

const HOSTILE = ['<img src=x onerror=alert(1)>', '</script><script>alert(2)</script>'];

function render(chains: TimelineChain[], width = 1200, selected: number | null = null): FakeElement {
  const span = chainsSpan(chains)!;
  const scene = buildScene({ chains, layout: layoutLanes(chains), window: fit(span.start, span.end), width, selectedEventId: selected, timeZone: 'UTC' });
  return renderTimelineSvg(fakeDocument, scene, 'timeline') as FakeElement;
}

test('hostile command lines end up as text only, with every element and attribute name fixed by the renderer', () => {
  const base = svcRpcExec();
  const hostile: TimelineChain = {
    ...base,
    chain: { ...base.chain, steps: [
      { name: HOSTILE[1], missing: false, events: [{ ...event(1, T0, HOSTILE[0], `<b onmouseover=alert(3)>`), process: { guid: 'g', parentGuid: null, name: HOSTILE[0] } }] },
      { name: HOSTILE[0], missing: true, events: [] },
      { name: 'child', missing: false, events: [event(2, T0 + 600, HOSTILE[1])] },
    ] },
  };
  const root = render([hostile], 1200, 1);
  const tags = new Set<string>();
  const attrNames = new Set<string>();
  const texts: string[] = [];
  for (const el of root.walk()) {
    tags.add(el.tag);
    for (const name of el.attributes.keys()) attrNames.add(name);
    if (el.children.length === 0 && el.textContent) texts.push(el.textContent);
  }
  for (const tag of tags) assert.ok(['svg', 'g', 'rect', 'line', 'text', 'path', 'circle', 'title'].includes(tag), tag);
  for (const name of attrNames) assert.ok(!/^on/i.test(name) && name !== 'style' && name !== 'href', name);
  assert.ok(texts.includes(HOSTILE[0]), 'the hostile summary is shown verbatim as text');
  assert.ok(texts.some((t) => t.includes(HOSTILE[1])));
  assert.ok(texts.includes('<b onmouseover=alert(3)>'), 'the hostile host is a lane label');
  assert.ok(texts.some((t) => t === `${HOSTILE[0]} (not observed)`));
});

test('the element helper refuses handler, style and URL attributes', () => {
  assert.throws(() => html(fakeDocument, 'div', { onclick: 'x' }), /onclick/);
  assert.throws(() => html(fakeDocument, 'a', { href: 'javascript:alert(1)' }), /href/);
  assert.throws(() => html(fakeDocument, 'div', { STYLE: 'x' }), /STYLE/);
});

test('the chain renders markers, the step gap and the absent step', () => {
  const root = render([svcRpcExec()]);
  const all = [...root.walk()];
  assert.deepEqual(all.filter((e) => e.attributes.get('class')?.startsWith('marker ')).map((e) => e.attributes.get('data-event-id')), ['11', '12']);
  assert.deepEqual(all.filter((e) => e.attributes.get('data-testid') === 'step-gap').map((e) => e.textContent), ['+0.6 s']);
  assert.equal(all.filter((e) => e.attributes.get('data-testid') === 'absent-step').length, 1);
  assert.ok(all.some((e) => e.attributes.get('data-testid') === 'lane-WORKSTATION6'));
});

test('render time with 5,000 events on screen (figure printed, not asserted)', () => {
  const chains = manyChains(1250, 2);
  const layout = layoutLanes(chains);
  const span = chainsSpan(chains)!;
  const times: number[] = [];
  let markers = 0;
  for (let i = 0; i < 5; i++) {
    const t = performance.now();
    const scene = buildScene({ chains, layout, window: fit(span.start, span.end), width: 1600, selectedEventId: null, timeZone: 'UTC' });
    renderTimelineSvg(fakeDocument, scene, 'timeline');
    times.push(performance.now() - t);
    markers = scene.markers.length;
  }
  assert.equal(markers, 5000);
  times.sort((a, b) => a - b);
  console.log(`# scene + SVG build for ${markers} events (fake DOM): median ${times[2].toFixed(1)} ms`);
});
