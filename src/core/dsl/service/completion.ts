// Completion for `.hunt` files, in two pure steps so the editor can fetch data in between:
// `completionContext(text, offset)` decides what belongs at the cursor (an item keyword, a
// category, a field, a value of a given field, a list, ...), then `completionItems(context,
// data)` lists the candidates, using observed values and counts when logs are loaded.

import { CATEGORIES, column } from '../../schema/columns';
import { resolveField } from '../../schema/aliases';
import type { Span } from '../../types/diagnostic';
import { tokens, type HuntSource } from './source';
import { lex, lineStartOf } from '../syntax/lexer';
import type { Token } from '../syntax/tokens';
import type { LoadedData } from './data';
import { allFieldNames, fieldInfo } from './fields';
import { analyticAt, listDecls, stepAt, stepDecls } from './locate';

export type CompletionKind = 'item' | 'category' | 'field' | 'stepField' | 'value' | 'list' | 'operator' | 'severity' | 'none';

export interface CompletionContext {
  readonly kind: CompletionKind;
  /** The text the chosen item replaces (the partly typed word, or an empty span at the cursor). */
  readonly replace: Span;
  /** For `value` and `list`: the field whose values belong here (as written). */
  readonly field?: string;
  /** For `stepField`: the step being read from. */
  readonly step?: string;
  /** Steps declared before the cursor in the enclosing analytic (reference targets). */
  readonly steps: readonly string[];
  /** Lists declared in the document. */
  readonly lists: readonly string[];
}

export type EntryKind = 'keyword' | 'field' | 'value' | 'step' | 'list' | 'category' | 'function' | 'operator' | 'snippet';

export interface CompletionEntry {
  readonly label: string;
  readonly kind: EntryKind;
  readonly detail?: string;
  readonly documentation?: string;
  /** Text to insert when it differs from the label; `$1`-style placeholders when `snippet`. */
  readonly insertText?: string;
  readonly snippet?: boolean;
  /** Sort key: values sort by count, most frequent first. */
  readonly sortText?: string;
}

const ITEM_KEYWORDS = ['step', 'optional step', 'absent step', 'sequence by', 'until', 'having', 'and', 'or', 'title', 'severity', 'attack', 'description', 'references', 'baseline first', 'baseline dataset', 'test', 'analytic', 'list'];
const FIELD_AFTER = new Set(['where', 'and', 'or', 'not', 'by']);
const COMPARE = new Set(['==', '!=', '<', '<=', '>', '>=']);
const FIELD_FUNCTIONS: readonly { name: string; snippet: string; doc: string }[] = [
  { name: 'cidr', snippet: 'cidr(${1:dst_ip}, "${2:10.0.0.0/8}")', doc: 'True when the address is in one of the CIDR ranges.' },
  { name: 'is_private', snippet: 'is_private(${1:dst_ip})', doc: 'True for RFC 1918, loopback and link-local addresses.' },
  { name: 'first_seen', snippet: 'first_seen(${1:host}, ${2:process_name}, ${3:dst_ip})', doc: 'True when this tuple of values does not occur in the baseline.' },
  { name: 'rare', snippet: 'rare(${1:host}, ${2:process_name}, ${3:3})', doc: 'True when the tuple occurs at most N times in the baseline.' },
];
const OPERATORS = ['==', '!=', '<', '<=', '>', '>=', 'in', 'not in', 'like', 'not like', 'matches', 'is null', 'is not null'];
const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'];

/** Decides what may be written at `offset`. */
export function completionContext(source: HuntSource, offset: number): CompletionContext {
  const { document, text } = source;
  const analytic = analyticAt(document, offset);
  const current = analytic ? stepAt(analytic, offset) : undefined;
  const steps = analytic ? stepDecls(analytic).filter((d) => d.span.end <= (current?.span.start ?? offset)).map((d) => d.name) : [];
  const lists = listDecls(document).map((d) => d.name);
  const base = { steps, lists };

  const before = text.slice(lineStartOf(text, offset), offset);
  // Strings, regexes and comments end with their line, so the line's tokens up to the cursor
  // say what the cursor is in (a quote count does not: `\"`, a quote in a regex or a comment).
  const lineTokens = lex(before).tokens.filter((t) => t.kind !== 'eof');
  const last = lineTokens[lineTokens.length - 1];
  const open = last?.kind === 'error' && last.span.end === before.length ? before[last.span.start] : undefined;
  if (open === '/' || /#|\/\//.test(before.slice(last?.span.end ?? 0))) return { ...base, kind: 'none', replace: { start: offset, end: offset } };
  // Inside a string being typed, the string so far is the partial.
  const partial = open === '"' ? before.slice(last!.span.start) : /[A-Za-z_@][\w@.\-]*$/.exec(before)?.[0] ?? '';
  const replace = { start: offset - partial.length, end: offset };

  const dot = partial.indexOf('.');
  if (dot > 0 && steps.includes(partial.slice(0, dot))) {
    return { ...base, kind: 'stepField', step: partial.slice(0, dot), replace: { start: replace.start + dot + 1, end: offset } };
  }
  if (before.slice(0, before.length - partial.length).trim() === '') return { ...base, kind: 'item', replace };

  const all = tokens(source).filter((t) => t.span.end <= replace.start);
  const p = all[all.length - 1];
  const pp = all[all.length - 2];
  if (!p) return { ...base, kind: 'item', replace };
  const word = p.kind === 'ident' ? String(p.value) : null;

  if (p.kind === 'op' && p.text === ':') return { ...base, kind: 'category', replace };
  if (p.kind === 'op' && COMPARE.has(p.text) && pp && isField(pp)) return { ...base, kind: 'value', field: fieldName(pp), replace };
  if (word === 'severity') return { ...base, kind: 'severity', replace };
  if ((word === 'in' || word === 'like') && pp) {
    const subject = pp.kind === 'ident' && pp.value === 'not' ? all[all.length - 3] : pp;
    if (subject && isField(subject)) return { ...base, kind: 'list', field: fieldName(subject), replace };
  }
  if (p.kind === 'op' && (p.text === '(' || p.text === ',')) {
    const open = unclosedParen(all);
    if (open !== undefined) {
      const head = all[open - 1];
      if (head?.kind === 'ident' && (head.value === 'in' || head.value === 'like')) {
        const subjectAt = all[open - 2]?.value === 'not' ? open - 3 : open - 2;
        const subject = all[subjectAt];
        if (subject && isField(subject)) return { ...base, kind: 'value', field: fieldName(subject), replace };
      }
      return { ...base, kind: 'field', replace };
    }
    if (p.text === ',' && sameLineHas(all, 'by')) return { ...base, kind: 'field', replace };
  }
  if (word !== null && FIELD_AFTER.has(word)) return { ...base, kind: 'field', replace };
  if (isField(p) && pp && (pp.kind === 'op' || (pp.kind === 'ident' && FIELD_AFTER.has(String(pp.value))))) {
    return { ...base, kind: 'operator', replace };
  }
  if (word !== null && (CATEGORIES as readonly string[]).includes(word) && pp?.text === ':') {
    return { ...base, kind: 'item', replace };
  }
  return { ...base, kind: 'none', replace };
}

/** The candidates for a context; `data` adds observed values and original fields. */
export function completionItems(context: CompletionContext, data: LoadedData = {}): CompletionEntry[] {
  switch (context.kind) {
    case 'item':
      return [...ITEM_KEYWORDS.map((k) => keyword(k)), keyword('where')];
    case 'category':
      return [
        ...[...CATEGORIES, 'any'].map((c): CompletionEntry => ({ label: c, kind: 'category', detail: c === 'any' ? 'every category' : 'event category', insertText: `${c} where ` })),
        { label: 'any of { … }', kind: 'snippet', detail: 'alternatives: the step matches if one of them does', insertText: 'any of {\n\t${1:first}: ${2:process} where $3\n\t| ${4:second}: ${5:service} where $6\n}', snippet: true },
      ];
    case 'field':
      return [
        ...fieldEntries(data),
        ...context.steps.map((s): CompletionEntry => ({ label: `${s}.`, kind: 'step', detail: 'reference to an earlier step', documentation: `Read a field of the event that matched step \`${s}\`.` })),
        ...FIELD_FUNCTIONS.map((f): CompletionEntry => ({ label: f.name, kind: 'function', documentation: f.doc, insertText: f.snippet, snippet: true })),
      ];
    case 'stepField':
      return fieldEntries(data);
    case 'value':
      return valueEntries(context.field!, data);
    case 'list':
      return [
        { label: '( … )', kind: 'snippet', insertText: '(${1})', snippet: true, detail: 'inline values' },
        ...[...new Set([...context.lists, ...(data.lists ?? [])])].map((l): CompletionEntry => ({ label: l, kind: 'list', detail: 'named list' })),
      ];
    case 'operator':
      return OPERATORS.map((o) => ({ label: o, kind: 'operator' as const }));
    case 'severity':
      return SEVERITIES.map((s, i) => ({ label: s, kind: 'keyword' as const, sortText: String(i) }));
    case 'none':
      return [];
  }
}

/** Both steps in one call, for callers that have the data up front (tests, the CLI). */
export function complete(source: HuntSource, offset: number, data: LoadedData = {}): { replace: Span; items: CompletionEntry[] } {
  const context = completionContext(source, offset);
  return { replace: context.replace, items: completionItems(context, data) };
}

function fieldEntries(data: LoadedData): CompletionEntry[] {
  const schema = allFieldNames().map((f): CompletionEntry => {
    const spec = column(f.column)!;
    return {
      label: f.name,
      kind: 'field',
      detail: f.family === 'canonical' ? `${spec.type}` : `→ ${f.column} (${f.family})`,
      documentation: spec.doc,
      insertText: /^[A-Za-z_@][\w@.\-]*$/.test(f.name) ? f.name : `\`${f.name}\``,
      sortText: f.family === 'canonical' ? `0${f.name}` : `1${f.name}`,
    };
  });
  const original = (data.originalFields ?? [])
    .filter((name) => !resolveField(name))
    .map((name): CompletionEntry => ({ label: name, kind: 'field', detail: 'original field (read from the raw record)', insertText: /^[A-Za-z_@][\w@\-]*$/.test(name) ? name : `\`${name}\``, sortText: `2${name}` }));
  return [...schema, ...original];
}

function valueEntries(field: string, data: LoadedData): CompletionEntry[] {
  const info = fieldInfo(field);
  const numeric = info?.column.type === 'integer';
  const observed = data.values?.[field] ?? [];
  const total = observed.reduce((n, v) => n + v.count, 0);
  const entries = observed
    .filter((v) => v.value !== null)
    .map((v, i): CompletionEntry => ({
      label: numeric ? String(v.value) : JSON.stringify(String(v.value)),
      kind: 'value',
      detail: `${v.count.toLocaleString('en-US')} events${total ? ` (${percent(v.count, total)})` : ''}`,
      sortText: String(i).padStart(5, '0'),
    }));
  const seen = new Set(entries.map((e) => e.label));
  const closed = (info?.column.values ?? [])
    .map((v) => JSON.stringify(v))
    .filter((label) => !seen.has(label))
    .map((label): CompletionEntry => ({ label, kind: 'value', detail: 'allowed value', sortText: `z${label}` }));
  return [...entries, ...closed];
}

function percent(count: number, total: number): string {
  const share = (100 * count) / total;
  return `${share < 1 ? share.toFixed(1) : Math.round(share)}%`;
}

function keyword(label: string): CompletionEntry {
  return { label, kind: 'keyword' };
}

function isField(token: Token): boolean {
  return token.kind === 'quoted' || (token.kind === 'ident' && !['and', 'or', 'not', 'where', 'in', 'like', 'is', 'null', 'true', 'false'].includes(String(token.value)));
}

/** A field token's name: a step reference `open.local_port` becomes its field `local_port`. */
function fieldName(token: Token): string {
  const name = String(token.value);
  if (token.kind === 'quoted' || resolveField(name)) return name;
  const dot = name.indexOf('.');
  return dot > 0 ? name.slice(dot + 1) : name;
}

/** Index of the innermost `(` not closed before the end of `all`. */
function unclosedParen(all: readonly Token[]): number | undefined {
  let depth = 0;
  for (let i = all.length - 1; i >= 0; i--) {
    const t = all[i]!;
    if (t.kind !== 'op') continue;
    if (t.text === ')') depth++;
    else if (t.text === '(') {
      if (depth === 0) return i;
      depth--;
    }
  }
  return undefined;
}

/** True when `word` appears among the tokens of the last line. */
function sameLineHas(all: readonly Token[], word: string): boolean {
  for (let i = all.length - 1; i >= 0; i--) {
    const t = all[i]!;
    if (t.kind === 'ident' && t.value === word) return true;
    if (t.lineStart) return false;
  }
  return false;
}
