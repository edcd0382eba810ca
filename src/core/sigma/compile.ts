// A Sigma detection rule → a compiled rule: per logsource branch, one predicate over an event
// and the prefilter atoms it implies. Search identifiers compile through modifiers.ts, the
// condition through condition.ts. Whatever cannot run becomes a coded diagnostic and the rule
// does not compile: a rule either runs exactly as written or is reported, never approximated.

import type { Span } from '../types/diagnostic';
import { identifierMatches, isConditionError, parseCondition, type Condition } from './condition';
import { sigmaDiag, type SigmaDiagnostic } from './diagnostics';
import { MapEvent, type Predicate } from './event';
import { spanIn } from './load';
import { describeLogsource, isWhere, logsourceBranches, type LogsourceBranch } from './logsource';
import { looseName } from '../raw/field';
import type { SigmaRule } from './model';
import { ANY_FIELD, compileItem, isProblem, type Atom } from './modifiers';

export interface CompiledBranch {
  readonly branch: LogsourceBranch;
  readonly predicate: Predicate;
  /** Necessary atoms: when defined, an event matching the rule satisfies at least one. */
  readonly atoms?: readonly Atom[];
}

export interface CompiledRule {
  readonly rule: SigmaRule;
  readonly branches: readonly CompiledBranch[];
}

export interface CompileResult {
  readonly compiled?: CompiledRule;
  readonly diagnostics: SigmaDiagnostic[];
}

interface Compiled {
  readonly predicate: Predicate;
  readonly atoms?: readonly Atom[];
}

const TRUE: Predicate = () => true;
const FALSE: Predicate = () => false;

/** The value the branch gives `field` on every event (names compared as records compare them), if it gives one. */
function constantOf(branch: LogsourceBranch, field: string): string | undefined {
  const constants = branch.constants;
  if (!constants) return undefined;
  const loose = looseName(field);
  return Object.entries(constants).find(([name]) => looseName(name) === loose)?.[1];
}

/** An item decided once for the branch: true needs nothing of the event; false no event can meet (no atom to find). */
function decided(passes: boolean): Compiled {
  return passes ? { predicate: TRUE } : { predicate: FALSE, atoms: [] };
}

/**
 * The cheaper and more selective of two necessary atom sets: atoms on named fields before
 * keyword atoms (which scan every field), then the longer shortest text, then fewer atoms.
 */
function better(a: readonly Atom[] | undefined, b: readonly Atom[] | undefined): readonly Atom[] | undefined {
  if (!a) return b;
  if (!b) return a;
  const anyA = a.some((x) => x.field === ANY_FIELD);
  const anyB = b.some((x) => x.field === ANY_FIELD);
  if (anyA !== anyB) return anyA ? b : a;
  const shortest = (s: readonly Atom[]): number => Math.min(...s.map((x) => x.text.length));
  const sa = Math.min(shortest(a), 8);
  const sb = Math.min(shortest(b), 8);
  if (sa !== sb) return sa > sb ? a : b;
  return a.length <= b.length ? a : b;
}

function conjunction(parts: readonly Compiled[]): Compiled {
  if (parts.length === 0) return { predicate: TRUE };
  const predicates = parts.map((p) => p.predicate);
  const atoms = parts.reduce<readonly Atom[] | undefined>((best, p) => better(best, p.atoms), undefined);
  const predicate: Predicate = predicates.length === 1 ? predicates[0]! : (e) => { for (const p of predicates) if (!p(e)) return false; return true; };
  return atoms ? { predicate, atoms } : { predicate };
}

function disjunction(parts: readonly Compiled[]): Compiled {
  const predicates = parts.map((p) => p.predicate);
  const atoms = parts.every((p) => p.atoms) ? parts.flatMap((p) => p.atoms!) : undefined;
  const predicate: Predicate = predicates.length === 1 ? predicates[0]! : (e) => { for (const p of predicates) if (p(e)) return true; return false; };
  return atoms ? { predicate, atoms } : { predicate };
}

class RuleError extends Error {
  constructor(readonly diagnostic: SigmaDiagnostic) {
    super(diagnostic.message);
  }
}

export function compileRule(rule: SigmaRule): CompileResult {
  const { origin } = rule;
  const report = (d: SigmaDiagnostic): never => { throw new RuleError(d); };
  const at = (needle: string): Span => spanIn(origin, needle);
  try {
    const branches = logsourceBranches(rule.logsource);
    if (!branches) return report(sigmaDiag('unsupportedLogsource', origin.file, at('logsource'), { logsource: describeLogsource(rule.logsource) }, rule.id));
    const conditions = parseConditions(rule, report);
    const compiled = branches.map((branch): CompiledBranch => {
      const identifiers = new Map<string, Compiled>();
      for (const [name, value] of Object.entries(rule.detection)) {
        if (name === 'condition' || name === 'timeframe') continue;
        identifiers.set(name, searchIdentifier(rule, name, value, branch, report));
      }
      const body = disjunction(conditions.map((c) => conditionOf(rule, c.ast, c.offset, identifiers, report)));
      const predicate: Predicate = branch.where ? (e) => isWhere(branch, e) && body.predicate(e) : body.predicate;
      return body.atoms ? { branch, predicate, atoms: body.atoms } : { branch, predicate };
    });
    if (rule.detection.timeframe !== undefined) report(sigmaDiag('aggregation', origin.file, at('timeframe'), { detail: '`timeframe` (Sigma 1)' }, rule.id));
    return { compiled: { rule, branches: compiled }, diagnostics: [] };
  } catch (error) {
    if (error instanceof RuleError) return { diagnostics: [error.diagnostic] };
    throw error;
  }
}

function parseConditions(rule: SigmaRule, report: (d: SigmaDiagnostic) => never): { ast: Condition; offset: number }[] {
  const raw = rule.detection.condition;
  const list = Array.isArray(raw) ? raw : [raw];
  return list.map((c) => {
    const text = typeof c === 'string' ? c : report(sigmaDiag('conditionSyntax', rule.origin.file, spanIn(rule.origin, 'condition'), { condition: JSON.stringify(c), detail: 'a condition is a string' }, rule.id));
    const where = spanIn(rule.origin, text);
    const ast = parseCondition(text);
    if (isConditionError(ast)) {
      const span = { start: where.start + ast.span.start, end: where.start + Math.max(ast.span.end, ast.span.start + 1) };
      report(ast.kind === 'aggregation'
        ? sigmaDiag('aggregation', rule.origin.file, span, { detail: ast.error }, rule.id)
        : sigmaDiag('conditionSyntax', rule.origin.file, span, { condition: JSON.stringify(text), detail: ast.error }, rule.id));
    }
    return { ast: ast as Condition, offset: where.start };
  });
}

function conditionOf(rule: SigmaRule, c: Condition, offset: number, identifiers: ReadonlyMap<string, Compiled>, report: (d: SigmaDiagnostic) => never): Compiled {
  const file = rule.origin.file;
  switch (c.kind) {
    case 'id': {
      const found = identifiers.get(c.name);
      if (!found) report(sigmaDiag('unknownIdentifier', file, { start: offset + c.span.start, end: offset + c.span.end }, { name: c.name }, rule.id));
      return found!;
    }
    case 'of': {
      // `them` and patterns alike leave out identifiers starting with `_` (Sigma 2: a pattern is
      // "same as 1/all of them, but restricted to matching search identifiers"; pySigma too).
      const names = [...identifiers.keys()].filter((n) => !n.startsWith('_') && (c.pattern === null || identifierMatches(c.pattern, n)));
      if (names.length === 0) report(sigmaDiag('unknownIdentifier', file, { start: offset + c.span.start, end: offset + c.span.end }, { name: c.pattern ?? 'them' }, rule.id));
      const parts = names.map((n) => identifiers.get(n)!);
      return c.all ? conjunction(parts) : disjunction(parts);
    }
    case 'not': {
      const inner = conditionOf(rule, c.expr, offset, identifiers, report).predicate;
      return { predicate: (e) => !inner(e) };
    }
    case 'and': return conjunction([conditionOf(rule, c.left, offset, identifiers, report), conditionOf(rule, c.right, offset, identifiers, report)]);
    case 'or': return disjunction([conditionOf(rule, c.left, offset, identifiers, report), conditionOf(rule, c.right, offset, identifiers, report)]);
  }
}

const isMap = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

function searchIdentifier(rule: SigmaRule, name: string, value: unknown, branch: LogsourceBranch, report: (d: SigmaDiagnostic) => never): Compiled {
  const mapField = (field: string): string => branch.fields?.[field] ?? field;
  const item = (key: string, v: unknown): Compiled => {
    const [field, ...modifiers] = key.split('|');
    const compiled = compileItem(field === '' ? undefined : field, modifiers.map((m) => m.trim()), v, mapField);
    if (isProblem(compiled)) return report(sigmaDiag(compiled.name, rule.origin.file, spanIn(rule.origin, key), compiled.args, rule.id));
    const constant = field === undefined ? undefined : constantOf(branch, field);
    return constant === undefined ? compiled : decided(compiled.predicate(MapEvent.of({ [field!]: constant })));
  };
  // An empty map would be an empty AND, true for every event; pySigma refuses it ("Detection is empty").
  const map = (m: Record<string, unknown>): Compiled => {
    if (Object.keys(m).length === 0) report(sigmaDiag('badValue', rule.origin.file, spanIn(rule.origin, name), { detail: `Search identifier ${name} has an empty map.` }, rule.id));
    return conjunction(Object.entries(m).map(([k, v]) => item(k, v)));
  };
  if (isMap(value)) return map(value);
  if (Array.isArray(value)) {
    if (value.length === 0) report(sigmaDiag('badValue', rule.origin.file, spanIn(rule.origin, name), { detail: `Search identifier ${name} is an empty list.` }, rule.id));
    const maps = value.filter(isMap);
    const keywords = value.filter((v) => !isMap(v));
    const parts = maps.map(map);
    if (keywords.length) parts.push(item('', keywords));
    return disjunction(parts);
  }
  if (typeof value === 'string' || typeof value === 'number') return item('', [value]);
  return report(sigmaDiag('badValue', rule.origin.file, spanIn(rule.origin, name), { detail: `Search identifier ${name} must be a map, a list of maps, or a list of keywords.` }, rule.id));
}
