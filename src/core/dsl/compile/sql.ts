// A selection's SQL prefilter over `event_rows` (the row table: interned text compared by
// its codes, schema/storage.ts): the part of its expression SQLite can evaluate with the
// indexes (category, event_id, ports, addresses, names), every value a bound parameter. The
// prefilter may be weaker than the expression (anything it cannot say is dropped from a
// conjunction) but never stronger: the JS predicate decides. Under `not`,
// only exact translations are used, and NULL is folded to false the way the JS side reads it.

import { column } from '../../schema/columns';
import { BASE_TABLE, quote, textConditionSql } from '../../schema/storage';
import type { SqlValue } from '../../types/store';
import type * as A from '../syntax/ast';
import { resolveName, type StepScope } from '../semantics/resolve';
import { literalValue, type ListValues } from './predicate';
import { likeListId } from './likeLists';

export interface SqlFilter {
  readonly sql: string;
  readonly params: SqlValue[];
  /** True when the SQL is exactly the expression (then it may be negated). */
  readonly exact: boolean;
  /** The categories a matching event has, when the selection names them (`process where`, or implied under `any`). */
  readonly categories?: readonly string[];
}

const MAX_LIKE_PATTERNS = 4;
/** The SQL function that tests a value against a long wildcard list, given by its likeListId() (registered by match/candidates.ts). */
export const LIKE_ANY_FUNCTION = 'hb_like_any';

/** Columns whose values loaders write in lower case: compared without COLLATE so indexes apply. */
const LOWER_CASE_COLUMNS = new Set(['category', 'direction', 'process_name', 'parent_name', 'protocol']);

interface Scope {
  readonly steps: StepScope;
  readonly lists: ListValues;
}

export function selectionSql(selection: A.Selection, scope: Scope): SqlFilter {
  const parts: SqlFilter[] = [{ sql: 'ts IS NOT NULL', params: [], exact: true }];
  // `any where (category == "service" and ...) or (category == "process" and ...)`: the
  // categories the expression implies go first, so the (category, ts) index applies.
  const categories = selection.category.name !== 'any' ? [selection.category.name.toLowerCase()] : selection.where ? impliedCategories(selection.where, scope) : null;
  if (categories) parts.push({ sql: categories.length === 1 ? 'category = ?' : `category IN (${categories.map(() => '?').join(', ')})`, params: categories, exact: true });
  const where = selection.where ? exprSql(selection.where, scope) : null;
  if (where) parts.push(where);
  return {
    sql: parts.map((p) => p.sql).join(' AND '),
    params: parts.flatMap((p) => p.params),
    exact: where?.exact ?? selection.where === null,
    ...(categories ? { categories } : {}),
  };
}

export function exprSql(expr: A.Expr, scope: Scope): SqlFilter | null {
  switch (expr.kind) {
    case 'Call': {
      // sigma_match() is the session's lookup of the rule's precomputed matches: exact.
      const id = expr.args[0];
      return expr.fn.name === 'sigma' && id?.kind === 'String' ? { sql: `sigma_match(${stored('id')}, ?) = 1`, params: [id.value], exact: true } : null;
    }
    case 'Logical': {
      const l = exprSql(expr.left, scope);
      const r = exprSql(expr.right, scope);
      if (expr.op === 'and') {
        if (!l || !r) return l ? { ...l, exact: false } : r ? { ...r, exact: false } : null;
        return { sql: `(${l.sql} AND ${r.sql})`, params: [...l.params, ...r.params], exact: l.exact && r.exact };
      }
      if (!l || !r) return null;
      return { sql: `(${l.sql} OR ${r.sql})`, params: [...l.params, ...r.params], exact: l.exact && r.exact };
    }
    case 'Not': {
      const inner = exprSql(expr.operand, scope);
      return inner?.exact ? negate(inner) : null;
    }
    case 'Compare': {
      let { left, right, op } = expr;
      if (left.kind !== 'Field' && right.kind === 'Field') {
        [left, right] = [right, left];
        op = ({ '<': '>', '<=': '>=', '>': '<', '>=': '<=' } as Record<string, A.CompareOp>)[op] ?? op;
      }
      const col = columnOf(left, scope);
      if (!col || !isLiteral(right)) return null;
      const value = literalValue(right);
      if (value == null || value instanceof Uint8Array) return null;
      const param = bindable(col, value);
      if (param === undefined) return null;
      if (op === '==' || op === '!=') {
        const eq: SqlFilter = { sql: textConditionSql(col, (text) => `${text} = ?${collate(col, param)}`), params: [param], exact: true };
        return op === '==' ? eq : negate(eq);
      }
      if (typeof param !== 'number' || column(col)?.type !== 'integer') return null;
      return { sql: `${stored(col)} ${op} ?`, params: [param], exact: true };
    }
    case 'In': {
      const col = columnOf(expr.subject, scope);
      if (!col) return null;
      const raw = expr.values
        ? expr.values.map((v) => (isLiteral(v) ? literalValue(v) : undefined))
        : [...(scope.lists.get(expr.list?.name ?? '') ?? [])];
      if (raw.some((v) => v === undefined || v === null || typeof v === 'boolean')) return null;
      const params = raw.map((v) => bindable(col, v as string | number));
      if (params.some((p) => p === undefined) || params.length === 0) return null;
      const bound = params as SqlValue[];
      const text = bound.some((p) => typeof p === 'string');
      const f: SqlFilter = {
        sql: textConditionSql(col, (value) => `${value}${text && !LOWER_CASE_COLUMNS.has(col) ? ' COLLATE NOCASE' : ''} IN (${bound.map(() => '?').join(', ')})`),
        params: bound,
        exact: true,
      };
      return expr.negated ? negate(f) : f;
    }
    case 'IsNull': {
      const col = columnOf(expr.subject, scope);
      if (!col) return null;
      // A code is NULL exactly when its text is.
      return { sql: `${stored(col)} IS ${expr.negated ? 'NOT ' : ''}NULL`, params: [], exact: true };
    }
    case 'Like': {
      const col = columnOf(expr.subject, scope);
      const raw = expr.patterns ? expr.patterns.map((p) => p.value) : scope.lists.get(expr.list?.name ?? '')?.map(String);
      if (!col || !raw || raw.length === 0) return null;
      // Past a few patterns SQLite's LIKE (in wasm) costs more than the JS matcher on the rows
      // the rest of the filter lets through (3x at 37 patterns, bench/match.bench.ts): a long
      // list is one call of the JS matcher from SQL, so the rows it rejects never leave SQLite
      // and a step that only the list makes selective still narrows the others.
      if (raw.length > MAX_LIKE_PATTERNS) {
        const f: SqlFilter = { sql: textConditionSql(col, (text) => `${LIKE_ANY_FUNCTION}(${text}, ?)`), params: [likeListId(raw)], exact: true };
        return expr.negated ? negate(f) : f;
      }
      // LIKE and the JS wildcard matcher share semantics (values.ts), so this is exact.
      const patterns = raw.map((p) => p.replace(/[\\%_]/g, '\\$&').replace(/\*/g, '%').replace(/\?/g, '_'));
      const f: SqlFilter = {
        sql: textConditionSql(col, (text) => `(${patterns.map(() => `${text} LIKE ? ESCAPE '\\'`).join(' OR ')})`),
        params: patterns,
        exact: true,
      };
      return expr.negated ? negate(f) : f;
    }
    default:
      return null;
  }
}

/** Categories an event must have for the expression to hold, when the expression says so. */
function impliedCategories(expr: A.Expr, scope: Scope): string[] | null {
  if (expr.kind === 'Logical') {
    const l = impliedCategories(expr.left, scope);
    const r = impliedCategories(expr.right, scope);
    if (expr.op === 'and') return l ?? r;
    return l && r ? [...new Set([...l, ...r])].sort() : null;
  }
  if (expr.kind === 'Compare' && expr.op === '==' && columnOf(expr.left, scope) === 'category' && expr.right.kind === 'String') return [expr.right.value.toLowerCase()];
  if (expr.kind === 'In' && !expr.negated && columnOf(expr.subject, scope) === 'category' && expr.values?.every((v) => v.kind === 'String')) {
    return expr.values.map((v) => (v as A.StringLit).value.toLowerCase()).sort();
  }
  return null;
}

function negate(f: SqlFilter): SqlFilter {
  return { sql: `NOT coalesce(${f.sql}, 0)`, params: f.params, exact: f.exact };
}

function isLiteral(o: A.Operand): o is A.Literal {
  return o.kind === 'String' || o.kind === 'Number' || o.kind === 'Bool' || o.kind === 'Null';
}

function columnOf(o: A.Operand, scope: Scope): string | undefined {
  if (o.kind !== 'Field') return undefined;
  const r = resolveName(o, scope.steps);
  return r.kind === 'column' ? r.column : undefined;
}

/** The value as SQLite should see it for this column, or undefined when SQL would compare differently from JS. */
function bindable(col: string, value: string | number | boolean): SqlValue | undefined {
  const type = column(col)?.type;
  if (type === 'integer') {
    if (typeof value === 'number') return value;
    if (typeof value === 'string' && /^-?\d+$/.test(value.trim())) return Number(value);
    return undefined;
  }
  if (typeof value === 'string') return LOWER_CASE_COLUMNS.has(col) ? value.toLowerCase() : value;
  return undefined;
}

function collate(col: string, param: SqlValue): string {
  return typeof param === 'string' && !LOWER_CASE_COLUMNS.has(col) ? ' COLLATE NOCASE' : '';
}

/** The column as stored on the row (a code when interned: right for NULL tests only). */
function stored(name: string): string {
  return `${BASE_TABLE}.${quote(name)}`;
}
