// The snippets must stay valid `.hunt`: each one, expanded with its default values (inside an
// analytic when it is a step), parses and checks without errors.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { diagnose } from '../../../../src/core/dsl/service/diagnostics';
import { huntSource } from '../../../../src/core/dsl/service/source';

const snippets = JSON.parse(readFileSync('snippets/hunt.code-snippets', 'utf8')) as Record<string, { body: string | string[]; prefix: string | string[] }>;

/** Expands `${1:default}`, `${2|first,second|}`, `$1` and `$0` the way VS Code inserts them by default. */
function expand(body: string | string[]): string {
  const text = Array.isArray(body) ? body.join('\n') : body;
  const defaults = new Map<string, string>();
  let previous = '';
  let out = text;
  while (out !== previous) {
    previous = out;
    out = out
      .replace(/\$\{(\d+)\|([^,|}]*)[^}]*\|\}/g, (_, n: string, first: string) => (defaults.set(n, first), first))
      .replace(/\$\{(\d+):([^${}]*)\}/g, (_, n: string, value: string) => (defaults.set(n, value), value));
  }
  return out.replace(/\$(\d+)/g, (_, n: string) => defaults.get(n) ?? '');
}

for (const [name, snippet] of Object.entries(snippets)) {
  test(`snippet "${name}" expands to valid .hunt`, () => {
    const body = expand(snippet.body);
    const text = body.trimStart().startsWith('analytic') || body.trimStart().startsWith('list')
      ? body
      : `list allowlist = ["x"]\nanalytic "SNIPPET" {\n  title "t"\n  severity low\n  sequence by host within 5m\n    step before: any where host is not null\n    ${body.replace(/\n/g, '\n    ')}\n}\n`;
    const errors = diagnose(huntSource(text)).filter((d) => d.severity === 'error');
    assert.deepEqual(errors.map((d) => `${d.code} ${d.message} @${d.span.start}: ${text.slice(d.span.start, d.span.end + 20)}`), [], text);
  });
}
