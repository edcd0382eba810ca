// The side-bar views as data (core/format/*Tree.ts): what the Chains, Sigma Detections and
// Data views show, without VS Code.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chainTree } from '../../../src/core/format/chainTree';
import { detectionTree } from '../../../src/core/format/detectionTree';
import { dataTree } from '../../../src/core/format/dataTree';
import type { TreeNode } from '../../../src/core/format/tree';
import type { Chain } from '../../../src/core/types/chain';
import type { SessionStats, SigmaReport } from '../../../src/core/types/session';
import { manyChains, svcRpcExec, T0 } from '../webview/chains';

const open = (node: TreeNode | undefined): readonly TreeNode[] => node?.children?.() ?? [];
const labels = (nodes: readonly TreeNode[]): string[] => nodes.map((n) => n.label);

test('chains: analytic → host → chain → step → event, capped per analytic, sorted by time or severity', () => {
  // chains 2, 4 (medium) and 6 (high, the latest)
  const chains: Chain[] = manyChains(8).map((c) => c.chain).filter((c) => c.analytic === 'B-EVEN' && c.title !== 'chain 0');
  const options = { sort: 'time' as const, limit: 2, timeZone: 'UTC' };
  const [analytic] = chainTree([{ analytic: 'B-EVEN', chains }, { analytic: 'EMPTY', chains: [] }], options);
  assert.equal(analytic!.label, 'B-EVEN', 'an analytic without chains is left out');
  const hosts = open(analytic);
  assert.equal(hosts.at(-1)!.label, '1 more chain(s) not shown');
  const shown = hosts.slice(0, -1).flatMap((h) => open(h));
  assert.equal(shown.length, 2);
  const earliest = Math.min(...chains.map((c) => c.start));
  assert.ok(shown.some((c) => c.label.startsWith(new Date(earliest).toISOString().slice(0, 10))));
  const first = (sort: 'time' | 'severity') => open(open(chainTree([{ analytic: 'B-EVEN', chains }], { ...options, sort, limit: 1 })[0])[0])[0]!;
  assert.equal(first('time').icon, 'info', 'by time, the earliest (medium) chain');
  assert.equal(first('severity').icon, 'warning', 'by severity, the high one');

  const svc = svcRpcExec().chain;
  const [chain] = open(open(chainTree([{ analytic: svc.analytic, chains: [svc] }], options)[0])[0]);
  assert.deepEqual(chain!.command, { id: 'huntbench.openChain', args: [svc] });
  const steps = open(chain);
  assert.deepEqual(labels(steps), ['inbound', 'install', 'child']);
  assert.equal(steps[1]!.children, undefined, 'a missing step has nothing to open');
  const [event] = open(steps[2]);
  assert.equal(event!.eventId, 12);
  assert.deepEqual(event!.command, { id: 'huntbench.showRawEvent', args: [12] });
});

test('detections: level → rule → host (events without one grouped apart) → event, each naming its host', () => {
  const report: SigmaReport = {
    detections: [{ id: 'r1', title: 'Service install', level: 'high', kind: 'rule', file: '/rules/r1.yml', events: [{ id: 5, host: 'FS01', ts: T0 }, { id: 6, host: null, ts: null }] }],
    unsupported: [], ran: 1, millis: 1, cancelled: false,
  };
  const [level] = detectionTree(report, { limit: 10, timeZone: 'UTC' });
  const [rule] = open(level);
  assert.equal(rule!.file, '/rules/r1.yml');
  const hosts = open(rule);
  assert.deepEqual(hosts.map((h) => [h.label, h.host]), [['(no host)', null], ['FS01', 'FS01']]);
  const [event] = open(hosts[1]);
  assert.deepEqual([event!.eventId, event!.host, event!.contextValue], [5, 'FS01', 'sigmaEvent']);
  assert.deepEqual(open(hosts[0]).map((e) => e.label), ['(no time)']);
  assert.deepEqual(detectionTree(undefined, { limit: 1, timeZone: 'UTC' }), []);
});

test('data: sources with their problems, then the address book per host and the conflicts kept apart', () => {
  const stats: SessionStats = {
    events: 3, sizeBytes: 2048, budgetBytes: 0,
    sources: [{ source: '/logs/a.zip!inner/sec.xml', sourceId: 1, format: 'evtx-xml', dialect: null, events: 3, rejected: 1, rejections: [{ line: 4, reason: 'not XML' }], warnings: [], start: T0, end: T0, hosts: ['FS01'], byChannel: {}, byEventId: {} }],
    addressBook: [
      { host: 'FS01', address: '10.0.0.5', capture: '/logs/a.zip', from: T0, to: null, evidence: 'wfp_listen', events: 2 },
      { host: 'FS01', address: '10.0.0.9', capture: null, from: null, to: null, evidence: 'inventory', events: 0 },
    ],
    addressConflicts: [{ kind: 'kept_apart', address: '10.0.2.15', hosts: ['A', 'B'], captures: ['x', 'y'], message: '10.0.2.15 is A in x and B in y' }],
  };
  const [session, book] = dataTree(stats, 'UTC');
  const [source] = open(session);
  assert.equal(source!.label, 'a.zip › inner/sec.xml');
  assert.equal(source!.warning, true);
  assert.ok(open(source).some((d) => d.label === '1 record(s) rejected' && d.tooltip === 'line 4: not XML'));
  assert.equal(book!.description, '1 host(s) · 2 address claim(s) · 1 conflict(s)');
  const [host, conflicts] = open(book);
  const claims = open(host);
  assert.match(claims[0]!.description!, /^2020-10-19 03:56:01\.000 UTC → … · a\.zip · wfp_listen$/);
  assert.match(claims[1]!.description!, /inventory/);
  assert.deepEqual(open(conflicts).map((c) => c.description), ['10.0.2.15 is A in x and B in y']);
  assert.deepEqual(dataTree({ ...stats, sources: [] }, 'UTC'), [], 'nothing loaded: the welcome shows');
});
