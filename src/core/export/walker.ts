// The one walker over a checked analytic that every target shares. It resolves names (fields to
// canonical columns, `step.field` to references, list names to their values) and renders a
// `where` expression through a target's Dialect: a table of tokens and templates.
//
// Honest translation: when a dialect cannot express a leaf (a reference to an earlier step, an
// unmapped field, a function), the leaf is dropped *towards a superset*: a dropped leaf counts
// as true, and as false under a `not` (so `not (a and X)` is dropped whole, never `not a`); an
// `or` containing a true one, an `and` containing a false one, is dropped whole. The query then
// matches every event the analytic matches, and more; each dropped construct is reported
// (HUNT4xxx, with its span), and the exporter lists the reports after the query as the
// post-filters to apply. A condition whose events remove chains (an absent step, `until`) is
// rendered the other way round: fewer removals keep the chains a superset.

import { diag, type CodeName } from '../dsl/diagnosticCodes';
import { resolveName, type FieldTarget, type StepScope } from '../dsl/semantics/resolve';
import type { Value } from '../dsl/semantics/values';
import { column } from '../schema/columns';
import type * as A from '../dsl/syntax/ast';
import { walk } from '../dsl/syntax/visit';
import type { ExportContext } from './model';

export type Scalar = string | number | boolean | null;

/** An operand as the dialect sees it: a target field, a reference or a literal. */
export type Term =
  | { readonly kind: 'field'; readonly column: string; readonly text: string }
  | { readonly kind: 'ref'; readonly step: string; readonly column: string; readonly text: string }
  | { readonly kind: 'value'; readonly value: Scalar };

/** A leaf the dialect cannot express: why, for the diagnostic. */
export interface Unsupported {
  readonly unsupported: string;
  readonly code?: CodeName;
}
/** A leaf the target's log source already decides (Sigma's process_creation: every event is a start). */
export interface Decided {
  readonly decided: boolean;
  /** Reported when set: a condition the log source makes false changes what the step can match. */
  readonly because?: string;
}
export type Rendered = string | Unsupported | Decided;

export interface Dialect {
  readonly target: string;
  readonly and: string;
  readonly or: string;
  /** Put before each top-level `and` so every conjunct has its own line (diff-friendly output). */
  readonly lineBreak?: string;
  not(text: string): string;
  group(text: string): string;
  constant(value: boolean): string;
  /** The target field of a canonical column (or an original field's name); null when unmapped. */
  field(target: FieldTarget): string | null;
  /** A reference to an earlier step's field; null when the target cannot carry values between steps. */
  ref(step: string, target: FieldTarget): string | null;
  compare(left: Term, op: A.CompareOp, right: Term): Rendered;
  in(subject: Term, values: readonly Term[], negated: boolean): Rendered;
  like(subject: Term, patterns: readonly string[], negated: boolean): Rendered;
  matches(subject: Term, regex: A.RegexLit, negated: boolean): Rendered;
  isNull(subject: Term, negated: boolean): Rendered;
  call(fn: string, args: readonly Term[]): Rendered;
}

type Result =
  | { readonly kind: 'text'; readonly text: string; readonly atom: boolean }
  | { readonly kind: 'const'; readonly value: boolean }
  | { readonly kind: 'dropped' };

export interface RenderOutput {
  /** The rendered condition; null when nothing constrains (every leaf dropped or always true). */
  readonly text: string | null;
}

/** Names of the steps of an analytic, in order, and the scope in force in each. */
export function stepScopes(sequence: A.Sequence): Map<A.Step, StepScope> {
  const all = new Set(sequence.steps.flatMap((s) => (s.name ? [s.name.name] : [])));
  const earlier = new Set<string>();
  const scopes = new Map<A.Step, StepScope>();
  for (const step of sequence.steps) {
    scopes.set(step, { earlier: new Set(earlier), all });
    if (step.name) earlier.add(step.name.name);
  }
  return scopes;
}

export const stepName = (step: A.Step, index: number): string => step.name?.name ?? `step${index + 1}`;

export function report(ctx: ExportContext, code: CodeName, node: { span: A.Node['span'] }, target: string, detail: string): void {
  ctx.report(diag(code, node.span, { target, detail }));
}

/** Top-level `and` operands of an expression. */
export function conjuncts(expr: A.Expr | null): A.Expr[] {
  if (!expr) return [];
  return expr.kind === 'Logical' && expr.op === 'and' ? [...conjuncts(expr.left), ...conjuncts(expr.right)] : [expr];
}

export function isBaselineCall(expr: A.Expr): expr is A.Call {
  return expr.kind === 'Call' && (expr.fn.name === 'first_seen' || expr.fn.name === 'rare');
}

/** Canonical column (or original field name) of a field operand, ignoring step references. */
export function columnOf(field: A.Field): string {
  const t = resolveName(field, { earlier: new Set(), all: new Set() });
  return t.kind === 'column' ? t.column : t.kind === 'raw' ? t.name : field.name;
}

const scalar = (v: Value): Scalar => (v === undefined || v instanceof Uint8Array ? null : v);

/**
 * Values as the target compares them with the subject's column: numbers for an integer column
 * (list files hold text: `135`), and the target's word where the mapping translates a closed
 * vocabulary (ECS `network.direction`: inbound -> ingress). A value the vocabulary lacks
 * cannot be carried.
 */
function prepare(mapping: ExportContext['mapping'], subject: Term, values: readonly Term[]): Term[] | Unsupported {
  if (subject.kind === 'value') return [...values];
  const numeric = column(subject.column)?.type === 'integer';
  const vocabulary = mapping.values?.[subject.column];
  const out: Term[] = [];
  for (const v of values) {
    if (v.kind !== 'value' || typeof v.value !== 'string') { out.push(v); continue; }
    if (numeric && /^-?\d+$/.test(v.value.trim())) { out.push({ kind: 'value', value: Number(v.value) }); continue; }
    const word = vocabulary ? vocabulary[v.value.toLowerCase()] : v.value;
    if (word === undefined) return { unsupported: `the value "${v.value}" of ${subject.column} has no equivalent in the target's vocabulary; the condition is left to a post-filter.`, code: 'exportField' };
    if (!out.some((o) => o.kind === 'value' && o.value === word)) out.push({ kind: 'value', value: word });
  }
  return out;
}

/**
 * Renders `expr` (null = no condition) through the dialect. `skip` leaves out top-level
 * conjuncts a target handles at step level (baselines in KQL). `removes`: the events the
 * condition matches remove chains (an absent step, `until`), so a dropped leaf counts as false.
 */
export function renderWhere(ctx: ExportContext, dialect: Dialect, expr: A.Expr | null, scope: StepScope, skip: ReadonlySet<A.Expr> = new Set(), removes = false): RenderOutput {
  const drop = (node: A.Expr, code: CodeName, detail: string): Result => {
    report(ctx, code, node, dialect.target, detail);
    return { kind: 'dropped' };
  };
  const term = (op: A.Operand): Term | Unsupported => {
    if (op.kind === 'Field') {
      const r = resolveName(op, scope);
      if (r.kind === 'ref' || r.kind === 'laterRef') {
        const text = dialect.ref(r.step, r.target);
        return text === null
          ? { unsupported: `\`${op.name}\` reads a value carried from step ${r.step}, which this target cannot refer to; the condition is left to a post-filter.`, code: 'exportReference' }
          : { kind: 'ref', step: r.step, column: r.target.kind === 'column' ? r.target.column : r.target.name, text };
      }
      const text = dialect.field(r);
      const column = r.kind === 'column' ? r.column : r.name;
      return text === null ? { unsupported: `field ${column} has no equivalent in the target mapping; the condition is left to a post-filter.`, code: 'exportField' } : { kind: 'field', column, text };
    }
    if (op.kind === 'Call') return { unsupported: `a function as an operand is not supported.`, code: 'exportOperator' };
    return { kind: 'value', value: op.kind === 'Null' ? null : op.value };
  };
  const leaf = (node: A.Expr, operands: readonly A.Operand[], build: (terms: Term[]) => Rendered): Result => {
    const terms: Term[] = [];
    for (const op of operands) {
      const t = term(op);
      if ('unsupported' in t) return drop(node, t.code ?? 'exportOperator', t.unsupported);
      terms.push(t);
    }
    const out = build(terms);
    if (typeof out === 'string') return { kind: 'text', text: out, atom: false };
    if (!('decided' in out)) return drop(node, out.code ?? 'exportOperator', out.unsupported);
    if (out.because) report(ctx, 'exportField', node, dialect.target, out.because);
    return { kind: 'const', value: out.decided };
  };
  const withValues = (subject: Term, values: readonly Term[], then: (values: Term[]) => Rendered): Rendered => {
    const out = prepare(ctx.mapping, subject, values);
    return 'unsupported' in out ? out : then(out);
  };
  const listValues = (name: A.Ident): Scalar[] => (ctx.file.lists.get(name.name) ?? []).map(scalar);
  const wrap = (r: Result): string => (r.kind === 'text' ? (r.atom ? r.text : dialect.group(r.text)) : '');

  // `dropsTrue`: a dropped leaf here stands for true (false under an odd number of `not`s).
  const visit = (e: A.Expr, dropsTrue: boolean): Result => {
    switch (e.kind) {
      case 'Logical': {
        const parts = [visit(e.left, dropsTrue), visit(e.right, dropsTrue)];
        if (e.op === 'or' && parts.some((p) => p.kind === 'const' && p.value)) return { kind: 'const', value: true };
        if (e.op === 'and' && parts.some((p) => p.kind === 'const' && !p.value)) return { kind: 'const', value: false };
        const dropped = parts.some((p) => p.kind === 'dropped');
        // A true operand decides an `or`, a false one an `and`: the whole expression goes.
        if (dropped && dropsTrue === (e.op === 'or')) return { kind: 'dropped' };
        const texts = parts.filter((p): p is Extract<Result, { kind: 'text' }> => p.kind === 'text');
        if (texts.length === 0) return dropped ? { kind: 'dropped' } : { kind: 'const', value: e.op === 'and' };
        if (texts.length === 1) return texts[0]!;
        return { kind: 'text', text: texts.map(wrap).join(` ${e.op === 'and' ? dialect.and : dialect.or} `), atom: false };
      }
      case 'Not': {
        const inner = visit(e.operand, !dropsTrue);
        if (inner.kind === 'dropped') return inner;
        if (inner.kind === 'const') return { kind: 'const', value: !inner.value };
        return { kind: 'text', text: dialect.not(wrap(inner)), atom: true };
      }
      case 'Compare':
        return leaf(e, [e.left, e.right], ([l, r]) => withValues(l!, [r!], ([v]) => dialect.compare(l!, e.op, v!)));
      case 'In': {
        if (e.list) {
          const values = listValues(e.list).map((value): Term => ({ kind: 'value', value }));
          if (values.length === 0) return { kind: 'const', value: e.negated };
          return leaf(e, [e.subject], ([s]) => withValues(s!, values, (vs) => dialect.in(s!, vs, e.negated)));
        }
        if (!e.values?.length) return { kind: 'const', value: e.negated };
        return leaf(e, [e.subject, ...e.values], ([s, ...vs]) => withValues(s!, vs, (ws) => dialect.in(s!, ws, e.negated)));
      }
      case 'Like': {
        const patterns = e.list ? listValues(e.list).map(String) : (e.patterns ?? []).map((p) => p.value);
        if (patterns.length === 0) return { kind: 'const', value: e.negated };
        return leaf(e, [e.subject], ([s]) => dialect.like(s!, patterns, e.negated));
      }
      case 'Matches':
        return leaf(e, [e.subject], ([s]) => dialect.matches(s!, e.regex, e.negated));
      case 'IsNull':
        return leaf(e, [e.subject], ([s]) => dialect.isNull(s!, e.negated));
      case 'Call':
        return leaf(e, e.args, (args) => dialect.call(e.fn.name, args));
      case 'Field':
        return drop(e, 'exportOperator', 'a bare field as a condition is not supported.');
      default:
        return { kind: 'const', value: e.kind === 'Bool' ? e.value : false };
    }
  };

  const results = conjuncts(expr).filter((c) => !skip.has(c)).map((c) => visit(c, !removes));
  if (results.some((r) => (r.kind === 'const' && !r.value) || (removes && r.kind === 'dropped'))) return { text: dialect.constant(false) };
  const texts = results.filter((r): r is Extract<Result, { kind: 'text' }> => r.kind === 'text');
  const joiner = dialect.lineBreak ? `${dialect.lineBreak}${dialect.and} ` : ` ${dialect.and} `;
  const text = texts.length === 0 ? null : texts.length === 1 ? texts[0]!.text : texts.map(wrap).join(joiner);
  return { text };
}

/** Canonical columns (or original field names) a node reads: its own, and through references unless `ownOnly`. */
export function columnsUsed(node: A.Node, steps: ReadonlySet<string>, ownOnly = false): Set<string> {
  const out = new Set<string>();
  walk(node, {
    enter(n) {
      if (n.kind !== 'Field') return;
      const r = resolveName(n, { earlier: steps, all: steps });
      if (ownOnly && r.kind === 'ref') return;
      const t = r.kind === 'ref' || r.kind === 'laterRef' ? r.target : r;
      out.add(t.kind === 'column' ? t.column : t.name);
    },
  });
  return out;
}

/** True when a node reads a field of an earlier step (`opened.local_ports`). */
export function readsEarlierSteps(node: A.Node | null, scope: StepScope): boolean {
  let found = false;
  if (node) walk(node, { enter: (n) => { if (n.kind === 'Field' && resolveName(n, scope).kind === 'ref') found = true; } });
  return found;
}
