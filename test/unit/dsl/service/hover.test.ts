import { test } from 'node:test';
import assert from 'node:assert/strict';
import { hoverMarkdown, hoverTarget } from '../../../../src/core/dsl/service/hover';
import { SAMPLE, at } from './fixture';
import { huntSource } from '../../../../src/core/dsl/service/source';

test('a field hover names the canonical column, documents it and lists its aliases', () => {
  const target = hoverTarget(huntSource(SAMPLE), at('dst_port >=', 2));
  assert.equal(target?.kind, 'field');
  const text = hoverMarkdown(target!);
  assert.match(text, /\*\*`dst_port`\*\*/);
  assert.match(text, /responder port/);
  assert.match(text, /DestinationPort/);
  assert.match(text, /destination\.port/);
});

test('a field hover shows the value distribution of the loaded data', () => {
  const target = hoverTarget(huntSource(SAMPLE), at('process_name ==', 1))!;
  const text = hoverMarkdown(target, { events: 200, values: { process_name: [{ value: 'services.exe', count: 150 }, { value: 'a|b`c', count: 50 }] } });
  assert.match(text, /\| `services\.exe` \| 150 \| 75\.0% \|/);
  assert.ok(!text.includes('a|b'), 'table separators in values are neutralised');
});

test('an unknown name is described as an original field', () => {
  const text = SAMPLE.replace('process_name ==', 'Initiated ==');
  const target = hoverTarget(huntSource(text), at('Initiated', 1, 1, text))!;
  assert.match(hoverMarkdown(target), /original field/);
});

test('a step reference hovers the step with its candidate count; the field part hovers the field', () => {
  const onStep = hoverTarget(huntSource(SAMPLE), at('inbound.dst_port', 2));
  assert.equal(onStep?.kind, 'step');
  assert.equal(onStep.kind === 'step' && onStep.category, 'network');
  assert.match(hoverMarkdown(onStep!, { events: 1000, stepCandidates: 12 }), /12 of 1,000 loaded events/);
  const onField = hoverTarget(huntSource(SAMPLE), at('inbound.dst_port', 'inbound.'.length + 2));
  assert.equal(onField?.kind === 'field' && onField.name, 'dst_port');
});

test('keywords and punctuation have no hover; lists describe themselves', () => {
  assert.equal(hoverTarget(huntSource(SAMPLE), at('where process_name', 2)), undefined);
  assert.equal(hoverTarget(huntSource(SAMPLE), at('{')), undefined);
  const list = hoverTarget(huntSource(SAMPLE), at('in remote_ports', 4));
  assert.match(hoverMarkdown(list!), /3 inline value/);
});
