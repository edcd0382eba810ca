import { test } from 'node:test';
import assert from 'node:assert/strict';
import { definition, outline } from '../../../../src/core/dsl/service/outline';
import { analyticAnchors } from '../../../../src/core/dsl/service/lenses';
import { addWindowFix } from '../../../../src/core/dsl/service/actions';
import { stepComments } from '../../../../src/core/dsl/service/comments';
import { SAMPLE, at } from './fixture';
import { huntSource } from '../../../../src/core/dsl/service/source';

test('outline lists lists, analytics, their steps and alternatives in order', () => {
  const symbols = outline(huntSource(SAMPLE));
  assert.deepEqual(symbols.map((s) => `${s.kind}:${s.name}`), ['list:remote_ports', 'list:allow', 'analytic:SVC-RPC-EXEC', 'analytic:NO-WINDOW']);
  const svc = symbols[2]!;
  assert.equal(svc.detail, 'Remote execution of Windows services via RPC');
  assert.deepEqual(svc.children.map((c) => `${c.name} ${c.detail}`), ['inbound network', 'child process', 'installed optional service']);
  const effect = symbols[3]!.children[1]!;
  assert.deepEqual(effect.children.map((c) => c.name), ['crash', 'onward']);
  assert.equal(SAMPLE.slice(svc.nameSpan.start, svc.nameSpan.end), '"SVC-RPC-EXEC"');
});

test('go to definition: a step reference to its step, a list use to its declaration', () => {
  const step = definition(huntSource(SAMPLE), at('inbound.dst_port', 3));
  assert.deepEqual(step, { start: at('inbound:'), end: at('inbound:') + 'inbound'.length });
  const list = definition(huntSource(SAMPLE), at('in remote_ports', 5));
  assert.deepEqual(list, { start: at('remote_ports'), end: at('remote_ports') + 'remote_ports'.length });
  assert.equal(definition(huntSource(SAMPLE), at('process_name')), undefined);
});

test('anchors: one per analytic, with id and step names', () => {
  const anchors = analyticAnchors(huntSource(SAMPLE));
  assert.deepEqual(anchors.map((a) => [a.analytic, a.steps]), [['SVC-RPC-EXEC', ['inbound', 'child', 'installed']], ['NO-WINDOW', ['a', 'effect']]]);
  assert.equal(SAMPLE.slice(anchors[0]!.span.start, anchors[0]!.span.end), 'analytic "SVC-RPC-EXEC"');
});

test('add window: only for a sequence without one, inserted after its key', () => {
  assert.equal(addWindowFix(huntSource(SAMPLE), at('step inbound'), '5m'), undefined);
  const fix = addWindowFix(huntSource(SAMPLE), at('step a:'), '10m')!;
  const edit = fix.edits[0]!;
  const fixed = SAMPLE.slice(0, edit.span.start) + edit.newText + SAMPLE.slice(edit.span.end);
  assert.ok(fixed.includes('sequence by host within 10m\n    step a:'));
});

test('step comments: the comment block right above a step, per step', () => {
  const text = `analytic "A" {\n  sequence by host within 5m\n    # Inbound access to a service port.\n    # Evidence: Sysmon 3.\n    step access: network where dst_port == 445\n\n    step quiet: process where action == "start"\n    // A shell.\n    step shell: process where process_name == "cmd.exe"\n}\n`;
  assert.deepEqual(stepComments(huntSource(text), 'A'), { access: 'Inbound access to a service port.\nEvidence: Sysmon 3.', shell: 'A shell.' });
  assert.deepEqual(stepComments(huntSource(text), 'B'), {});
});
