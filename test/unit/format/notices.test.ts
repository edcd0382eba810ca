// The editor's notices as text (core/format/notices.ts, loadReport.ts): what a load, a run,
// a Sigma run and the status bar say, and the file names derived from hostile titles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileSafe, runSummary, sessionStatus, sigmaSummary } from '../../../src/core/format/notices';
import { hasLoadProblems, loadLogLines, loadSummary } from '../../../src/core/format/loadReport';
import { estateTitle } from '../../../src/core/format/estate';
import { localListFiles, listName } from '../../../src/core/dsl/load';
import type { LoadReport, SourceReport } from '../../../src/core/types/reports';
import type { AnalyticRun } from '../../../src/core/types/session';
import { svcRpcExec } from '../webview/chains';

const source: SourceReport = { source: 'a.json', sourceId: 1, format: 'json', dialect: null, events: 3, rejected: 1, rejections: [{ line: 2, reason: 'not JSON' }], warnings: [], start: null, end: null, hosts: [], byChannel: {}, byEventId: {} };

test('a load: its summary counts what went wrong, its log lines say where', () => {
  const report: LoadReport = { sources: [source], events: 3, millis: 1500, stopped: false, hosts: { learned: 1, attributed: 0, conflicts: [{ kind: 'kept_apart', address: '10.0.2.15', hosts: ['A', 'B'], captures: ['x', 'y'], message: '10.0.2.15 is A in x, B in y' }] } };
  assert.equal(loadSummary(report), 'Huntbench loaded 3 events from 1 source(s) in 1.5 s. 1 record(s) rejected, 1 address conflict(s) kept apart.');
  assert.ok(hasLoadProblems(report));
  assert.deepEqual(loadLogLines(report).filter((l) => l.warn).map((l) => l.text), ['  a.json:2: not JSON', 'address kept_apart: 10.0.2.15 is A in x, B in y']);
  const clean = { ...report, sources: [{ ...source, rejected: 0, rejections: [] }], hosts: undefined };
  assert.ok(!hasLoadProblems(clean));
  assert.match(loadSummary({ ...clean, stopped: true, stopReason: 'the memory budget' }), /Loading stopped early: the memory budget\.$/);
  assert.match(loadSummary({ ...clean, stopped: true, stopReason: 'Loading was cancelled; the events loaded so far are kept.' }), /are kept\.$/);
  const pinned = { ...clean, inventory: { file: 'hosts.csv', pins: 2, problems: ['hosts.csv:4: expected host,address[,from,to]'] } };
  assert.ok(hasLoadProblems(pinned), 'an unusable inventory line is a problem to show');
  assert.deepEqual(loadLogLines(pinned).map((l) => [l.warn, l.text]).slice(-2), [[false, 'inventory hosts.csv: 2 address pin(s)'], [true, '  hosts.csv:4: expected host,address[,from,to]']]);
});

test('a run, a Sigma run and the status bar', () => {
  const chain = svcRpcExec().chain;
  const ok: AnalyticRun = { uri: 'u', analytic: 'A', chains: [chain, chain], millis: 1, diagnostics: [] };
  const broken: AnalyticRun = { ...ok, analytic: 'B', chains: [], diagnostics: [{ code: 'HUNT2001', severity: 'error', message: 'x', span: { start: 0, end: 1 } }] };
  assert.equal(runSummary([ok, broken]), 'Huntbench: 2 chain(s) from 1 analytic(s). B did not run: fix the errors shown in the Problems panel.');
  const detection = { id: 'r', title: 't', level: 'high', kind: 'rule' as const, file: 'f', events: [{ id: 1, host: null, ts: null }, { id: 2, host: null, ts: null }] };
  assert.equal(sigmaSummary({ detections: [detection, { ...detection, events: [detection.events[0]!] }], unsupported: [], ran: 5, millis: 7, cancelled: true }),
    'Huntbench: 2 of 5 Sigma rule(s) matched 2 event(s) in 7 ms (cancelled: partial results); 0 cannot run (see the Huntbench output).');
  const status = sessionStatus({ events: 1234, sizeBytes: 800, budgetBytes: 0, sources: [] }, 1000);
  assert.equal(status.text, '1,234 events · 800 bytes');
  assert.equal(status.share, 0.8);
  assert.match(status.tooltip, /\(80%\)\.$/);
  assert.equal(estateTitle([chain]), 'Estate graph: 1 chain on 1 host');
});

test('names: file-safe titles, list names, and the list files a copy takes along', () => {
  assert.equal(fileSafe('Timeline: AN0327 (WS1)/../x'), 'Timeline_AN0327_WS1_.._x');
  assert.equal(listName('C:\\tuning\\known-admins.txt'), 'known_admins');
  assert.equal(listName('lists/benign.v2.txt'), 'benign_v2');
  const text = 'list a from "lists/a.txt"\nlist b from "../outside.txt"\nlist c from "/etc/passwd"\nlist d from "sub\\\\d.txt"\nlist e = ["x"]\n';
  assert.deepEqual(localListFiles(text), ['lists/a.txt', 'sub/d.txt']);
});
