// "Why not": why an analytic found no chain on a host (or in the whole capture). Each step's
// selection is split into its top-level conjuncts (`a and b and c`), every event of the step's
// category on that host is tested against each conjunct on its own, and the report names the
// first conjunct, in the order written, after which no event is left (the predicate that
// failed), the events that fail the fewest conjuncts (the nearest candidates), and what the
// data has instead: the same service reached over its named pipe (rpcPipes.ts), and the
// chains other analytics found on that host. Text rendering: explainText.ts.

import type { EventStore, Row } from '../types/store';
import { displayName } from '../raw/reader';
import type * as A from '../dsl/syntax/ast';
import type { Span } from '../types/diagnostic';
import type { HuntFile } from '../dsl/load';
import { extraColumns, type AnalyticPlan } from '../dsl/compile/plan';
import { fieldTarget, rowKey, type StepScope } from '../dsl/semantics/resolve';
import { compilePredicate, usesRefs, type Predicate } from '../dsl/compile/predicate';
import { walk } from '../dsl/syntax/visit';
import { lower } from './keys';
import { categoryRows as storedCategoryRows, eachPipeAccess } from '../store/candidates';
import { runAnalytics } from './run';
import { toChainEvent } from './chainEvent';
import type { Chain, ChainEvent } from '../types/chain';
import { pipeKey, pipesServedBy, type RpcPipe } from './rpcPipes';

/** Events examined per step and host (explain is on demand; this bounds its cost). */
export const EXPLAIN_ROW_LIMIT = 50_000;
const NEAREST = 3;

export interface Conjunct {
  /** The predicate as written (whitespace collapsed). */
  readonly text: string;
  readonly span: Span;
  /** Events of the step's category (on the host) that satisfy it on its own. */
  readonly passed: number;
}

export interface NearEvent {
  readonly event: ChainEvent;
  /** The conjuncts it fails, as written. */
  readonly fails: readonly string[];
}

export interface AlternativeReport {
  readonly name: string | null;
  readonly category: string;
  /** Events of the category examined (on the host); `truncated` when the limit cut it. */
  readonly examined: number;
  readonly truncated: boolean;
  readonly conjuncts: readonly Conjunct[];
  /** Conjuncts that read earlier steps: tested only while a chain is linked. */
  readonly links: readonly string[];
  /** Events satisfying every local conjunct. */
  readonly matched: number;
  readonly examples: readonly ChainEvent[];
  /** The first conjunct (in the order written) after which no event was left; null when some matched. */
  readonly failed: { readonly index: number; readonly text: string; readonly before: number } | null;
  readonly nearest: readonly NearEvent[];
}

export interface StepReport {
  readonly name: string;
  readonly mode: A.StepMode;
  readonly alternatives: readonly AlternativeReport[];
  readonly matched: number;
}

/** A named pipe of a service the blocking step expected over the network. */
export interface PipeEvidence {
  readonly pipe: RpcPipe;
  /** The pipe name as logged. */
  readonly logged: string;
  readonly events: number;
  readonly first: ChainEvent;
}

export interface Explanation {
  readonly analytic: string;
  readonly title: string;
  /** The join key's name and the value explained (`host`, `IEWIN7`); null = the whole capture. */
  readonly key: { readonly name: string; readonly value: string } | null;
  readonly within: number | null;
  readonly slack: number;
  /** The analytic's chains on that key. */
  readonly chains: number;
  readonly steps: readonly StepReport[];
  /** Why no chain: the first required step without events, or every step had events but never in sequence. */
  readonly blocking: { readonly step: string; readonly reason: 'nothing' | 'sequence' } | null;
  readonly pipes: readonly PipeEvidence[];
  /** Other analytics' chains on the same key that hold an event this analytic's steps matched or came near. */
  readonly related: readonly Chain[];
  /** Other key values with events for some step, best first (when no key was asked for). */
  readonly otherKeys: readonly string[];
}

export interface ExplainOptions {
  /** The join key value to explain (a host); default: the one where the analytic got furthest. */
  readonly key?: string;
  /** Analytics whose chains may show what happened instead (the other built-in analytics). */
  readonly others?: readonly AnalyticPlan[];
  readonly rowLimit?: number;
}

interface Context {
  readonly store: EventStore;
  readonly file: HuntFile;
  readonly plan: AnalyticPlan;
  readonly sources: ReadonlyMap<number, string>;
  readonly limit: number;
}

export function explain(store: EventStore, file: HuntFile, analyticId: string, options: ExplainOptions = {}): Explanation {
  const plan = file.plans.find((p) => p.id === analyticId);
  const analytic = file.document.items.find((i): i is A.Analytic => i.kind === 'Analytic' && i.id?.value === analyticId);
  if (!plan || !analytic?.sequence) throw new Error(`no analytic "${analyticId}" without errors in ${file.path}`);
  const ctx: Context = { store, file, plan, sources: new Map(store.sources().map((s) => [s.id, displayName(s)])), limit: options.rowLimit ?? EXPLAIN_ROW_LIMIT };
  const keyName = plan.by[0];
  let keyValue = options.key ?? null;
  let otherKeys: string[] = [];
  if (keyName && keyValue === null) {
    otherKeys = rankKeys(ctx, analytic.sequence);
    keyValue = otherKeys.shift() ?? null;
  }
  const key = keyName && keyValue !== null ? { name: keyName.name, value: keyValue } : null;
  const steps = stepReports(ctx, analytic.sequence, key ? { column: keyName!.key, value: key.value } : null);
  const onKey = (c: Chain): boolean => !key || String(lower(c.key[key.name] ?? null)) === String(lower(key.value));
  const chains = runAnalytics(store, [plan]).chains.filter(onKey).length;
  let blocking: Explanation['blocking'] = null;
  if (chains === 0) {
    const empty = steps.find((s) => s.mode === 'required' && s.matched === 0);
    blocking = empty ? { step: empty.name, reason: 'nothing' } : steps.length ? { step: steps[steps.length - 1]!.name, reason: 'sequence' } : null;
  }
  const blockingStep = analytic.sequence.steps.find((s) => s.name?.name === blocking?.step);
  const pipes = blocking && blockingStep ? pipeEvidence(ctx, expectedServers(blockingStep), key ? { column: keyName!.key, value: key.value } : null) : [];
  const seen = new Set(steps.flatMap((s) => s.alternatives.flatMap((a) => [...a.examples, ...a.nearest.map((n) => n.event)].map((e) => e.id))));
  const related = chains === 0 && options.others?.length
    ? runAnalytics(store, options.others.filter((o) => o.id !== plan.id)).chains.filter((c) => onKey(c) && c.steps.some((s) => s.events.some((e) => seen.has(e.id))))
    : [];
  return { analytic: plan.id, title: plan.title, key, within: plan.within, slack: plan.slack, chains, steps, blocking, pipes, related, otherKeys };
}

type KeyFilter = { readonly column: string; readonly value: string } | null;

/** Rows of one selection's category (on the key), with the original fields the analytic reads. */
function categoryRows(ctx: Context, selection: A.Selection, key: KeyFilter): { rows: Row[]; truncated: boolean } {
  const category = selection.category.name !== 'any' ? selection.category.name.toLowerCase() : null;
  const rows = storedCategoryRows(ctx.store, category, key && !key.column.startsWith('raw:') ? key : null, extraColumns(ctx.plan), ctx.limit + 1);
  const keyed = key?.column.startsWith('raw:') ? rows.filter((r) => lower(r[key.column] ?? null) === lower(key.value)) : rows;
  return { rows: keyed.slice(0, ctx.limit), truncated: rows.length > ctx.limit };
}

function conjunctsOf(expr: A.Expr | null): A.Expr[] {
  if (!expr) return [];
  if (expr.kind === 'Logical' && expr.op === 'and') return [...conjunctsOf(expr.left), ...conjunctsOf(expr.right)];
  return [expr];
}

function sourceText(file: HuntFile, span: Span): string {
  return file.text.slice(span.start, span.end).replace(/\s+/g, ' ').trim();
}

function usesBaseline(expr: A.Expr): boolean {
  let found = false;
  walk(expr, { enter: (n) => { if (n.kind === 'Call' && (n.fn.name === 'first_seen' || n.fn.name === 'rare')) found = true; return !found; } });
  return found;
}

function alternativeReport(ctx: Context, name: string | null, selection: A.Selection, scope: StepScope, key: KeyFilter): AlternativeReport {
  const all = conjunctsOf(selection.where);
  const compileScope = { steps: scope, lists: ctx.file.lists };
  const local = localPredicates(selection, scope);
  const links = all.filter((c) => usesRefs(c, scope)).map((c) => sourceText(ctx.file, c.span));
  const tests: Predicate[] = local.map((c) => compilePredicate(c, compileScope));
  const { rows, truncated } = categoryRows(ctx, selection, key);
  const passed = new Array<number>(local.length).fill(0);
  const prefix = new Array<number>(local.length).fill(0);
  const failures: { row: Row; fails: number[]; prefix: number }[] = [];
  const matchedRows: Row[] = [];
  for (const row of rows) {
    const env = { row, refs: new Map(), baseline: null, tuples: [] };
    const fails: number[] = [];
    tests.forEach((t, i) => {
      if (t(env)) { passed[i]!++; if (fails.length === 0) prefix[i]!++; } else fails.push(i);
    });
    if (fails.length === 0) matchedRows.push(row); else failures.push({ row, fails, prefix: fails[0]! });
  }
  const index = prefix.findIndex((n) => n === 0);
  // With no event matched, some prefix of the conjuncts leaves none: its last one failed.
  const failed = matchedRows.length ? null : rows.length === 0 || index < 0
    ? { index: -1, text: `${selection.category.name} events`, before: 0 }
    : { index, text: sourceText(ctx.file, local[index]!.span), before: index === 0 ? rows.length : prefix[index - 1]! };
  // Nearest: the fewest conjuncts failed, then the longest run of conjuncts passed as written, then time.
  const nearest = failures.sort((a, b) => a.fails.length - b.fails.length || b.prefix - a.prefix).slice(0, NEAREST)
    .map((f) => ({ event: chainEvent(ctx, f.row), fails: f.fails.map((i) => sourceText(ctx.file, local[i]!.span)) }));
  return {
    name,
    category: selection.category.name,
    examined: rows.length,
    truncated,
    conjuncts: local.map((c, i) => ({ text: sourceText(ctx.file, c.span), span: c.span, passed: passed[i]! })),
    links,
    matched: matchedRows.length,
    examples: matchedRows.slice(0, NEAREST).map((r) => chainEvent(ctx, r)),
    failed,
    nearest: matchedRows.length ? [] : nearest,
  };
}

function chainEvent(ctx: Context, row: Row): ChainEvent {
  return toChainEvent(row, ctx.sources.get(Number(row.source_id)) ?? '');
}

interface StepSelections {
  readonly step: A.Step;
  readonly scope: StepScope;
  readonly options: readonly { readonly name: string | null; readonly selection: A.Selection }[];
}

/** Each step with the steps it may reference and its selections (one per alternative). */
function stepSelections(sequence: A.Sequence): StepSelections[] {
  const all = new Set(sequence.steps.flatMap((s) => (s.name ? [s.name.name] : [])));
  const earlier = new Set<string>();
  return sequence.steps.map((step) => {
    const scope: StepScope = { earlier: new Set(earlier), all };
    const body = step.body;
    const options = !body ? [] : body.kind === 'Alternatives'
      ? body.options.flatMap((o) => (o.selection ? [{ name: o.name.name, selection: o.selection }] : []))
      : [{ name: null, selection: body }];
    if (step.name) earlier.add(step.name.name);
    return { step, scope, options };
  });
}

function localPredicates(selection: A.Selection, scope: StepScope): A.Expr[] {
  // Baseline functions need the whole scan's state: they are left to the run and not tested here.
  return conjunctsOf(selection.where).filter((c) => !usesRefs(c, scope) && !usesBaseline(c));
}

function stepReports(ctx: Context, sequence: A.Sequence, key: KeyFilter): StepReport[] {
  return stepSelections(sequence).map(({ step, scope, options }) => {
    const alternatives = options.map((o) => alternativeReport(ctx, o.name, o.selection, scope, key));
    return { name: step.name?.name ?? '', mode: step.mode, alternatives, matched: alternatives.reduce((n, a) => n + a.matched, 0) };
  });
}

/**
 * Key values (hosts) ranked by how far the analytic got there: the number of required
 * steps, then of all steps, with events matching; then the events' count.
 */
function rankKeys(ctx: Context, sequence: A.Sequence): string[] {
  const score = new Map<string, [number, number, number]>();
  const column = ctx.plan.by[0]!.key;
  for (const { step, scope, options } of stepSelections(sequence)) {
    const keys = new Map<string, number>();
    for (const { selection } of options) {
      const tests = localPredicates(selection, scope).map((c) => compilePredicate(c, { steps: scope, lists: ctx.file.lists }));
      for (const row of categoryRows(ctx, selection, null).rows) {
        const value = row[column];
        const env = { row, refs: new Map(), baseline: null, tuples: [] };
        if (value != null && tests.every((p) => p(env))) keys.set(String(value), (keys.get(String(value)) ?? 0) + 1);
      }
    }
    for (const [k, n] of keys) {
      const s = score.get(k) ?? [0, 0, 0];
      score.set(k, [s[0] + (step.mode === 'required' ? 1 : 0), s[1] + 1, s[2] + n]);
    }
  }
  return [...score].sort(([a, x], [b, y]) => y[0] - x[0] || y[1] - x[1] || y[2] - x[2] || (a < b ? -1 : 1)).map(([k]) => k);
}

/** Processes a step's selection names as the actor (`process_name == "services.exe"`, `in (...)`). */
function expectedServers(step: A.Step): string[] {
  const names: string[] = [];
  walk(step, {
    enter(node) {
      if (node.kind === 'Compare' && node.op === '==' && node.left.kind === 'Field' && node.right.kind === 'String' && fieldTarget(node.left.name).kind === 'column' && rowKey(fieldTarget(node.left.name)) === 'process_name') names.push(node.right.value);
      if (node.kind === 'In' && !node.negated && node.values && node.subject.kind === 'Field' && rowKey(fieldTarget(node.subject.name)) === 'process_name') {
        for (const v of node.values) if (v.kind === 'String') names.push(v.value);
      }
    },
  });
  return names;
}

/** Named-pipe opens (Sysmon 17/18) and IPC$ pipe accesses (Security 5145) of the given services' pipes. */
function pipeEvidence(ctx: Context, servers: readonly string[], key: KeyFilter): PipeEvidence[] {
  const pipes = pipesServedBy(servers);
  if (!pipes.length) return [];
  const found = new Map<string, PipeEvidence>();
  eachPipeAccess(ctx.store, key && !key.column.startsWith('raw:') ? key : null, ctx.limit, (row) => {
    if (typeof row.pipe_name !== 'string') return;
    const pipe = pipes.find((p) => p.pipe === pipeKey(String(row.pipe_name)));
    if (!pipe) return;
    const prior = found.get(pipe.pipe);
    found.set(pipe.pipe, prior ? { ...prior, events: prior.events + 1 } : { pipe, logged: String(row.pipe_name), events: 1, first: chainEvent(ctx, row) });
  });
  return [...found.values()].sort((a, b) => a.first.ts - b.first.ts);
}
