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

/**
 * Texts any match of the pattern must contain, for the run's prefilter: one per top-level
 * alternative (a match contains at least one), each the longest literal run of that
 * alternative's top-level sequence; undefined when some alternative has none. Conservative by
 * construction: groups, classes, escapes that are not a punctuation character, and quantified
 * characters end a run, so what is returned is always literally in the match. With case
 * folding, `s` and `k` end a run too (RE2 folds them with ſ and the Kelvin sign).
 */
export function regexLiterals(pattern: string, flags: RegexFlags): string[] | undefined {
  const folds = flags.i === true || /\(\?[a-zA-Z]*i/.test(pattern);
  const branches: string[] = [];
  let best = '';
  let run = '';
  const end = (): void => {
    if (run.length > best.length) best = run;
    run = '';
  };
  for (let i = 0; i < pattern.length; i++) {
    const c = pattern[i]!;
    let literal: string | undefined;
    if (c === '|') {
      end();
      if (best === '') return undefined;
      branches.push(best);
      best = '';
      continue;
    } else if (c === '(') {
      const close = groupEnd(pattern, i);
      if (close < 0) return undefined;
      i = close;
    } else if (c === '[') {
      const close = classEnd(pattern, i);
      if (close < 0) return undefined;
      i = close;
    } else if (c === '\\') {
      const next = pattern[i + 1];
      if (next === undefined) return undefined;
      if (/[A-Za-z0-9]/.test(next)) {
        // \Q...\E quotes; \x{..}, \p{..}, \P{..} take braces; \xHH two digits; \pL one letter.
        if (next === 'Q') { const e = pattern.indexOf('\\E', i + 2); i = e < 0 ? pattern.length : e + 1; }
        else if ((next === 'x' || next === 'p' || next === 'P') && pattern[i + 2] === '{') { const e = pattern.indexOf('}', i + 3); if (e < 0) return undefined; i = e; }
        else if (next === 'x') i += 3;
        else if (next === 'p' || next === 'P') i += 2;
        else if (/[0-7]/.test(next)) { i += 1; while (i + 1 < pattern.length && /[0-7]/.test(pattern[i + 1]!) ) i++; }
        else if (/[dDwWsSbBAzZGnrtfvae89hHvVRX]/.test(next)) i += 1;
        // Any other escape (\u0041, \cA, \k<name>, \g1, ...) may take more characters: no prefilter.
        else return undefined;
      } else {
        literal = next;
        i += 1;
      }
    } else if (c === ')') {
      return undefined;
    } else if (c === '.' || c === '^' || c === '$') {
      // Not literal text.
    } else if (c === '*' || c === '+' || c === '?' || (c === '{' && /^\{\d+(,\d*)?\}/.test(pattern.slice(i, i + 24)))) {
      // A quantifier of a group, class or escape (one of a character is read with it, below).
      if (c === '{') i = pattern.indexOf('}', i);
      if (pattern[i + 1] === '?' || pattern[i + 1] === '+') i++;
    } else literal = c;
    if (literal === undefined || (folds && /[skKS\u017f\u212a]/.test(literal))) literal = undefined;
    // A quantifier on this character: optional (*, ?, {0,...}) drops it; otherwise it stays and ends the run.
    const repeat = literal === undefined ? null : /^(?:([*+?])|\{(\d+)(?:,\d*)?\})/.exec(pattern.slice(i + 1, i + 24));
    if (repeat) {
      if (repeat[1] === '+' || (repeat[2] !== undefined && Number(repeat[2]) > 0)) run += literal;
      end();
      i += repeat[0].length;
      if (pattern[i + 1] === '?' || pattern[i + 1] === '+') i++;
    } else if (literal === undefined) end();
    else run += literal;
  }
  end();
  if (best === '') return undefined;
  branches.push(best);
  return branches;
}

/** The index of the `)` closing the group opened at `open`, or -1. */
function groupEnd(pattern: string, open: number): number {
  let depth = 0;
  for (let i = open; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (c === '[') { i = classEnd(pattern, i); if (i < 0) return -1; }
    else if (c === '(') depth++;
    else if (c === ')' && --depth === 0) return i;
  }
  return -1;
}

/** The index of the `]` closing the class opened at `open`, or -1 (`]` first is literal; `[:name:]` nests). */
function classEnd(pattern: string, open: number): number {
  let i = open + 1;
  if (pattern[i] === '^') i++;
  if (pattern[i] === ']') i++;
  for (; i < pattern.length; i++) {
    const c = pattern[i]!;
    if (c === '\\') i++;
    else if (c === '[' && pattern[i + 1] === ':') { const e = pattern.indexOf(':]', i + 2); if (e < 0) return -1; i = e + 1; }
    else if (c === ']') return i;
  }
  return -1;
}
