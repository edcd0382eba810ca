// Sigma string values: literal text with the wildcards `*` (any run of characters) and `?`
// (one character), where `\` escapes `*`, `?` and `\` itself and is a plain backslash before
// anything else (so `C:\Windows\` needs no doubling; pySigma reads values the same way).
// Matching is a glob over the whole field value, without regular expressions: segments
// between `*` are found leftmost-first, which is exact for globs and linear per segment.

export const ANY = Symbol('*');
export const ONE = Symbol('?');
export type Part = string | typeof ANY | typeof ONE;

/** A value as a sequence of literal runs and wildcards (adjacent literals merged). */
export interface SigmaString {
  readonly parts: readonly Part[];
}

function push(parts: Part[], part: Part): void {
  const last = parts[parts.length - 1];
  if (typeof part === 'string' && typeof last === 'string') parts[parts.length - 1] = last + part;
  else if (part === ANY && last === ANY) return;
  else if (part !== '') parts.push(part);
}

export function parseSigmaString(value: string): SigmaString {
  const parts: Part[] = [];
  for (let i = 0; i < value.length; i++) {
    const c = value[i]!;
    if (c === '\\' && i + 1 < value.length && '*?\\'.includes(value[i + 1]!)) {
      push(parts, value[++i]!);
    } else if (c === '*') push(parts, ANY);
    else if (c === '?') push(parts, ONE);
    else push(parts, c);
  }
  return { parts };
}

/** A value taken literally (no wildcards): the output of encoders such as base64. */
export function literal(value: string): SigmaString {
  return { parts: value === '' ? [] : [value] };
}

export function concat(...strings: SigmaString[]): SigmaString {
  const parts: Part[] = [];
  for (const s of strings) for (const p of s.parts) push(parts, p);
  return { parts };
}

export function hasWildcards(s: SigmaString): boolean {
  return s.parts.some((p) => typeof p !== 'string');
}

/** The text of a wildcard-free value. */
export function plainText(s: SigmaString): string {
  return s.parts.filter((p): p is string => typeof p === 'string').join('');
}

/** The longest literal run: text any matching value must contain (prefilter atoms). */
export function longestLiteral(s: SigmaString): string {
  let best = '';
  for (const p of s.parts) if (typeof p === 'string' && p.length > best.length) best = p;
  return best;
}

/** Maps every literal run (wildcards kept). */
export function mapLiterals(s: SigmaString, f: (text: string) => string): SigmaString {
  return { parts: s.parts.map((p) => (typeof p === 'string' ? f(p) : p)) };
}

type Segment = readonly (string | typeof ONE)[];

/** Whether `segment` (characters and ONE) matches `text` at `at`. */
function segmentAt(segment: Segment, segmentLength: number, text: string, at: number): boolean {
  if (at + segmentLength > text.length) return false;
  let pos = at;
  for (const piece of segment) {
    if (piece === ONE) pos++;
    else if (text.startsWith(piece, pos)) pos += piece.length;
    else return false;
  }
  return true;
}

function lengthOf(segment: Segment): number {
  return segment.reduce((n, p) => n + (p === ONE ? 1 : p.length), 0);
}

function find(segment: Segment, segmentLength: number, text: string, from: number): number {
  if (segment.length === 1 && typeof segment[0] === 'string') return text.indexOf(segment[0], from);
  for (let at = from; at + segmentLength <= text.length; at++) if (segmentAt(segment, segmentLength, text, at)) return at;
  return -1;
}

/**
 * A matcher for the whole value. `cased` false folds both sides to lower case (Sigma's
 * default); the matcher expects values already lower-cased then (see fieldText in match.ts).
 */
export function globMatcher(s: SigmaString, cased: boolean): (value: string) => boolean {
  const parts = cased ? s.parts : mapLiterals(s, (t) => t.toLowerCase()).parts;
  // Common shapes first: equality, contains, startswith, endswith.
  if (parts.length === 0) return (v) => v === '';
  if (parts.length === 1 && typeof parts[0] === 'string') { const t = parts[0]; return (v) => v === t; }
  if (parts.length === 1 && parts[0] === ANY) return () => true;
  if (parts.length === 2 && parts[0] === ANY && typeof parts[1] === 'string') { const t = parts[1]; return (v) => v.endsWith(t); }
  if (parts.length === 2 && parts[1] === ANY && typeof parts[0] === 'string') { const t = parts[0]; return (v) => v.startsWith(t); }
  if (parts.length === 3 && parts[0] === ANY && parts[2] === ANY && typeof parts[1] === 'string') { const t = parts[1]; return (v) => v.includes(t); }
  // General glob: segments between ANY; the first anchored at the start, the last at the end.
  const segments: Segment[] = [[]];
  for (const p of parts) {
    if (p === ANY) segments.push([]);
    else (segments[segments.length - 1] as (string | typeof ONE)[]).push(p);
  }
  const lengths = segments.map(lengthOf);
  const last = segments.length - 1;
  return (v) => {
    if (last === 0) return lengths[0] === v.length && segmentAt(segments[0]!, lengths[0]!, v, 0);
    if (!segmentAt(segments[0]!, lengths[0]!, v, 0)) return false;
    let pos = lengths[0]!;
    const tailStart = v.length - lengths[last]!;
    if (tailStart < pos || !segmentAt(segments[last]!, lengths[last]!, v, tailStart)) return false;
    for (let i = 1; i < last; i++) {
      if (lengths[i] === 0) continue;
      const at = find(segments[i]!, lengths[i]!, v, pos);
      if (at < 0 || at + lengths[i]! > tailStart) return false;
      pos = at + lengths[i]!;
    }
    return true;
  };
}

/**
 * One matcher for a list of values (OR) when every value is a plain literal, prefix, suffix
 * or infix (`x`, `x*`, `*x`, `*x*`); undefined otherwise. Rules list hundreds of such values
 * (DLL names, registry keys): equality is one set lookup, prefixes and suffixes one lookup per
 * distinct length, instead of one test per value. Same answers as the values' globMatchers
 * OR-ed (checked by a property test).
 */
export function anyOfMatcher(values: readonly SigmaString[], cased: boolean): ((value: string) => boolean) | undefined {
  const equal = new Set<string>();
  const prefixes = new Map<number, Set<string>>();
  const suffixes = new Map<number, Set<string>>();
  const infixes: string[] = [];
  const add = (byLength: Map<number, Set<string>>, text: string): void => {
    let set = byLength.get(text.length);
    if (!set) byLength.set(text.length, (set = new Set()));
    set.add(text);
  };
  for (const value of values) {
    const parts = cased ? value.parts : mapLiterals(value, (t) => t.toLowerCase()).parts;
    const [first, second, third] = parts;
    if (parts.length === 0) equal.add('');
    else if (parts.length === 1 && typeof first === 'string') equal.add(first);
    else if (parts.length === 1 && first === ANY) return () => true;
    else if (parts.length === 2 && first === ANY && typeof second === 'string') add(suffixes, second);
    else if (parts.length === 2 && second === ANY && typeof first === 'string') add(prefixes, first);
    else if (parts.length === 3 && first === ANY && third === ANY && typeof second === 'string') infixes.push(second);
    else return undefined;
  }
  const byLength = (m: Map<number, Set<string>>): [number, Set<string>][] => [...m].sort((a, b) => a[0] - b[0]);
  const pre = byLength(prefixes);
  const suf = byLength(suffixes);
  return (v) => {
    if (equal.has(v)) return true;
    for (const [n, set] of suf) {
      if (n > v.length) break;
      if (set.has(v.slice(v.length - n))) return true;
    }
    for (const [n, set] of pre) {
      if (n > v.length) break;
      if (set.has(v.slice(0, n))) return true;
    }
    for (const t of infixes) if (v.includes(t)) return true;
    return false;
  };
}
