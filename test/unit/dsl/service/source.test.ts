// A `.hunt` text parsed once for every language feature, and the slice of it a hover sends
// the engine: the file's lists and the one analytic, which check as cleanly as the whole file.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analyticText, huntSource, tokens } from '../../../../src/core/dsl/service/source';
import { diagnose } from '../../../../src/core/dsl/service/diagnostics';
import { lex } from '../../../../src/core/dsl/syntax/lexer';
import { SAMPLE } from './fixture';

test('one parse carries the tokens the features read: the lexer\'s, errors and the end marker left out', () => {
  const text = `${SAMPLE}\n§ stray`;
  const source = huntSource(text);
  const expected = lex(text).tokens.filter((t) => t.kind !== 'error' && t.kind !== 'eof');
  assert.deepEqual(tokens(source).map((t) => t.text), expected.map((t) => t.text));
  assert.ok(source.diagnostics.some((d) => d.code === 'HUNT1001'), 'the lexer\'s diagnostics are kept');
});

test('analyticText keeps the lists and only the named analytic', () => {
  const source = huntSource(SAMPLE);
  const slice = analyticText(source, 'NO-WINDOW')!;
  assert.match(slice, /^list remote_ports = \[135, 445, 3389\]\nlist allow from/);
  assert.match(slice, /analytic "NO-WINDOW"/);
  assert.doesNotMatch(slice, /SVC-RPC-EXEC/);
  const messages = (text: string) => diagnose(huntSource(text)).map((d) => `${d.code} ${d.message}`);
  assert.deepEqual(messages(slice), messages(SAMPLE), 'the slice checks like the file (its lists resolve)');
  assert.ok(messages(slice).every((m) => m.includes('NO-WINDOW')));
  assert.equal(analyticText(source, 'MISSING'), undefined);
});
