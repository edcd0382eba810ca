// An analytic compiled for the matcher: metadata, the join key, windows, and per step (and
// per alternative) the SQL prefilter, a local JS predicate (reads only the event itself) and
// a link predicate (reads earlier steps' events, evaluated while a chain is extended).
// Input is a checked analytic: compile assumes names and types were checked and does not
// report; what it cannot make sense of compiles to "never matches".

import type { Severity } from '../../types/chain';
import type * as A from '../syntax/ast';
import { walk } from '../syntax/visit';
import { fieldTarget, resolveName, rowKey, sigmaKey, type FieldTarget, type StepScope } from '../semantics/resolve';
import { compilePredicate, usesRefs, type ListValues, type Predicate } from './predicate';
import { exprSql, selectionSql, type SqlFilter } from './sql';
import { columnarTest, hasBaseline, type ColumnarTest } from './columnar';

export interface AlternativePlan {
  /** The alternative's name, or null for a plain step. */
  readonly name: string | null;
  readonly filter: SqlFilter;
  readonly local: Predicate;
  /**
   * What `local` tests beyond what `filter` says exactly: enough for a row that was read by
   * this alternative's filter alone (the rest was tested inside SQLite already).
   */
  readonly residual: Predicate;
  /** Null when the selection reads no earlier step. */
  readonly link: Predicate | null;
  /** True when the selection uses first_seen()/rare(). */
  readonly baseline: boolean;
  /**
   * `local` as a test on the store's in-memory columns (columnar.ts); null when the selection
   * reads what they never hold (original fields, Sigma matches).
   */
  readonly columnar: ColumnarTest | null;
}

export interface ThresholdPlan {
  readonly count: ((n: number) => boolean) | null;
  readonly distinct: readonly { readonly key: string; readonly test: (n: number) => boolean }[];
  /** The fewest events a burst can have: the first n that the count and the distinct counts (at most n) allow. */
  readonly atLeast: number;
  /** Sub-window in ms; null = the sequence window. */
  readonly within: number | null;
}

export interface StepPlan {
  readonly name: string;
  readonly mode: A.StepMode;
  /** Row keys of the per-step join fields. */
  readonly by: readonly string[];
  readonly gap: number | null;
  readonly within: number | null;
  readonly alternatives: readonly AlternativePlan[];
  readonly threshold: ThresholdPlan | null;
  /**
   * The columns this step's candidates are read with: what its own selection, keys and
   * threshold read, what later steps read from it by reference, the join key, id, ts and
   * category (predicates test it).
   */
  readonly columns: readonly string[];
  /**
   * What the search reads from a candidate once its own conditions are decided (in the store's
   * columns: match/columnarCandidates.ts): id, ts, category, the join and step keys, the
   * threshold's fields, and the fields its references read, in its row and in earlier steps',
   * and later steps read from it. A subset of `columns`.
   */
  readonly searchColumns: readonly string[];
}

export interface AnalyticPlan {
  readonly id: string;
  readonly title: string;
  readonly severity: Severity;
  readonly attack: readonly string[];
  /** Global join key: field names as written, and the row keys to read them from. */
  readonly by: readonly { readonly name: string; readonly key: string }[];
  readonly within: number | null;
  /** Clock tolerance in ms (0 = strict order). */
  readonly slack: number;
  /** Chains of one key this close (ms) merge into one episode; null = no merging. */
  readonly merge: number | null;
  readonly steps: readonly StepPlan[];
  readonly until: AlternativePlan | null;
  readonly baseline: A.Baseline | null;
  /** Original fields any step reads: selected as `raw_field(id, name)` with every candidate. */
  readonly rawFields: readonly string[];
  /** Sigma rules any step names in sigma("…"): whether each matched is selected with every candidate. */
  readonly sigmaRules: readonly string[];
  /** Every column any step reads (the `until` selection is read with these). */
  readonly columns: readonly string[];
}

const SEVERITIES: readonly Severity[] = ['informational', 'low', 'medium', 'high', 'critical'];

export function metaText(analytic: A.Analytic, key: A.MetaKey): string[] {
  return analytic.meta
    .filter((m) => m.key === key)
    .flatMap((m) => m.values.map((v) => (v.kind === 'String' ? v.value : v.name)));
}

export function compileAnalytic(analytic: A.Analytic, lists: ListValues): AnalyticPlan {
  const sequence = analytic.sequence;
  const steps = sequence?.steps ?? [];
  const allNames = new Set(steps.flatMap((s) => (s.name ? [s.name.name] : [])));
  const planned: StepPlan[] = [];
  const earlier = new Set<string>();
  const byKeys = (sequence?.by ?? []).map((f) => fieldTarget(f.name)).flatMap((t) => (t.kind === 'column' ? [t.column as string] : []));
  const stepColumns = stepColumnSets(steps, allNames, byKeys);
  for (const step of steps) {
    const scope: StepScope = { earlier: new Set(earlier), all: allNames };
    planned.push(compileStep(step, scope, lists, stepColumns.get(step) ?? { all: [], search: [] }));
    if (step.name) earlier.add(step.name.name);
  }
  const severity = metaText(analytic, 'severity')[0]?.toLowerCase() as Severity | undefined;
  const untilScope: StepScope = { earlier: new Set(), all: new Set() };
  return {
    id: analytic.id?.value ?? '',
    title: metaText(analytic, 'title')[0] ?? analytic.id?.value ?? '',
    severity: severity && SEVERITIES.includes(severity) ? severity : 'medium',
    attack: metaText(analytic, 'attack'),
    by: (sequence?.by ?? []).map((f) => ({ name: f.name, key: rowKey(fieldTarget(f.name)) })),
    within: sequence?.within?.ms ?? null,
    slack: sequence?.slack?.ms ?? 0,
    merge: sequence?.merge?.ms ?? null,
    steps: planned,
    until: sequence?.until ? compileSelection(sequence.until, null, untilScope, lists) : null,
    baseline: analytic.baseline,
    rawFields: collectFields(analytic, allNames, 'raw'),
    sigmaRules: sigmaRulesOf(analytic),
    columns: ['id', 'ts', 'category', ...collectFields(analytic, allNames, 'column').filter((c) => c !== 'id' && c !== 'ts' && c !== 'category')],
  };
}

/**
 * Per step, the columns read from its events (by itself, or by later steps through references),
 * and of them what the search reads (StepPlan.searchColumns).
 */
function stepColumnSets(steps: readonly A.Step[], allNames: ReadonlySet<string>, byKeys: readonly string[]): Map<A.Step, { all: string[]; search: string[] }> {
  const start = (): Set<string> => new Set(['id', 'ts', 'category', ...byKeys]);
  const all = new Map<A.Step, Set<string>>(steps.map((s) => [s, start()]));
  const search = new Map<A.Step, Set<string>>(steps.map((s) => [s, start()]));
  const byName = new Map(steps.flatMap((s) => (s.name ? [[s.name.name, s] as const] : [])));
  const earlier = new Set<string>();
  for (const step of steps) {
    const scope: StepScope = { earlier: new Set(earlier), all: allNames };
    const note = (part: A.Node, into: Map<A.Step, Set<string>>): void => walk(part, {
      enter(node) {
        if (node.kind !== 'Field') return;
        const r = resolveName(node, scope);
        if (r.kind === 'column') into.get(step)!.add(r.column);
        else if ((r.kind === 'ref' || r.kind === 'laterRef') && r.target.kind === 'column') {
          const target = byName.get(r.step);
          if (target) into.get(target)!.add(r.target.column);
        }
      },
    });
    for (const part of [...step.by, step.body, step.having]) if (part) note(part, all);
    const links = selectionsOf(step.body).flatMap((selection) => conjunctsOf(selection).filter((c) => usesRefs(c, scope)));
    for (const part of [...step.by, step.having, ...links]) if (part) note(part, search);
    if (step.name) earlier.add(step.name.name);
  }
  return new Map(steps.map((s) => [s, { all: [...all.get(s)!], search: [...search.get(s)!] }]));
}

/** The selections of a step's body: its alternatives', or itself. */
function selectionsOf(body: A.Step['body']): A.Selection[] {
  if (!body) return [];
  return body.kind === 'Alternatives' ? body.options.flatMap((o) => (o.selection ? [o.selection] : [])) : [body];
}

/** The conjuncts of a selection's condition (its top-level `and`s split). */
function conjunctsOf(selection: A.Selection): A.Expr[] {
  const conjuncts: A.Expr[] = [];
  const split = (e: A.Expr): void => {
    if (e.kind === 'Logical' && e.op === 'and') { split(e.left); split(e.right); } else conjuncts.push(e);
  };
  if (selection.where) split(selection.where);
  return conjuncts;
}

function compileStep(step: A.Step, scope: StepScope, lists: ListValues, columns: { all: readonly string[]; search: readonly string[] }): StepPlan {
  const body = step.body;
  const alternatives = !body
    ? []
    : body.kind === 'Alternatives'
      ? body.options.flatMap((o) => (o.selection ? [compileSelection(o.selection, o.name.name, scope, lists)] : []))
      : [compileSelection(body, null, scope, lists)];
  return {
    name: step.name?.name ?? '',
    mode: step.mode,
    by: step.by.map((f) => rowKey(fieldTarget(f.name))),
    gap: step.gap?.ms ?? null,
    within: step.within?.ms ?? null,
    alternatives,
    threshold: step.having ? compileHaving(step.having) : null,
    columns: columns.all,
    searchColumns: columns.search,
  };
}

/** Splits the top-level conjunction: conjuncts that read earlier steps go to the link predicate. */
function compileSelection(selection: A.Selection, name: string | null, scope: StepScope, lists: ListValues): AlternativePlan {
  const conjuncts = conjunctsOf(selection);
  const compileScope = { steps: scope, lists };
  // The category is part of the predicate, not only of the SQL filter: a step's alternatives
  // are read in one query and each row is judged by every alternative's predicate.
  const category = selection.category.name.toLowerCase();
  const ofCategory: Predicate[] = category === 'any' ? [] : [(env) => env.row.category === category];
  const own = conjuncts.filter((c) => !usesRefs(c, scope));
  const local = [...ofCategory, ...own.map((c) => compilePredicate(c, compileScope))];
  // The filter ANDs every conjunct it can write; those it writes exactly need no second test.
  const residual = own.filter((c) => !exprSql(c, compileScope)?.exact).map((c) => compilePredicate(c, compileScope));
  const link = conjuncts.filter((c) => usesRefs(c, scope)).map((c) => compilePredicate(c, compileScope));
  const baseline = selection.where ? hasBaseline(selection.where) : false;
  const filter = selectionSql(selection, compileScope);
  return {
    name,
    filter,
    local: all(local),
    residual: all(residual),
    link: link.length ? all(link) : null,
    baseline,
    columnar: columnarTest(filter.categories ?? null, own, compileScope),
  };
}

function all(predicates: Predicate[]): Predicate {
  if (predicates.length === 0) return () => true;
  if (predicates.length === 1) return predicates[0]!;
  return (env) => predicates.every((p) => p(env));
}

function numberTest(op: A.CompareOp, value: number): (n: number) => boolean {
  switch (op) {
    case '==': return (n) => n === value;
    case '!=': return (n) => n !== value;
    case '<': return (n) => n < value;
    case '<=': return (n) => n <= value;
    case '>': return (n) => n > value;
    case '>=': return (n) => n >= value;
  }
}

function compileHaving(having: A.Having): ThresholdPlan {
  let count: ((n: number) => boolean) | null = null;
  const distinct: { key: string; test: (n: number) => boolean }[] = [];
  for (const c of having.conditions) {
    const test = numberTest(c.op, c.value?.value ?? 0);
    if (c.fn === 'count') count = test;
    else if (c.field) distinct.push({ key: rowKey(fieldTarget(c.field.name)), test });
  }
  return { count, distinct, atLeast: fewestEvents(count, distinct.map((d) => d.test)), within: having.within?.ms ?? null };
}

/** Bursts are looked for up to this size when working out the fewest events; a larger bound is still a bound. */
const BURST_SIZES = 100_000;

function fewestEvents(count: ((n: number) => boolean) | null, distinct: readonly ((n: number) => boolean)[]): number {
  // A burst of n events has between 1 and n distinct values of a field.
  const reached = distinct.map(() => false);
  for (let n = 1; n < BURST_SIZES; n++) {
    distinct.forEach((test, i) => { reached[i] ||= test(n); });
    if ((count?.(n) ?? true) && reached.every(Boolean)) return n;
  }
  return BURST_SIZES;
}

/** Every column (or original field) the sequence reads, including through references. */
function collectFields(analytic: A.Analytic, steps: ReadonlySet<string>, kind: FieldTarget['kind']): string[] {
  const names = new Set<string>();
  const scope: StepScope = { earlier: steps, all: steps };
  const add = (t: FieldTarget): void => {
    if (t.kind === kind) names.add(t.kind === 'raw' ? t.name : t.column);
  };
  if (analytic.sequence) {
    walk(analytic.sequence, {
      enter(node) {
        if (node.kind !== 'Field') return;
        const r = resolveName(node, scope);
        add(r.kind === 'ref' || r.kind === 'laterRef' ? r.target : r);
      },
    });
  }
  return [...names].sort();
}

/** The Sigma rules the analytic's selections name in sigma("…"), in order of first use. */
export function sigmaRulesOf(node: A.Node): string[] {
  const ids = new Set<string>();
  walk(node, {
    enter(n) {
      if (n.kind === 'Call' && n.fn.name === 'sigma' && n.args[0]?.kind === 'String') ids.add(n.args[0].value);
    },
  });
  return [...ids];
}

/**
 * What every candidate row is read with besides its columns: the original fields as
 * `raw_field(id, name)` and, per Sigma rule named, `sigma_match(id, rule)`, under their row keys.
 */
export function extraColumns(plan: AnalyticPlan): { sql: string; params: string[]; names: string[] } {
  const quote = (key: string): string => `"${key.replace(/"/g, '""')}"`;
  const raw = plan.rawFields.map((name) => ({ sql: `, raw_field(id, ?) AS ${quote(rowKey({ kind: 'raw', name }))}`, param: name, name: rowKey({ kind: 'raw', name }) }));
  const sigma = plan.sigmaRules.map((id) => ({ sql: `, sigma_match(id, ?) AS ${quote(sigmaKey(id))}`, param: id, name: sigmaKey(id) }));
  const all = [...raw, ...sigma];
  return { sql: all.map((c) => c.sql).join(''), params: all.map((c) => c.param), names: all.map((c) => c.name) };
}
