// A Sigma run over threads (parallelRun.ts) gives exactly the single-thread result: the same
// events per rule in id order and the same correlation matches, whatever thread took which
// slice. Differential, on the demo samples (Sysmon, Security, firewall and Zeek records), with
// slices small enough that every thread takes several; the rules are a fixture pack (one
// keyword rule, field rules, correlations) plus the shared SigmaHQ rule set when present.
// Also: a cancelled run over threads stops and says so.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { runPack, runPackAsync, type PackResult } from '../../../src/core/sigma/evaluate';
import { loadSigmaPaths, loadSigmaText } from '../../../src/core/sigma/load';
import { buildPack, type SigmaPack } from '../../../src/core/sigma/pack';
import { ruleText } from './helpers';
import { HAS_SIGMA, REPO, RULE_FOLDERS } from './shared';

const SAMPLES = ['AN0204-rare-internal-peer', 'AN0327-winrm-lateral-movement', 'AN0842-closed-port-opened', 'SVC-RPC-EXEC-remote-service'].map((d) => join(REPO, 'samples', d));
const ID = '11111111-2222-3333-4444-555555555555';
const rule = (id: string, detection: string, category: string): string =>
  ruleText(detection, `logsource:\n  product: windows\n  category: ${category}\n`).replace(ID, id).replace('title: test rule', `title: ${id}\nname: ${id}`);

const FIXTURE = [
  rule('svc-child', "sel:\n  ParentImage|endswith: '\\services.exe'\ncondition: sel", 'process_creation'),
  rule('any-process', "sel:\n  Image|contains: '\\'\ncondition: sel", 'process_creation'),
  rule('network', "sel:\n  DestinationPort|gte: 1\ncondition: sel", 'network_connection'),
  ruleText("keywords:\n  - 'cmd.exe'\n  - 'powershell'\ncondition: keywords", 'logsource:\n  product: windows\n').replace(ID, 'keyword').replace('title: test rule', 'title: keyword'),
  'title: many processes\nid: many\ncorrelation:\n  type: event_count\n  rules: [any-process]\n  group-by: [Computer]\n  timespan: 1h\n  condition:\n    gte: 3\n  generate: true\n',
  'title: network then child\nid: ordered\ncorrelation:\n  type: temporal_ordered\n  rules: [network, svc-child]\n  group-by: [Computer]\n  timespan: 1h\n  generate: true\n',
].join('---\n');

function pack(): SigmaPack {
  const fixture = loadSigmaText('/fixture.yml', FIXTURE);
  const shared = HAS_SIGMA ? loadSigmaPaths(RULE_FOLDERS) : { documents: [], diagnostics: [] };
  return buildPack({ documents: [...fixture.documents, ...shared.documents], diagnostics: [...fixture.diagnostics, ...shared.diagnostics] });
}

const summary = (r: PackResult) => ({
  detections: r.detections.map((d) => [d.rule.id, d.events] as const),
  correlations: r.correlations.map((c) => [c.correlation.id, c.matches] as const),
  candidates: r.stats.candidates,
  evaluations: r.stats.evaluations,
});

test('a run over three threads in small slices gives the single-thread rule and correlation matches', async () => {
  const rules = pack();
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load(SAMPLES);
    const events = session.stats().events;
    const single = runPack(session.store, rules);
    const slice = Math.ceil(events / 40);
    const slices = Math.ceil(events / slice);
    // The calling thread scanning too, then only the two workers (which then take every slice).
    const fractions: number[] = [];
    const threaded = await runPackAsync(session.store, rules, { threads: 3, slice, onProgress: (f) => fractions.push(f) });
    assert.equal(threaded.cancelled, false);
    assert.deepEqual(summary(threaded), summary(single));
    assert.equal(threaded.stats.slices.reduce((a, b) => a + b, 0), slices);
    assert.equal(fractions[fractions.length - 1], 1);
    const workers = await runPackAsync(session.store, rules, { threads: 3, slice, callerScans: false });
    assert.deepEqual(summary(workers), summary(single));
    assert.deepEqual([workers.stats.slices.length, workers.stats.slices[0], workers.stats.slices.reduce((a, b) => a + b, 0)], [3, 0, slices]);
    // Not vacuous: several rules match, on events spread over the slices, and correlations fire.
    const matched = single.detections.filter((d) => d.events.length > 0);
    assert.ok(matched.length >= 4, `${matched.length} rules matched`);
    assert.ok(matched.some((d) => d.events.length > 1 && d.events[d.events.length - 1]! - d.events[0]! > events / 4), 'matches span several slices');
    assert.ok(['many', 'ordered'].every((id) => single.correlations.find((c) => c.correlation.id === id)!.matches.length > 0), 'the fixture correlations match');
  } finally {
    session.close();
  }
});

test('a cancelled run over threads stops, says so, and reports no correlations', async () => {
  const rules = pack();
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load(SAMPLES);
    let polls = 0;
    const result = await runPackAsync(session.store, rules, { threads: 2, slice: 16, isCancelled: () => ++polls > 2 });
    assert.equal(result.cancelled, true);
    assert.deepEqual(result.correlations, []);
    assert.ok(result.stats.candidates < session.stats().events);
  } finally {
    session.close();
  }
});
