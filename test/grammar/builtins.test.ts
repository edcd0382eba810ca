// Grammar checks over the built-in analytics in `analytics/`: the real files, whatever their
// exact text, must highlight their declarations, comments and keywords, and no string or regex
// may swallow the rest of a line it does not own. vscode-tmgrammar-test covers the hand-written
// snippets; this covers the files users open first.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import * as textmate from 'vscode-textmate';
import * as oniguruma from 'vscode-oniguruma';

const require = createRequire(import.meta.url);
const ANALYTICS = 'analytics';

async function loadGrammar(): Promise<textmate.IGrammar> {
  const wasm = readFileSync(require.resolve('vscode-oniguruma/release/onig.wasm'));
  await oniguruma.loadWASM(wasm.buffer.slice(wasm.byteOffset, wasm.byteOffset + wasm.byteLength));
  const registry = new textmate.Registry({
    onigLib: Promise.resolve({
      createOnigScanner: (patterns: string[]) => new oniguruma.OnigScanner(patterns),
      createOnigString: (s: string) => new oniguruma.OnigString(s),
    }),
    loadGrammar: async () => textmate.parseRawGrammar(readFileSync('syntaxes/hunt.tmLanguage.json', 'utf8'), 'hunt.tmLanguage.json'),
  });
  const grammar = await registry.loadGrammar('source.hunt');
  assert.ok(grammar, 'grammar loads');
  return grammar;
}

interface Scoped { readonly text: string; readonly scopes: readonly string[] }

function tokenize(grammar: textmate.IGrammar, text: string): Scoped[][] {
  let state = textmate.INITIAL;
  return text.split(/\r?\n/).map((line) => {
    const result = grammar.tokenizeLine(line, state);
    state = result.ruleStack;
    return result.tokens.map((t) => ({ text: line.slice(t.startIndex, t.endIndex), scopes: t.scopes }));
  });
}

const files = existsSync(ANALYTICS) ? readdirSync(ANALYTICS).filter((f) => f.endsWith('.hunt')) : [];

test('built-in analytics highlight their structure', { skip: files.length === 0 && 'no analytics/*.hunt yet' }, async (t) => {
  const grammar = await loadGrammar();
  for (const file of files) {
    await t.test(file, () => {
      const text = readFileSync(join(ANALYTICS, file), 'utf8');
      const lines = tokenize(grammar, text);
      const all = lines.flat();
      const scoped = (word: string, scope: string) => all.filter((s) => s.text === word).every((s) => s.scopes.some((x) => x.startsWith(scope)));
      assert.ok(all.some((s) => s.scopes.includes('keyword.declaration.analytic.hunt')), 'an analytic declaration');
      assert.ok(all.some((s) => s.scopes.includes('entity.name.function.step.hunt')), 'at least one step name');
      lines.forEach((line, i) => {
        const first = line.find((s) => s.text.trim() !== '');
        if (first?.text.trimStart().startsWith('#')) {
          assert.ok(first.scopes.some((x) => x.startsWith('comment.')), `${file}:${i + 1}: comment line is a comment`);
        }
        // A string or regex that runs past its closing quote would swallow the line's tail.
        const last = line[line.length - 1];
        if (last && /[)\]}]\s*$/.test(last.text)) {
          assert.ok(!last.scopes.some((x) => x.startsWith('string.')), `${file}:${i + 1}: line ends outside any string`);
        }
      });
      for (const word of ['sequence', 'where', 'within']) {
        assert.ok(scoped(word, 'keyword.') || scoped(word, 'comment.') || scoped(word, 'string.'), `${file}: "${word}" is a keyword`);
      }
      for (const token of all.filter((s) => /^\d+(ms|s|m|h|d)$/.test(s.text))) {
        assert.ok(token.scopes.some((x) => /^(constant\.numeric\.duration|comment\.|string\.)/.test(x)), `${file}: ${token.text} is a duration`);
      }
    });
  }
});
