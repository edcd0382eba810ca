// Pieces every target's output shares: the header comment naming the analytic, its source
// and the mapping, so an exported query can be traced back to the `.hunt` it came from; and
// how `.hunt` text is written into a target (comments, string literals, durations, regexes),
// where every character of attacker-controlled text must keep its meaning.

import { basename } from 'node:path';
import type * as A from '../../dsl/syntax/ast';
import type { ExportContext } from '../model';
import { report, stepName } from '../walker';
import { toRe2Syntax } from '../../text/regex';
import { wildcardSource } from '../../text/wildcard';

export function metaValues(ctx: ExportContext, key: string): string[] {
  return ctx.analytic.meta.filter((m) => m.key === key).flatMap((m) => m.values.map((v) => (v.kind === 'String' ? v.value : v.name)));
}

/**
 * A one-line comment of the target. Titles and messages carry text from the `.hunt` file, so
 * every line break (and other control character) becomes a space: no text can end the comment
 * and become part of the query.
 */
export function lineComment(open: string, close = ''): (text: string) => string {
  return (text) => `${open} ${text.replace(/[\x00-\x08\x0a-\x1f\x7f\u0085\u2028\u2029]+/g, ' ')}${close}`;
}

export function header(ctx: ExportContext, comment: (text: string) => string, language: string): string[] {
  return [
    comment(`Huntbench analytic ${ctx.analytic.id?.value ?? ''}: ${metaValues(ctx, 'title')[0] ?? ''}`),
    comment(`Exported from ${basename(ctx.file.path)} as ${language}. Severity ${metaValues(ctx, 'severity')[0] ?? ''}${metaValues(ctx, 'attack').length ? `; ATT&CK ${metaValues(ctx, 'attack').join(', ')}` : ''}.`),
  ];
}

/**
 * The target's names of join keys, or null when one has none (unmapped, or a name the
 * target's syntax cannot hold): the keys are then left out, a superset, and reported.
 */
export function keyNames(ctx: ExportContext, target: string, keys: readonly A.Field[], name: (key: A.Field) => string | null): string[] | null {
  const names = keys.map(name);
  const missing = keys.find((_, i) => names[i] === null);
  if (!missing) return names as string[];
  report(ctx, 'exportField', missing, target, `the join key ${missing.name} has no name in ${target} (unmapped, or characters it cannot quote there): the keys ${keys.map((k) => k.name).join(', ')} are left out (a superset).`);
  return null;
}

/** What a target says about the sequence constructs it does not carry; absent keys are carried. */
export interface Uncarried {
  readonly gap?: (gap: A.Duration) => string;
  /** The message for a threshold step; null when carried. */
  readonly having?: (step: A.Step) => string | null;
  /** The message for an absent step, and the node it points at; null when carried. */
  readonly absent?: (step: A.Step) => { node: { span: A.Node['span'] }; message: string } | null;
  readonly slack?: (slack: A.Duration) => string;
  readonly until?: string;
}

/** Reports every optional step (no target shows it) and each construct the target does not carry. */
export function reportUncarried(ctx: ExportContext, target: string, say: Uncarried): void {
  const sequence = ctx.analytic.sequence!;
  sequence.steps.forEach((s, i) => {
    if (s.mode === 'optional') report(ctx, 'exportOptional', s, target, `optional step ${stepName(s, i)} is left out: it never decides whether a chain fires, but its event is not shown.`);
    const absent = s.mode === 'absent' ? say.absent?.(s) : null;
    if (absent) report(ctx, 'exportAbsence', absent.node, target, absent.message);
    if (s.gap && say.gap) report(ctx, 'exportOrder', s.gap, target, say.gap(s.gap));
    const having = s.having ? say.having?.(s) : null;
    if (s.having && having) report(ctx, 'exportThreshold', s.having, target, having);
  });
  if (sequence.slack && say.slack) report(ctx, 'exportOrder', sequence.slack, target, say.slack(sequence.slack));
  if (sequence.until && say.until) report(ctx, 'exportOrder', sequence.until, target, say.until);
}

const UNITS: readonly (readonly [string, number])[] = [['d', 86_400_000], ['h', 3_600_000], ['m', 60_000], ['s', 1000], ['ms', 1]];

/**
 * A duration as a whole number of the largest unit that divides it (`90s`, `1500ms`): the
 * `.hunt` text may be `1.5m` or `1_000ms`, which EQL, SPL and Sigma do not read (KQL not the
 * second). `seconds` is for targets without milliseconds: a sub-second part rounds up.
 */
export function durationText(ms: number, seconds = false): string {
  const whole = seconds ? Math.ceil(ms / 1000) * 1000 : Math.ceil(ms);
  const [unit, size] = UNITS.find(([, size]) => whole % size === 0)!;
  return `${whole / size}${unit}`;
}

/** A window in a target without milliseconds; a rounded one is reported (it is wider). */
export function secondsWindow(ctx: ExportContext, target: string, duration: A.Duration): string {
  const text = durationText(duration.ms, true);
  if (duration.ms % 1000 !== 0) report(ctx, 'exportOrder', duration, target, `the window ${duration.text} is rounded up to ${text}: ${target} counts time in whole seconds.`);
  return text;
}

const NAMED_ESCAPES: Readonly<Record<string, string>> = { '\n': '\\n', '\r': '\\r', '\t': '\\t' };

/**
 * A double-quoted string with `\\` and `\"` escapes (EQL, KQL and SPL agree on these). With
 * `codePoint` (the target's escape for a character given in hex), line breaks and other control
 * characters become `\n`, `\r`, `\t` or that escape: KQL and EQL end a literal at a raw line break.
 */
export function doubleQuoted(s: string, codePoint?: (hex: string) => string): string {
  const quoted = s.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
  const escaped = codePoint ? quoted.replace(/[\x00-\x1f\x7f\u0085\u2028\u2029]/g, (c) => NAMED_ESCAPES[c] ?? codePoint(c.charCodeAt(0).toString(16).toUpperCase())) : quoted;
  return `"${escaped}"`;
}

/**
 * A Huntbench wildcard pattern (`*`, `?`, whole value, case-insensitive) as an anchored regex;
 * `s` because a wildcard matches line breaks too (a command line may hold several lines).
 */
export function wildcardRegex(pattern: string): string {
  return `(?is)^${wildcardSource(pattern)}$`;
}

/**
 * A `.hunt` regex for RE2 (KQL) and PCRE (SPL, Sigma backends): the JavaScript escapes they
 * spell differently (`\uXXXX`) translated, and its `i`, `m` and `s` flags, each of which
 * changes what matches (`s`: `.` matches a line break; `m`: `^` and `$` match at one).
 */
export function regexParts(regex: A.RegexLit): { source: string; flags: string } {
  return { source: toRe2Syntax(regex.source), flags: [...'ims'].filter((f) => regex.flags.includes(f)).join('') };
}

/** The regex with its flags as a leading group: `(?is)pattern`. */
export function inlineRegex(regex: A.RegexLit): string {
  const { source, flags } = regexParts(regex);
  return `${flags ? `(?${flags})` : ''}${source}`;
}
