// The "done when" for rule authors, on the real built-in analytics: a misspelt field
// gets a did-you-mean diagnostic with a fix, fast enough to run on every keystroke; completion
// offers fields and values there; every analytic gets a CodeLens anchor.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { completionContext, complete } from '../../../../src/core/dsl/service/completion';
import { diagnose } from '../../../../src/core/dsl/service/diagnostics';
import { analyticAnchors } from '../../../../src/core/dsl/service/lenses';
import { outline } from '../../../../src/core/dsl/service/outline';
import { huntSource } from '../../../../src/core/dsl/service/source';

const DIR = 'analytics';
const files = existsSync(DIR) ? readdirSync(DIR).filter((f) => f.endsWith('.hunt')) : [];
const skip = files.length === 0 ? 'no analytics/*.hunt' : false;

test('built-in analytics check clean and have one anchor per analytic', { skip }, () => {
  for (const file of files) {
    const text = readFileSync(join(DIR, file), 'utf8');
    assert.deepEqual(diagnose(huntSource(text)).filter((d) => d.severity === 'error').map((d) => d.message), [], file);
    const anchors = analyticAnchors(huntSource(text));
    assert.equal(anchors.length, 1, file);
    assert.equal(anchors[0]!.analytic, file.replace(/\.hunt$/, ''));
    assert.ok(outline(huntSource(text)).some((s) => s.kind === 'analytic' && s.children.length > 0), `${file} outline has steps`);
  }
});

test('misspelling a field in a built-in gives a did-you-mean with a fix, within a keystroke budget', { skip }, () => {
  for (const file of files) {
    const original = readFileSync(join(DIR, file), 'utf8');
    // The first field of a `where` clause outside comments.
    const clause = /^[^#\n]*\bwhere\b[^#\n]*?\b(dst_port|process_name|parent_name|event_id|category|action)\b/m.exec(original);
    assert.ok(clause, `${file} has a where clause`);
    const word = clause[1]!;
    const at = clause.index + clause[0].length - word.length;
    const typo = word.slice(0, -2) + word.slice(-1) + word.slice(-2, -1);
    const text = original.slice(0, at) + typo + original.slice(at + word.length);
    const started = performance.now();
    const found = diagnose(huntSource(text));
    const millis = performance.now() - started;
    const d = found.find((x) => x.code === 'HUNT2001' && x.span.start === at);
    assert.ok(d, `${file}: ${typo} is reported`);
    assert.match(d.message, new RegExp(`Did you mean .*${word}`));
    const fixed = d.fixes!.find((f) => f.edits[0]!.newText === word);
    assert.ok(fixed, `${file}: a fix restores ${word}`);
    assert.ok(millis < 500, `${file}: checked in ${Math.round(millis)} ms`);
  }
});

test('completion in a built-in offers fields after `where` and observed values after `==`', { skip }, () => {
  const text = readFileSync(join(DIR, files[0]!), 'utf8');
  const where = text.indexOf(' where ') + ' where '.length;
  assert.equal(completionContext(huntSource(text), where).kind, 'field');
  assert.ok(complete(huntSource(text), where).items.some((i) => i.label === 'process_name'));
  const eq = text.indexOf('== "') + 3;
  const context = completionContext(huntSource(text), eq);
  assert.equal(context.kind, 'value');
  const items = complete(huntSource(text), eq, { values: { [context.field!]: [{ value: 'seen.exe', count: 7 }] } }).items;
  assert.equal(items[0]!.label, '"seen.exe"');
});
