// Fuzzing the exporters: whatever a `.hunt` string literal holds (quotes, backslashes, line
// breaks, U+2028, NUL, lone surrogates, wildcards, a target's comment or pipe syntax), used
// as a value and as the title, every target's export keeps it a literal or a comment: KQL and
// EQL literals decode to the same value, Sigma's YAML reads back the same exact value, and
// the header comment stays two lines in EQL, KQL and SPL. Nothing may throw.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { load } from 'js-yaml';
import { loadHuntText } from '../../../src/core/dsl/load';
import { exportFile } from '../../../src/core/export/index';
import { hasWildcards, parseSigmaString, plainText } from '../../../src/core/sigma/sigmaString';
import { Figures, fuzzOptions, HOSTILE_TEXT } from './harness';

const figures = new Figures('export');
const EXTRA = ['a"b\\c', '\n| delete', '``` | x', '\u2028\u2029\u0085', '*?\\*', "it's", '$x]`', '😀\ud800'];

/** The double-quoted literals of the query lines, decoded with JSON's escapes (EQL's \u{X} first). */
function literals(text: string, comment: string): string[] {
  const query = text.split('\n').filter((l) => !l.startsWith(comment)).join('\n');
  return [...query.matchAll(/"(?:[^"\\\n]|\\.)*"/g)].map((m) => JSON.parse(m[0].replace(/\\u\{([0-9A-F]+)\}/g, (_, hex: string) => `\\u${hex.padStart(4, '0')}`)) as string);
}

test('export: any value or title stays one literal or one comment in every target', async (t: TestContext) => {
  try {
    await fc.assert(fc.asyncProperty(fc.oneof(fc.constantFrom(...HOSTILE_TEXT, ...EXTRA), fc.string({ unit: 'binary', maxLength: 30 })), async (value) => {
      await figures.guard(async () => {
        const literal = JSON.stringify(value);
        const text = `analytic "F" {\n  title ${literal}\n  severity low\n  sequence by host\n    step a: process where command_line == ${literal}\n}\n`;
        const file = loadHuntText('/tmp/fuzz-export.hunt', text);
        assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), [], literal);
        for (const [target, comment] of [['eql', '//'], ['kql', '//'], ['spl', '```']] as const) {
          const lines = exportFile(file, target).text.split('\n');
          assert.ok(lines[0]!.startsWith(comment) && lines[1]!.startsWith(comment) && !lines[2]!.startsWith(comment), `${target} header: ${literal}`);
        }
        assert.ok(literals(exportFile(file, 'kql').text, '//').includes(value), `KQL literal of ${literal}`);
        const eql = exportFile(file, 'eql').analytics[0]!;
        assert.ok(eql.diagnostics.some((d) => d.code === 'HUNT4009') || literals(eql.text, '//').includes(value), `EQL literal of ${literal}`);
        const rule = load(exportFile(file, 'sigma').text.split(/^---$/m)[0]!) as { detection: { sel1: { CommandLine: string } } };
        const read = parseSigmaString(rule.detection.sel1.CommandLine);
        assert.ok(!hasWildcards(read) && plainText(read) === value, `Sigma value of ${literal}`);
        figures.count([]);
      });
    }), fuzzOptions(100));
  } finally {
    figures.report(t);
  }
});
