// Judging chains against labelled cases and the confusion per analytic (docs/detection.md).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { confusion, judge, sameHost } from '../../../src/core/eval/confusion';
import type { LabelCase } from '../../../src/core/eval/labels';
import type { Chain } from '../../../src/core/types/chain';

const chain = (analytic: string, host: string): Chain => ({ analytic, title: '', severity: 'high', key: { host }, start: 0, end: 0, steps: [] });
const label = (analytic: string, kind: 'chain' | 'none', host: string | null): LabelCase => ({ load: ['x'], baseline: [], analytic, kind, host, why: '' });

test('a chain case: the first chain on the host is the hit, further chains in one capture are noise', () => {
  const j = judge(label('A', 'chain', 'WS6'), [chain('A', 'WS6'), chain('B', 'WS6'), chain('A', 'ws6'), chain('A', 'WS5')], true);
  assert.equal(j.hit?.key.host, 'WS6');
  assert.deepEqual(j.falsePositives.map((c) => c.key.host), ['ws6', 'WS5']);
  assert.deepEqual(j.unjudged, []);
});

test('in a folder of captures, chains beyond the hit are unjudged, not false', () => {
  const j = judge(label('A', 'chain', 'WS6'), [chain('A', 'WS6'), chain('A', 'WS6'), chain('A', 'OTHER')], false);
  assert.ok(j.hit);
  assert.deepEqual(j.falsePositives, []);
  assert.equal(j.unjudged.length, 2);
});

test('a none case: chains (on the named host) are false positives; a chain case without one is a miss', () => {
  assert.equal(judge(label('A', 'none', null), [chain('A', 'H1'), chain('A', 'H2')], true).falsePositives.length, 2);
  const onHost = judge(label('A', 'none', 'H1'), [chain('A', 'H1'), chain('A', 'H2')], true);
  assert.deepEqual([onHost.falsePositives.length, onHost.unjudged.length], [1, 1]);
  assert.equal(judge(label('A', 'chain', 'H1'), [chain('A', 'H2'), chain('B', 'H1')], true).hit, null);
});

test('confusion counts, precision and recall per analytic; undefined ratios are null', () => {
  const js = [
    judge(label('A', 'chain', 'H'), [chain('A', 'H')], true),
    judge(label('A', 'chain', 'H'), [], true),
    judge(label('A', 'none', null), [chain('A', 'H')], true),
    judge(label('A', 'none', null), [], true),
    judge(label('B', 'none', null), [], true),
  ];
  const [a, b] = confusion(js);
  assert.deepEqual(a, { analytic: 'A', cases: 4, truePositives: 1, falsePositives: 1, misses: 1, correctNone: 1, precision: 0.5, recall: 0.5 });
  assert.deepEqual([b!.precision, b!.recall, b!.correctNone], [null, null, 1]);
});

test('host names compare case-insensitively and a short name matches its FQDN', () => {
  assert.ok(sameHost('WORKSTATION6', 'workstation6'));
  assert.ok(sameHost('ws6.corp.local', 'WS6'));
  assert.ok(!sameHost('WS60', 'WS6'));
  assert.ok(!sameHost(null, 'WS6'));
});
