// One detection item (`Field|mod1|mod2: value or list`) → a predicate over an event, the
// prefilter atoms it implies (run.ts), and the problems that keep it from running. Every
// modifier of the Sigma specification (v2.1 appendix) is implemented here:
//   generic   contains startswith endswith all exists cased neq
//   string    windash re (with i, m, s)
//   encoding  base64 base64offset utf16le utf16be utf16 wide
//   numeric   lt lte gt gte          time   minute hour day week month year
//   ip        cidr                   other  fieldref expand
// Transformations apply in the order written (`|wide|base64offset|contains`); a value list
// is OR unless `all`; matching is case-insensitive unless `re` or `cased`.

import { cidrMatcher } from './cidr';
import type { SigmaCodeName } from './diagnostics';
import { textOf, type FieldValue, type Predicate, type SigmaEvent } from './event';
import { compileSigmaRegex, regexLiterals } from './regex';
import { ANY, anyOfMatcher, concat, globMatcher, hasWildcards, literal, longestLiteral, parseSigmaString, plainText, type Part, type SigmaString } from './sigmaString';

/** A lower-case text the field's value must contain for the item to match (one of an item's atoms must hold). */
export interface Atom {
  /** The field, or ANY_FIELD for keyword searches (some field's text contains it). */
  readonly field: string;
  readonly text: string;
}

/** The field name of keyword atoms: no real field is called `*`. */
export const ANY_FIELD = '*';

export interface ItemProblem {
  readonly name: SigmaCodeName;
  readonly args: Record<string, string | number>;
}

export interface CompiledItem {
  readonly predicate: Predicate;
  /** Necessary atoms (any one holds when the item matches); undefined when none can be derived. */
  readonly atoms?: readonly Atom[];
}

type Scalar = string | number | boolean | null;
type Alt = { kind: 'str'; s: SigmaString } | { kind: 'bytes'; bytes: Buffer } | { kind: 'num'; n: number } | { kind: 'bool'; b: boolean } | { kind: 'null' };

const TRANSFORMS = new Set(['contains', 'startswith', 'endswith', 'windash', 'base64', 'base64offset', 'utf16le', 'utf16be', 'utf16', 'wide']);
const COMPARATORS = new Set(['lt', 'lte', 'gt', 'gte']);
const TIME_PARTS = new Set(['minute', 'hour', 'day', 'week', 'month', 'year']);
const FLAGS = new Set(['all', 'cased', 'neq', 'expand']);
const RE_FLAGS = new Set(['i', 'm', 's']);
export const MODIFIERS: ReadonlySet<string> = new Set([...TRANSFORMS, ...COMPARATORS, ...TIME_PARTS, ...FLAGS, 'exists', 're', 'cidr', 'fieldref', ...RE_FLAGS]);

/** Most values one item may expand to (windash permutations, base64offset variants). */
export const MAX_VARIANTS = 4096;
const WINDASH = ['-', '/', '\u2013', '\u2014', '\u2015'];
// pySigma's rule: a dash or slash with no word character before it and one after (a flag).
// Python's \w is Unicode (letters, digits, _), JavaScript's only ASCII: `é-x` is inside a word.
const WINDASH_AT = /(?<![\p{L}\p{N}_])[-/](?=[\p{L}\p{N}_])/gu;

class ItemError extends Error {
  constructor(readonly problem: ItemProblem) {
    super(problem.name);
  }
}

const fail = (name: SigmaCodeName, args: Record<string, string | number>): never => {
  throw new ItemError({ name, args });
};
const misuse = (detail: string): never => fail('badModifierUse', { detail });

function scalars(value: unknown, field: string): Scalar[] {
  const list = Array.isArray(value) ? value : [value];
  return list.map((v) => {
    if (v === null || typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') return v;
    return fail('badValue', { detail: `The value of ${field} must be a string, number, boolean or null (or a list of them), not ${Array.isArray(v) ? 'a list' : 'a map'}.` });
  });
}

/**
 * Compiles one item. `field` undefined is a keyword search (values matched anywhere in the
 * event); `mapField` turns the rule's field names into the event's (logsource field mapping).
 */
export function compileItem(field: string | undefined, modifiers: readonly string[], value: unknown, mapField: (name: string) => string): CompiledItem | ItemProblem {
  try {
    return compile(field, modifiers, value, mapField);
  } catch (error) {
    if (error instanceof ItemError) return error.problem;
    throw error;
  }
}

export function isProblem(x: CompiledItem | ItemProblem): x is ItemProblem {
  return 'name' in x;
}

function compile(field: string | undefined, modifiers: readonly string[], value: unknown, mapField: (name: string) => string): CompiledItem {
  const label = field ?? 'the keyword list';
  for (const m of modifiers) if (!MODIFIERS.has(m)) fail('unknownModifier', { name: m });
  const has = (m: string): boolean => modifiers.includes(m);
  const values = scalars(value, label);
  const target = field === undefined ? undefined : mapField(field);
  if (values.length === 0) misuse(`${label} has an empty value list.`);
  // null and booleans describe a field's value: as keywords, null would match any empty field
  // and true any field that is exactly `true` (pySigma refuses both without a field).
  const unbound = target === undefined ? values.find((v) => v === null || typeof v === 'boolean') : undefined;
  if (unbound !== undefined) misuse(`${String(unbound)} needs a field: a keyword search cannot look for it.`);

  if (has('exists')) {
    if (modifiers.length > 1) misuse('exists cannot be combined with other modifiers.');
    if (target === undefined) misuse('exists needs a field.');
    if (values.length !== 1 || typeof values[0] !== 'boolean') misuse(`exists takes true or false, not ${JSON.stringify(value)}.`);
    const want = values[0] as boolean;
    return { predicate: (e) => (e.value(target!) !== undefined) === want };
  }
  const reIndex = modifiers.indexOf('re');
  for (const [i, m] of modifiers.entries()) if (RE_FLAGS.has(m) && (reIndex < 0 || i < reIndex)) misuse(`${m} is a sub-modifier of re and must follow it.`);
  const all = has('all');
  const combine = (predicates: Predicate[]): Predicate => {
    if (predicates.length === 1) return predicates[0]!;
    return all ? (e) => predicates.every((p) => p(e)) : (e) => predicates.some((p) => p(e));
  };
  const negate = (p: Predicate): Predicate => (has('neq') ? (e) => !p(e) : p);
  const only = (allowed: readonly string[], what: string): void => {
    const extra = modifiers.filter((m) => !allowed.includes(m));
    if (extra.length) misuse(`${extra.join(', ')} cannot be combined with ${what}.`);
  };
  const onField = (test: (v: FieldValue, e: SigmaEvent) => boolean): Predicate =>
    target === undefined ? (e) => e.texts(true).some((t) => test(t, e)) : (e) => test(e.value(target), e);

  if (reIndex >= 0) {
    only(['re', 'i', 'm', 's', 'all', 'neq'], 're');
    const flags = { i: has('i'), m: has('m'), s: has('s') };
    const atomSets: (Atom[] | undefined)[] = [];
    const predicates = values.map((v) => {
      if (typeof v !== 'string') return misuse(`re takes a pattern string, not ${JSON.stringify(v)}.`);
      const matcher = compileSigmaRegex(v, flags);
      if ('error' in matcher) return fail('badRegex', { pattern: JSON.stringify(v), reason: matcher.error });
      atomSets.push(regexLiterals(v, flags)?.map((text) => ({ field: target ?? ANY_FIELD, text: text.toLowerCase() })));
      return onField((fv) => { const t = textOf(fv); return t !== undefined && matcher.test(t); });
    });
    return withAtoms(negate(combine(predicates)), atomSets);
  }
  if (has('cidr')) {
    only(['cidr', 'all', 'neq'], 'cidr');
    const predicates = values.map((v) => {
      const matcher = cidrMatcher(String(v));
      if (!matcher) return misuse(`cidr: ${JSON.stringify(v)} is not an IPv4 or IPv6 network.`);
      return onField((fv) => { const t = textOf(fv); return t !== undefined && matcher(t); });
    });
    return { predicate: negate(combine(predicates)) };
  }
  const comparators = modifiers.filter((m) => COMPARATORS.has(m));
  const timePart = modifiers.find((m) => TIME_PARTS.has(m));
  if (comparators.length > 1) misuse(`only one of lt, lte, gt, gte per item (${comparators.join(', ')}); use two items for a range.`);
  if (comparators.length === 1 || timePart) {
    only([...comparators, ...(timePart ? [timePart] : []), 'all', 'neq'], comparators[0] ?? timePart!);
    const op = comparators[0];
    const predicates = values.map((v) => {
      const bound = typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : misuse(`${op ?? timePart} takes a number, not ${JSON.stringify(v)}.`);
      return onField((fv) => {
        const n = timePart ? datePart(fv, timePart) : numberOf(fv);
        if (n === undefined) return false;
        switch (op) {
          case 'lt': return n < bound;
          case 'lte': return n <= bound;
          case 'gt': return n > bound;
          case 'gte': return n >= bound;
          default: return n === bound;
        }
      });
    });
    return { predicate: negate(combine(predicates)) };
  }
  const cased = has('cased');
  if (has('fieldref')) {
    only(['fieldref', 'contains', 'startswith', 'endswith', 'cased', 'all', 'neq'], 'fieldref');
    if (target === undefined) misuse('fieldref needs a field.');
    const how = has('contains') ? 'contains' : has('startswith') ? 'startswith' : has('endswith') ? 'endswith' : 'equals';
    const predicates = values.map((v): Predicate => {
      if (typeof v !== 'string') return misuse(`fieldref takes a field name, not ${JSON.stringify(v)}.`);
      // A field name has no wildcards: no field would be found, and the item would never match.
      const name = parseSigmaString(v);
      if (hasWildcards(name)) return misuse(`fieldref takes a field name, not a pattern: ${JSON.stringify(v)} has a wildcard (* or ?).`);
      const other = mapField(plainText(name));
      return (e) => {
        const a = cased ? e.text(target!) : e.lower(target!);
        const b = cased ? e.text(other) : e.lower(other);
        if (a === undefined || b === undefined) return false;
        return how === 'equals' ? a === b : how === 'contains' ? a.includes(b) : how === 'startswith' ? a.startsWith(b) : a.endsWith(b);
      };
    });
    return { predicate: negate(combine(predicates)) };
  }

  // String values: transformations in the order written, each value to one or more alternatives.
  const expanded = values.map((v) => {
    let alts: Alt[] = [initial(v, has('expand'))];
    for (const m of modifiers) if (TRANSFORMS.has(m)) alts = alts.flatMap((a) => transform(a, m));
    if (alts.length > MAX_VARIANTS) fail('tooManyValues', { what: `${label}|${modifiers.join('|')}`, limit: MAX_VARIANTS });
    return alts;
  });
  const keyword = target === undefined;
  const atomSets = expanded.map((alts): Atom[] | undefined => {
    const texts = alts.map(atomText);
    return texts.every((t) => t !== '') ? texts.map((text) => ({ field: target ?? ANY_FIELD, text })) : undefined;
  });
  // A long OR of plain strings on a field: one set-based matcher (anyOfMatcher).
  const strings = expanded.flat();
  const oneOf = !all && !keyword && strings.length > 1 && strings.every((a) => a.kind === 'str') ? anyOfMatcher(strings.map((a) => (a as { s: SigmaString }).s), cased) : undefined;
  if (oneOf) {
    const read = cased ? (e: SigmaEvent) => e.text(target!) : (e: SigmaEvent) => e.lower(target!);
    return withAtoms(negate((e) => { const t = read(e); return t !== undefined && oneOf(t); }), atomSets);
  }
  const predicates: Predicate[] = [];
  for (const alts of expanded) {
    const tests = alts.map((a) => altTest(a, cased, keyword));
    const test = tests.length === 1 ? tests[0]! : (fv: FieldValue, lowered: string | undefined): boolean => tests.some((t) => t(fv, lowered));
    if (keyword) predicates.push((e) => e.texts(cased).some((t) => test(t, t)));
    else predicates.push(cased ? (e) => test(e.value(target), e.text(target)) : (e) => test(e.value(target), e.lower(target)));
  }
  return withAtoms(negate(combine(predicates)), atomSets);

  /** The item's atoms from each value's: with all, any one value's are necessary; without, the union of every value's. */
  function withAtoms(predicate: Predicate, atomSets: readonly (Atom[] | undefined)[]): CompiledItem {
    if (has('neq')) return { predicate };
    let atoms: Atom[] | undefined;
    if (all) atoms = atomSets.filter((s): s is Atom[] => s !== undefined).sort((a, b) => a.length - b.length)[0];
    else atoms = atomSets.every((s) => s !== undefined) ? atomSets.flat() as Atom[] : undefined;
    return atoms ? { predicate, atoms } : { predicate };
  }
}

function initial(v: Scalar, expand: boolean): Alt {
  if (v === null) return { kind: 'null' };
  if (typeof v === 'number') return { kind: 'num', n: v };
  if (typeof v === 'boolean') return { kind: 'bool', b: v };
  if (expand) {
    const placeholder = /(?<!\\)%([^%\s]+)%/.exec(v);
    if (placeholder) fail('unresolvedPlaceholder', { name: placeholder[0] });
    return { kind: 'str', s: parseSigmaString(v.replace(/\\%/g, '%')) };
  }
  return { kind: 'str', s: parseSigmaString(v) };
}

function asString(a: Alt, modifier: string): SigmaString {
  if (a.kind === 'str') return a.s;
  if (a.kind === 'num') return literal(String(a.n));
  if (a.kind === 'bool') return literal(String(a.b));
  if (a.kind === 'bytes') return misuse(`${modifier} cannot follow an encoding to bytes (utf16le, utf16be, utf16, wide); put base64 or base64offset after it.`);
  return misuse(`${modifier} cannot apply to null.`);
}

function bytesOf(a: Alt, modifier: string): Buffer {
  if (a.kind === 'bytes') return a.bytes;
  const s = asString(a, modifier);
  if (hasWildcards(s)) misuse(`${modifier} cannot encode a value with wildcards (* or ?).`);
  return Buffer.from(plainText(s), 'utf8');
}

function utf16be(text: string): Buffer {
  const le = Buffer.from(text, 'utf16le');
  for (let i = 0; i + 1 < le.length; i += 2) { const t = le[i]!; le[i] = le[i + 1]!; le[i + 1] = t; }
  return le;
}

function transform(a: Alt, m: string): Alt[] {
  switch (m) {
    case 'contains': { const s = asString(a, m); return [{ kind: 'str', s: concat(startsWithAny(s) ? literal('') : { parts: [ANY] }, s, endsWithAny(s) ? literal('') : { parts: [ANY] }) }]; }
    case 'startswith': { const s = asString(a, m); return [{ kind: 'str', s: endsWithAny(s) ? s : concat(s, { parts: [ANY] }) }]; }
    case 'endswith': { const s = asString(a, m); return [{ kind: 'str', s: startsWithAny(s) ? s : concat({ parts: [ANY] }, s) }]; }
    case 'windash': return windash(asString(a, m)).map((s) => ({ kind: 'str', s }));
    case 'base64': return [{ kind: 'str', s: literal(bytesOf(a, m).toString('base64')) }];
    case 'base64offset': return base64offset(bytesOf(a, m)).map((t) => ({ kind: 'str', s: literal(t) }));
    case 'utf16le': case 'wide': return [{ kind: 'bytes', bytes: Buffer.from(plainOf(a, m), 'utf16le') }];
    case 'utf16be': return [{ kind: 'bytes', bytes: utf16be(plainOf(a, m)) }];
    case 'utf16': return [{ kind: 'bytes', bytes: Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(plainOf(a, m), 'utf16le')]) }];
    default: return [a];
  }
}

function plainOf(a: Alt, m: string): string {
  const s = asString(a, m);
  if (hasWildcards(s)) misuse(`${m} cannot encode a value with wildcards (* or ?).`);
  return plainText(s);
}

const startsWithAny = (s: SigmaString): boolean => s.parts[0] === ANY;
const endsWithAny = (s: SigmaString): boolean => s.parts[s.parts.length - 1] === ANY;

/** Every permutation of the flag dashes of the literal runs (pySigma's windash). */
function windash(s: SigmaString): SigmaString[] {
  let variants: Part[][] = [[]];
  for (const part of s.parts) {
    if (typeof part !== 'string') { variants = variants.map((v) => [...v, part]); continue; }
    const pieces = part.split(WINDASH_AT);
    let texts = [pieces[0]!];
    for (const piece of pieces.slice(1)) {
      texts = texts.flatMap((t) => WINDASH.map((d) => t + d + piece));
      if (texts.length * variants.length > MAX_VARIANTS) fail('tooManyValues', { what: 'windash', limit: MAX_VARIANTS });
    }
    variants = variants.flatMap((v) => texts.map((t) => [...v, t]));
  }
  return variants.map((parts) => concat({ parts }));
}

/** The three base64 renderings of a value at offsets 0, 1 and 2 with the unstable edges cut (pySigma's base64offset). */
function base64offset(bytes: Buffer): string[] {
  const starts = [0, 2, 3];
  const ends = [undefined, -3, -2];
  const out: string[] = [];
  for (let i = 0; i < 3; i++) {
    const encoded = Buffer.concat([Buffer.alloc(i, 0x20), bytes]).toString('base64');
    out.push(encoded.slice(starts[i], ends[(bytes.length + i) % 3]));
  }
  return out;
}

/** A field's value as a number: numbers, and text that is a decimal number (not hex, not exponents). */
function numberOf(v: FieldValue): number | undefined {
  if (typeof v === 'number') return v;
  if (typeof v !== 'string' || !/^\s*-?\d+(\.\d+)?\s*$/.test(v)) return undefined;
  return Number(v);
}

/**
 * The text any field value an alternative matches must contain, lower case ('' when there is
 * none): a string's longest literal run; a number's decimal form (numberOf reads only
 * decimals, so a matching text contains it); a boolean's word.
 */
function atomText(a: Alt): string {
  switch (a.kind) {
    case 'str': return longestLiteral(a.s).toLowerCase();
    case 'num': return Number.isFinite(a.n) && Number.isInteger(a.n) && a.n >= 0 ? String(a.n) : '';
    case 'bool': return String(a.b);
    default: return '';
  }
}

/** The minute, hour, ... of a date value (UTC when the text names no zone). */
function datePart(v: FieldValue, part: string): number | undefined {
  const t = textOf(v);
  if (t === undefined) return undefined;
  const iso = t.trim().replace(' ', 'T');
  const ms = Date.parse(/[zZ]|[+-]\d\d:?\d\d$/.test(iso) ? iso : `${iso}Z`);
  if (!Number.isFinite(ms)) return undefined;
  const d = new Date(ms);
  switch (part) {
    case 'minute': return d.getUTCMinutes();
    case 'hour': return d.getUTCHours();
    case 'day': return d.getUTCDate();
    case 'month': return d.getUTCMonth() + 1;
    case 'year': return d.getUTCFullYear();
    default: {
      // ISO week number.
      const day = new Date(Date.UTC(d.getUTCFullYear(), d.getUTCMonth(), d.getUTCDate()));
      const dow = day.getUTCDay() || 7;
      day.setUTCDate(day.getUTCDate() + 4 - dow);
      const yearStart = Date.UTC(day.getUTCFullYear(), 0, 1);
      return Math.ceil(((day.getTime() - yearStart) / 86_400_000 + 1) / 7);
    }
  }
}

/** A test of one alternative against a field's value and its (possibly lower-cased) text. */
function altTest(a: Alt, cased: boolean, keyword: boolean): (v: FieldValue, text: string | undefined) => boolean {
  switch (a.kind) {
    case 'null': return (v) => v === undefined || v === null || v === '';
    case 'bool': { const want = String(a.b); return (v, t) => t !== undefined && (typeof v === 'boolean' ? v === a.b : t.toLowerCase() === want); }
    case 'num': {
      const text = String(a.n);
      if (keyword) return (_v, t) => t !== undefined && t.includes(text);
      return (v, t) => {
        if (typeof v === 'number') return v === a.n;
        if (t === undefined) return false;
        if (t === text) return true;
        const n = numberOf(t);
        return n !== undefined && n === a.n;
      };
    }
    case 'bytes': return misuse('utf16le, utf16be, utf16 and wide make bytes, which only base64 or base64offset can turn into a value.');
    case 'str': {
      const s = keyword ? concat(startsWithAny(a.s) ? literal('') : { parts: [ANY] }, a.s, endsWithAny(a.s) ? literal('') : { parts: [ANY] }) : a.s;
      const glob = globMatcher(s, cased);
      return (_v, t) => t !== undefined && glob(t);
    }
  }
}
