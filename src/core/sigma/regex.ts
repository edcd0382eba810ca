// Regular expressions of Sigma's `re` modifier, through the one core regex engine
// (text/regex.ts: RE2, linear time, so a hostile rule cannot backtrack for hours). Sigma's
// flavour is a PCRE subset; what RE2 cannot run (backreferences, lookaround) comes back as a
// reason for the rule's diagnostic. PCRE's leading inline flags, e.g. `(?i)`, which many
// rules write, are read as flags.

import { compileRegex } from '../text/regex';

export interface RegexMatcher {
  test(text: string): boolean;
}

export interface RegexFlags {
  readonly i?: boolean;
  readonly m?: boolean;
  readonly s?: boolean;
}

const MAX_PATTERN = 4096;

/** A matcher for a Sigma `re` pattern (unanchored, like PCRE), or the reason it cannot run. */
export function compileSigmaRegex(pattern: string, flags: RegexFlags): RegexMatcher | { error: string } {
  if (pattern.length > MAX_PATTERN) return { error: `longer than ${MAX_PATTERN} characters` };
  let body = pattern;
  const set = new Set(Object.entries(flags).filter(([, on]) => on).map(([f]) => f));
  const inline = /^\(\?([ims]+)\)/.exec(body);
  if (inline) {
    for (const f of inline[1]!) set.add(f);
    body = body.slice(inline[0].length);
  }
  const compiled = compileRegex(body, [...set].sort().join(''));
  return compiled.ok ? compiled.regex : { error: compiled.reason };
}
