import { test } from 'node:test';
import assert from 'node:assert/strict';
import { complete, completionContext } from '../../../../src/core/dsl/service/completion';
import { SAMPLE, at } from './fixture';
import { huntSource } from '../../../../src/core/dsl/service/source';

function insertAt(offset: number, typed: string): { text: string; offset: number } {
  return { text: SAMPLE.slice(0, offset) + typed + SAMPLE.slice(offset), offset: offset + typed.length };
}

test('after `where` offers every field name, aliases with their canonical column', () => {
  const { text, offset } = insertAt(at('where process_name', 6), 'Dest');
  const { replace, items } = complete(huntSource(text), offset);
  assert.deepEqual(replace, { start: offset - 4, end: offset });
  const alias = items.find((i) => i.label === 'DestinationPort');
  assert.ok(alias, 'Sigma alias offered');
  assert.match(alias.detail!, /dst_port/);
  assert.ok(items.some((i) => i.label === 'destination.port'), 'ECS alias offered');
  assert.ok(items.some((i) => i.label === 'dst_port' && i.documentation?.includes('responder port')));
});

test('after a comparison offers observed values of that field, most frequent first, with counts', () => {
  const offset = at('"services.exe" and dst_port');
  const text = SAMPLE.slice(0, offset) + SAMPLE.slice(offset + '"services.exe"'.length);
  const context = completionContext(huntSource(text), offset);
  assert.equal(context.kind, 'value');
  assert.equal(context.field, 'process_name');
  const { items } = complete(huntSource(text), offset, { values: { process_name: [{ value: 'svchost.exe', count: 900 }, { value: 'services.exe', count: 100 }] } });
  assert.deepEqual(items.slice(0, 2).map((i) => i.label), ['"svchost.exe"', '"services.exe"']);
  assert.match(items[0]!.detail!, /900 events \(90%\)/);
});

test('closed-set fields offer their allowed values without data', () => {
  const { text, offset } = insertAt(at('action == "start"'), 'direction == ');
  const { items } = complete(huntSource(text), offset);
  assert.deepEqual(items.map((i) => i.label).sort(), ['"inbound"', '"local"', '"outbound"']);
});

test('inside `in (...)` offers values of the subject field', () => {
  const context = completionContext(huntSource(SAMPLE), at('7045, 4697', 6));
  assert.equal(context.kind, 'value');
  assert.equal(context.field, 'event_id');
});

test('a step reference completes fields and knows earlier steps only', () => {
  const offset = at('inbound.dst_port', 'inbound.'.length);
  const context = completionContext(huntSource(SAMPLE), offset);
  assert.equal(context.kind, 'stepField');
  assert.equal(context.step, 'inbound');
  assert.deepEqual(context.steps, ['inbound']);
  const { items } = complete(huntSource(SAMPLE), offset);
  assert.ok(items.some((i) => i.label === 'dst_port'));
});

test('after `:` offers categories and the alternatives snippet', () => {
  const offset = at('step inbound: ', 'step inbound: '.length);
  const { items } = complete(huntSource(SAMPLE), offset);
  const labels = items.map((i) => i.label);
  for (const c of ['network', 'process', 'service', 'firewall', 'any']) assert.ok(labels.includes(c), c);
  assert.ok(items.some((i) => i.snippet && i.label.startsWith('any of')));
});

test('after `in` offers declared lists', () => {
  const offset = at('in allow', 3);
  const context = completionContext(huntSource(SAMPLE), offset);
  assert.equal(context.kind, 'list');
  const { items } = complete(huntSource(SAMPLE), offset, { lists: ['from_settings'] });
  const labels = items.map((i) => i.label);
  assert.ok(labels.includes('remote_ports') && labels.includes('allow') && labels.includes('from_settings'));
});

test('at the start of a line offers item keywords; after severity, the levels', () => {
  const line = at('    optional step');
  assert.ok(complete(huntSource(SAMPLE), line + 4).items.some((i) => i.label === 'optional step'));
  assert.deepEqual(complete(huntSource(SAMPLE), at('severity high', 9)).items.slice(0, 2).map((i) => i.label), ['informational', 'low']);
});

test('original fields seen in the data are offered, quoted when needed', () => {
  const { text, offset } = insertAt(at('where process_name', 6), '');
  const { items } = complete(huntSource(text), offset, { originalFields: ['Initiated', 'Some Field', 'CommandLine'] });
  assert.equal(items.find((i) => i.label === 'Some Field')?.insertText, '`Some Field`');
  assert.equal(items.filter((i) => i.label === 'CommandLine').length, 1, 'schema aliases are not repeated as original fields');
});

test('never throws on garbage or at any offset', () => {
  const junk = 'analytic "x" { sequence by ( step : where == "unterminated\n step .. in ( , ';
  for (let i = 0; i <= junk.length; i++) complete(huntSource(junk), i);
  for (let i = 0; i <= SAMPLE.length; i += 7) complete(huntSource(SAMPLE), i);
});

test('an escaped quote or a quote in a regex does not decide whether the cursor is in a string', () => {
  const typed = 'command_line == "say \\"hi';
  const { text, offset } = insertAt(at('action == "start"'), typed);
  const context = completionContext(huntSource(text), offset);
  assert.equal(context.kind, 'value');
  assert.deepEqual(context.replace, { start: offset - '"say \\"hi'.length, end: offset });
  const afterRegex = insertAt(at('action == "start"'), 'command_line matches /"/ and ');
  assert.equal(completionContext(huntSource(afterRegex.text), afterRegex.offset).kind, 'field');
});

test('inside a comment or a regex being typed there is nothing to complete', () => {
  for (const typed of ['# note: filter where ', '// and ', 'command_line matches /-enc and ']) {
    const { text, offset } = insertAt(at('action == "start"'), typed);
    assert.equal(completionContext(huntSource(text), offset).kind, 'none', typed);
  }
});
