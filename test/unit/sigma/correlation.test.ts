// Sigma correlations (event_count, value_count, temporal, temporal_ordered): table-driven
// over occurrences, then through a whole pack on a fixture (ordered rules by host, aliases,
// hidden referenced rules, a correlation of a correlation).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { correlate, type Occurrence } from '../../../src/core/sigma/correlation';
import { runPack } from '../../../src/core/sigma/evaluate';
import { loadSigmaText } from '../../../src/core/sigma/load';
import type { SigmaCorrelation } from '../../../src/core/sigma/model';
import { buildPack } from '../../../src/core/sigma/pack';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { ruleText } from './helpers';

const S = 1000;

function correlation(yaml: string): SigmaCorrelation {
  const loaded = loadSigmaText('/c.yml', `title: c\nid: c1\ncorrelation:\n${yaml.replace(/^/gm, '  ')}\n`);
  assert.deepEqual(loaded.diagnostics, []);
  return loaded.documents[0] as SigmaCorrelation;
}

let nextId = 1;
const at = (ts: number, group: string, rule = 0, value?: string): Occurrence => ({ ts, rule, events: [nextId++], group: [group], ...(value !== undefined ? { value } : {}) });

test('event_count: a window from each occurrence; the group splits; matches do not overlap', () => {
  const c = correlation('type: event_count\nrules: [r]\ngroup-by: [Computer]\ntimespan: 1m\ncondition:\n  gte: 3');
  const a = [at(0, 'A'), at(10 * S, 'A'), at(20 * S, 'A'), at(25 * S, 'A'), at(200 * S, 'A')];
  const b = [at(0, 'B'), at(5 * S, 'B')];
  const matches = correlate(c, [...a, ...b]);
  assert.equal(matches.length, 1);
  assert.deepEqual(matches[0]!.group, { Computer: 'A' });
  assert.deepEqual(matches[0]!.events, a.slice(0, 4).map((o) => o.events[0]));
  assert.equal(matches[0]!.count, 4);
});

test('event_count: occurrences further apart than the timespan do not add up', () => {
  const c = correlation('type: event_count\nrules: [r]\ngroup-by: [Computer]\ntimespan: 1m\ncondition:\n  gte: 3');
  assert.deepEqual(correlate(c, [at(0, 'A'), at(50 * S, 'A'), at(70 * S, 'A')]), []);
});

test('event_count: a range condition', () => {
  const c = correlation('type: event_count\nrules: [r]\ngroup-by: [Computer]\ntimespan: 1h\ncondition:\n  gt: 1\n  lte: 2');
  assert.equal(correlate(c, [at(0, 'A'), at(S, 'A')]).length, 1);
  assert.equal(correlate(c, [at(0, 'B'), at(S, 'B'), at(2 * S, 'B')]).length, 0);
});

test('event_count: neq (in the correlation schema); a burst\'s tail is not counted on its own', () => {
  const c = correlation('type: event_count\nrules: [r]\ngroup-by: [Computer]\ntimespan: 1h\ncondition:\n  neq: 2');
  assert.equal(correlate(c, [at(0, 'A'), at(S, 'A')]).length, 0);
  assert.deepEqual(correlate(c, [at(0, 'B'), at(S, 'B'), at(2 * S, 'B')]).map((m) => m.count), [3]);
});

test('value_count: distinct values (case-insensitive, nulls not counted)', () => {
  const c = correlation('type: value_count\nrules: [r]\ngroup-by: [IpAddress]\ntimespan: 10m\ncondition:\n  field: TargetUserName\n  gte: 3');
  assert.equal(correlate(c, [at(0, 'X', 0, 'bob'), at(S, 'X', 0, 'BOB'), at(2 * S, 'X', 0, 'eve')]).length, 0);
  const m = correlate(c, [at(0, 'Y', 0, 'bob'), at(S, 'Y', 0, 'eve'), at(2 * S, 'Y', 0, 'ann')]);
  assert.equal(m.length, 1);
  assert.equal(m[0]!.count, 3);
});

test('temporal: every rule within the timespan, any order', () => {
  const c = correlation('type: temporal\nrules: [a, b]\ngroup-by: [Computer]\ntimespan: 5m');
  assert.equal(correlate(c, [at(0, 'A', 1), at(60 * S, 'A', 0)]).length, 1);
  assert.equal(correlate(c, [at(0, 'A', 1), at(600 * S, 'A', 0)]).length, 0);
  assert.equal(correlate(c, [at(0, 'A', 1), at(1 * S, 'B', 0)]).length, 0, 'different groups');
});

test('temporal_ordered: the rules in the order given', () => {
  const c = correlation('type: temporal_ordered\nrules: [a, b]\ngroup-by: [Computer]\ntimespan: 5m');
  assert.equal(correlate(c, [at(0, 'A', 1), at(60 * S, 'A', 0)]).length, 0);
  const first = at(0, 'A', 0);
  const second = at(60 * S, 'A', 1);
  const m = correlate(c, [first, second, at(61 * S, 'A', 1)]);
  assert.equal(m.length, 1);
  assert.deepEqual(m[0]!.events, [first.events[0], second.events[0]]);
});

const fixture = join(__dirname, '../../fixtures/store/psexec-nxlog.ndjson');
const ID = '11111111-2222-3333-4444-555555555555';
const rule = (id: string, name: string, detection: string, category: string): string =>
  ruleText(detection, `logsource:\n  product: windows\n  category: ${category}\n`).replace(ID, id).replace('title: test rule', `title: ${id}\nname: ${name}`);

test('a pack: temporal_ordered over two rules with aliases, the referenced rules hidden, a correlation of a correlation', async () => {
  const text = [
    rule('svc-inbound', 'svc_net', "sel:\n  Image|endswith: '\\services.exe'\ncondition: sel", 'network_connection'),
    rule('svc-child', 'svc_child', "sel:\n  ParentImage|endswith: '\\services.exe'\ncondition: sel", 'process_creation'),
    'title: network then child\nid: ordered\nname: ordered\nlevel: critical\ncorrelation:\n  type: temporal_ordered\n  rules: [svc_net, svc_child]\n  group-by: [host]\n  aliases:\n    host:\n      svc_net: Computer\n      svc_child: Computer\n  timespan: 5m\n',
    'title: twice\nid: twice\ncorrelation:\n  type: event_count\n  rules: [ordered]\n  group-by: [host]\n  timespan: 1h\n  condition:\n    gte: 1\n',
    'title: broken\nid: broken\ncorrelation:\n  type: temporal\n  rules: [svc_net, nowhere]\n  timespan: 5m\n',
  ].join('---\n');
  const pack = buildPack(loadSigmaText('/pack.yml', text));
  assert.deepEqual(pack.unsupported.map((u) => [u.id, u.reason.slice(0, 9)]), [['broken', 'SIGMA3001']]);
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load([fixture]);
    const result = runPack(session.store, pack);
    assert.deepEqual(result.detections.map((d) => d.rule.id), [], 'rules referenced by a correlation do not report alone');
    const ordered = result.correlations.find((c) => c.correlation.id === 'ordered')!;
    // Sysmon 3 of services.exe (event 2) at 16:16:56.019, then cmd.exe under services.exe (event 4) at 16:16:57.500.
    assert.deepEqual(ordered.matches.map((m) => ({ group: m.group, events: m.events })), [{ group: { host: 'WORKSTATION6.theshire.local' }, events: [2, 4] }]);
    const twice = result.correlations.find((c) => c.correlation.id === 'twice')!;
    assert.deepEqual(twice.matches.map((m) => m.events), [[2, 4]]);
  } finally {
    session.close();
  }
});

test('group-by and aliases read an event by the names of its logsource branch: on Security 4688, User is SubjectUserName', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'huntbench-sigma-corr-'));
  const event = (n: number, user: string): string =>
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System><Provider Name="Microsoft-Windows-Security-Auditing"/><EventID>4688</EventID>` +
    `<TimeCreated SystemTime="2024-01-01T00:00:0${n}.000Z"/><EventRecordID>${n}</EventRecordID><Channel>Security</Channel><Computer>H1</Computer></System>` +
    `<EventData><Data Name="SubjectUserName">${user}</Data><Data Name="NewProcessName">C:\\Windows\\System32\\cmd.exe</Data></EventData></Event>`;
  const logs = join(dir, 'security.xml');
  writeFileSync(logs, `<Events>${[event(1, 'alice'), event(2, 'bob'), event(3, 'alice')].join('\n')}</Events>`);
  const text = [
    rule('cmd', 'cmd', "sel:\n  Image|endswith: '\\cmd.exe'\ncondition: sel", 'process_creation'),
    'title: by user\nid: by-user\ncorrelation:\n  type: event_count\n  rules: [cmd]\n  group-by: [User]\n  timespan: 1h\n  condition:\n    gte: 2\n',
    'title: by alias\nid: by-alias\ncorrelation:\n  type: event_count\n  rules: [cmd]\n  group-by: [who]\n  aliases:\n    who:\n      cmd: User\n  timespan: 1h\n  condition:\n    gte: 2\n',
  ].join('---\n');
  const pack = buildPack(loadSigmaText('/pack.yml', text));
  const session = await HuntSession.create(defaultModules);
  try {
    await session.load([logs]);
    const result = runPack(session.store, pack);
    const found = (id: string) => result.correlations.find((c) => c.correlation.id === id)!.matches.map((m) => ({ group: m.group, events: m.events }));
    assert.deepEqual(found('by-user'), [{ group: { User: 'alice' }, events: [1, 3] }]);
    assert.deepEqual(found('by-alias'), [{ group: { who: 'alice' }, events: [1, 3] }]);
  } finally {
    session.close();
  }
});
