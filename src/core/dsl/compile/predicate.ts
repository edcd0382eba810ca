// Expressions compiled to JS closures. The matcher evaluates every selection in JS, even the
// parts SQL already filtered (SQL is a prefilter that uses the indexes; JS is the definition),
// plus what SQL cannot say: references to earlier steps, regex, wildcard lists, CIDR,
// port specs and the first_seen()/rare() baselines.

import type { Row } from '../../types/store';
import type * as A from '../syntax/ast';
import { walk } from '../syntax/visit';
import { resolveName, rowKey, sigmaKey, type StepScope } from '../semantics/resolve';
import { compileRegex } from '../../text/regex';
import { compare, equals, foldCase, isPrivateIp, parseCidr, portInSpec, wildcardMatcher, type Value } from '../semantics/values';

/** Counts of key tuples in the baseline, and the tuples seen so far in the data under test. */
export interface BaselineState {
  /** True while the baseline itself is being collected: first_seen()/rare() hold for every event. */
  readonly collecting: boolean;
  readonly counts: Map<string, number>;
  /** Events before this time are baseline, never findings (`baseline first <duration>`). */
  readonly detectFrom: number;
}

/** The events chosen for a chain's steps, by step name. */
export interface References {
  get(step: string): Row | undefined;
}

export interface Env {
  readonly row: Row;
  /** The events chosen for earlier steps (a Map, or the search's slots: match/matcher.ts). */
  readonly refs: References;
  readonly baseline: BaselineState | null;
  /** Tuples first_seen()/rare() looked at; counted once the whole selection accepted the event. */
  readonly tuples: string[];
}

export type Predicate = (env: Env) => boolean;
type Getter = (env: Env) => Value;

export type ListValues = ReadonlyMap<string, readonly Value[]>;

export interface CompileScope {
  readonly steps: StepScope;
  readonly lists: ListValues;
}

export function literalValue(lit: A.Literal): Value {
  return lit.kind === 'Null' ? null : lit.value;
}

/**
 * Key under which a baseline tuple is counted: equal exactly when the values are (texts with
 * ASCII case folded; a number that is not finite counts as NULL, as in JSON). Each part says
 * its type and where it ends; AN0204 asks this of ~87k connections per run, where
 * JSON.stringify of an array per tuple cost about a tenth of the run (docs/benchmarks.md).
 */
export function tupleKey(values: readonly Value[]): string {
  let key = '';
  for (const v of values) {
    if (typeof v === 'string') {
      const text = foldCase(v);
      key += `s${text.length}:${text}`;
    } else if (typeof v === 'number') key += Number.isFinite(v) ? `n${v};` : '_';
    else if (typeof v === 'boolean') key += v ? 't' : 'f';
    else if (v == null) key += '_';
    else {
      const json = JSON.stringify(v);
      key += `j${json.length}:${json}`;
    }
  }
  return key;
}

export function compilePredicate(expr: A.Expr, scope: CompileScope): Predicate {
  switch (expr.kind) {
    case 'Logical': {
      const l = compilePredicate(expr.left, scope);
      const r = compilePredicate(expr.right, scope);
      return expr.op === 'and' ? (e) => l(e) && r(e) : (e) => l(e) || r(e);
    }
    case 'Not': {
      const p = compilePredicate(expr.operand, scope);
      return (e) => !p(e);
    }
    case 'Compare': {
      const l = getter(expr.left, scope);
      const r = getter(expr.right, scope);
      switch (expr.op) {
        case '==': return (e) => equals(l(e), r(e));
        case '!=': return (e) => !equals(l(e), r(e));
        case '<': return (e) => (compare(l(e), r(e)) ?? 0) < 0;
        case '<=': return (e) => { const c = compare(l(e), r(e)); return c !== undefined && c <= 0; };
        case '>': return (e) => (compare(l(e), r(e)) ?? 0) > 0;
        case '>=': return (e) => { const c = compare(l(e), r(e)); return c !== undefined && c >= 0; };
      }
      break;
    }
    case 'In': {
      const subject = getter(expr.subject, scope);
      const values = expr.values ? expr.values.map((v) => getter(v, scope)) : (scope.lists.get(expr.list?.name ?? '') ?? []).map((v) => () => v);
      const test: Predicate = (e) => {
        const s = subject(e);
        return values.some((v) => equals(s, v(e)));
      };
      return expr.negated ? (e) => !test(e) : test;
    }
    case 'Like': {
      const subject = getter(expr.subject, scope);
      const patterns = expr.patterns ? expr.patterns.map((p) => p.value) : (scope.lists.get(expr.list?.name ?? '') ?? []).map(String);
      const matches = wildcardMatcher(patterns);
      const test: Predicate = (e) => {
        const s = subject(e);
        return s != null && matches(String(s));
      };
      return expr.negated ? (e) => !test(e) : test;
    }
    case 'Matches': {
      const subject = getter(expr.subject, scope);
      const compiled = compileRegex(expr.regex.source, expr.regex.flags);
      // The checker refuses an analytic whose pattern does not compile, so this is never false there.
      const regex = compiled.ok ? compiled.regex : undefined;
      const test: Predicate = (e) => {
        const s = subject(e);
        return s != null && regex !== undefined && regex.test(String(s));
      };
      return expr.negated ? (e) => !test(e) : test;
    }
    case 'IsNull': {
      const subject = getter(expr.subject, scope);
      return expr.negated ? (e) => subject(e) != null : (e) => subject(e) == null;
    }
    case 'Call':
      return compileCall(expr, scope);
    case 'Field': {
      const g = getter(expr, scope);
      return (e) => truthy(g(e));
    }
    default:
      return () => truthy(literalValue(expr));
  }
  return () => false;
}

function truthy(v: Value): boolean {
  return v != null && v !== false && v !== 0 && v !== '' && v !== 'false';
}

function getter(operand: A.Operand, scope: CompileScope): Getter {
  if (operand.kind === 'Field') {
    const resolved = resolveName(operand, scope.steps);
    if (resolved.kind === 'ref') {
      const key = rowKey(resolved.target);
      const step = resolved.step;
      return (e) => e.refs.get(step)?.[key] ?? null;
    }
    if (resolved.kind === 'laterRef') return () => null;
    const key = rowKey(resolved);
    return (e) => e.row[key] ?? null;
  }
  if (operand.kind === 'Call') {
    const p = compileCall(operand, scope);
    return (e) => p(e);
  }
  const v = literalValue(operand);
  return () => v;
}

function compileCall(call: A.Call, scope: CompileScope): Predicate {
  const args = call.args.map((a) => getter(a, scope));
  switch (call.fn.name) {
    case 'cidr': {
      const subject = args[0] ?? (() => null);
      const nets = call.args.slice(1).map((a) => (a.kind === 'String' ? parseCidr(a.value) : undefined)).filter((m) => m !== undefined);
      return (e) => {
        const ip = subject(e);
        return ip != null && nets.some((m) => m(String(ip)));
      };
    }
    case 'is_private': {
      const subject = args[0] ?? (() => null);
      return (e) => {
        const ip = subject(e);
        return ip != null && isPrivateIp(String(ip));
      };
    }
    case 'port_in': {
      const [port, ...specs] = args;
      return (e) => port !== undefined && specs.some((s) => portInSpec(port(e), s(e)));
    }
    case 'sigma': {
      // The session computes the rule's matches before the run; each candidate carries them.
      const id = call.args[0];
      if (id?.kind !== 'String') return () => false;
      const key = sigmaKey(id.value);
      return (e) => truthy(e.row[key] ?? null);
    }
    case 'first_seen':
    case 'rare': {
      const isRare = call.fn.name === 'rare';
      const last = call.args[call.args.length - 1];
      const max = isRare && last?.kind === 'Number' ? last.value : 0;
      const fields = isRare ? args.slice(0, -1) : args;
      return (e) => {
        const b = e.baseline;
        if (!b) return false;
        const key = tupleKey(fields.map((f) => f(e)));
        e.tuples.push(key);
        if (b.collecting) return true;
        if (Number(e.row.ts) < b.detectFrom) return false;
        return (b.counts.get(key) ?? 0) <= max;
      };
    }
    default:
      return () => false;
  }
}

/** True when the expression reads an earlier step's event (so it can only run while linking). */
export function usesRefs(expr: A.Expr, steps: StepScope): boolean {
  let found = false;
  walk(expr, {
    enter(node) {
      if (node.kind === 'Field') {
        const kind = resolveName(node, steps).kind;
        if (kind === 'ref' || kind === 'laterRef') found = true;
      }
      return !found;
    },
  });
  return found;
}
