// The one regular-expression engine for patterns that come from users or shared files: `matches`
// in `.hunt`, wildcard patterns (`like`, list files), Sigma's `re` modifier. Those patterns are
// attacker-controlled, so they run in RE2 (re2js), which matches in time linear in the input:
// no pattern can backtrack for hours (ReDoS). RE2 has no back-references or lookaround; a
// pattern it refuses is a result with a reason, never a throw, so callers report it where the
// pattern was written. Built-in, fixed patterns of the code base keep using RegExp.

import type { RE2JS as Engine } from 're2js';

let engine: typeof Engine | undefined;

/**
 * RE2, loaded on first use: the editor's bundle keeps it in a file of its own (esbuild.mjs),
 * so activating the extension does not read it.
 */
export function re2(): typeof Engine {
  engine ??= (require('re2js') as typeof import('re2js')).RE2JS;
  return engine;
}

/** A compiled pattern: unanchored `test` (like RegExp#test) and whole-text `testExact`. */
export interface Regex {
  readonly source: string;
  readonly flags: string;
  test(text: string): boolean;
  testExact(text: string): boolean;
}

export type CompiledRegex =
  | { readonly ok: true; readonly regex: Regex }
  /** `unsupported`: valid JavaScript syntax that RE2 cannot run in linear time (back-references, lookaround). */
  | { readonly ok: false; readonly reason: string; readonly unsupported: boolean };

/** JavaScript flag letters and their RE2 counterparts; `g`, `u`, `y`, `d` change nothing for a yes/no test. */
const FLAGS: Readonly<Record<string, (e: typeof Engine) => number>> = {
  i: (e) => e.CASE_INSENSITIVE,
  m: (e) => e.MULTILINE,
  s: (e) => e.DOTALL,
  g: () => 0, u: () => 0, y: () => 0, d: () => 0,
};

/**
 * Compiles a pattern written in JavaScript regex syntax (as in `/…/flags`) for RE2. The
 * JavaScript escapes RE2 spells differently (`\uXXXX`, `\u{X}`) are translated first.
 */
export function compileRegex(source: string, flags = ''): CompiledRegex {
  const RE2 = re2();
  let bits = 0;
  for (const f of flags) {
    const bit = FLAGS[f];
    if (bit === undefined) return { ok: false, reason: `unknown flag "${f}" (flags: i, m, s)`, unsupported: false };
    bits |= bit(RE2);
  }
  try {
    const re = RE2.compile(toRe2Syntax(source), bits);
    return { ok: true, regex: { source, flags, test: (t) => re.test(t), testExact: (t) => re.testExact(t) } };
  } catch (e) {
    return refusal(source, flags, e as Error);
  }
}

/** `\uXXXX` and `\u{X…}` become RE2's `\x{…}`; every other escape is copied as it is. */
export function toRe2Syntax(source: string): string {
  return source.replace(/\\(?:u([0-9A-Fa-f]{4})|u\{([0-9A-Fa-f]{1,6})\}|[\s\S])/g, (m, four?: string, braced?: string) => {
    const hex = four ?? braced;
    return hex === undefined ? m : `\\x{${hex}}`;
  });
}

/** Why RE2 refused: JavaScript's own syntax error when the pattern is not valid there either. */
function refusal(source: string, flags: string, e: Error): CompiledRegex {
  const re2 = e.message.replace(/^error parsing regexp: /, '');
  try {
    // Construction parses without matching anything, so this cannot hang.
    new RegExp(source, flags.replace(/[^imsu]/g, ''));
  } catch (js) {
    return { ok: false, reason: (js as Error).message.replace(/^Invalid regular expression: \/[\s\S]*\/[a-z]*: /, ''), unsupported: false };
  }
  const what = /\(\?<?[=!]/.test(source) ? 'lookahead and lookbehind are not supported'
    : /\\[1-9]|\\k</.test(source) ? 'back-references are not supported'
    : `RE2 refuses it (${re2})`;
  return { ok: false, reason: `${what}: patterns run in a linear-time engine (RE2 syntax)`, unsupported: true };
}
