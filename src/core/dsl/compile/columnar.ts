// A selection's own conditions (those that read no other step) as a test on an event's
// position in the in-memory columns (store/eventColumns.ts). Each condition is the same
// compiled predicate the matcher uses everywhere (predicate.ts), so both ways agree by
// construction; what changes is what it is asked: a condition on one text column is decided
// once per distinct value (its code) and remembered, one on numbers is asked with just
// those values, and `and`/`or`/`not` combine the answers. A first run over 1M events then
// judges each event in a few nanoseconds instead of SQLite's ~0.7 µs (docs/benchmarks.md).

import type { ColumnView, Row, SqlValue, TextCodes } from '../../types/store';
import type * as A from '../syntax/ast';
import { walk } from '../syntax/visit';
import { resolveName, rowKey } from '../semantics/resolve';
import { compilePredicate, type CompileScope, type Env, type Predicate } from './predicate';

/** Whether the event at a position passes. */
type PositionTest = (position: number) => boolean;

/** Keeps, in place and in order, those of the first `count` positions that pass; returns how many. */
type PositionFilter = (positions: Int32Array, count: number) => number;

export interface ColumnarTest {
  /**
   * The positions (ascending) of the events that pass, in one store's columns; undefined
   * when the selection reads a column they do not hold. Remembered per version of the
   * columns: the array is shared, never to be changed.
   */
  select(view: ColumnView): Int32Array | undefined;
  /**
   * The conjuncts with a baseline (first_seen, rare), left out of `select`: they count what
   * they see, so the matcher asks them of the rows that passed, in time order. Null if none.
   */
  readonly baseline: Predicate | null;
  /** The columns the baseline conjuncts read. */
  readonly baselineColumns: readonly string[];
}

const NO_REFS: ReadonlyMap<string, Row> = new Map();

/** One condition, or a combination of them. */
type Shape =
  | { readonly kind: 'and' | 'or'; readonly left: Shape; readonly right: Shape }
  | { readonly kind: 'not'; readonly operand: Shape }
  | { readonly kind: 'atom'; readonly columns: readonly string[]; readonly test: Predicate };

/**
 * The test of every conjunct but those with a baseline over the events of `categories` (null:
 * every event; the selection's category, or those its conditions imply under `any`), or null
 * when a conjunct reads what the columns never hold (an original field, a Sigma match).
 */
export function columnarTest(categories: readonly string[] | null, conjuncts: readonly A.Expr[], scope: CompileScope): ColumnarTest | null {
  const shapes: Shape[] = [];
  const baseline: Predicate[] = [];
  const baselineColumns = new Set<string>();
  for (const conjunct of conjuncts) {
    if (hasBaseline(conjunct)) {
      baseline.push(compilePredicate(conjunct, scope));
      for (const column of columnsRead(conjunct, scope) ?? []) baselineColumns.add(column);
      continue;
    }
    const shape = shapeOf(conjunct, scope);
    if (!shape) return null;
    shapes.push(shape);
  }
  const conditions = shapes.flatMap(conjunctsOf);
  // A step is read several times in a run (probed, then whole or narrowed): selected once per version of the columns.
  const selected = new WeakMap<ColumnView, { readonly version: number; readonly positions: Int32Array | undefined }>();
  return {
    baseline: baseline.length === 0 ? null : (env) => baseline.every((p) => p(env)),
    baselineColumns: [...baselineColumns],
    select(view) {
      const known = selected.get(view);
      if (known?.version === view.version) return known.positions;
      const positions = selectPositions(view, categories, conditions);
      selected.set(view, { version: view.version, positions });
      return positions;
    },
  };
}

/**
 * Column at a time: the events of the categories, then each condition keeps those that pass
 * it (a loop per condition over the positions left, where a test per event asked every condition).
 */
function selectPositions(view: ColumnView, categories: readonly string[] | null, conditions: readonly Shape[]): Int32Array | undefined {
  const filters: PositionFilter[] = [];
  for (const shape of conditions) {
    const filter = filterOf(shape, view);
    if (!filter) return undefined;
    filters.push(filter);
  }
  const positions = ofCategories(view, categories);
  let count = positions.length;
  for (const filter of filters) if (count > 0) count = filter(positions, count);
  return positions.slice(0, count);
}

/** A top-level conjunction as its parts. */
function conjunctsOf(shape: Shape): Shape[] {
  return shape.kind === 'and' ? [...conjunctsOf(shape.left), ...conjunctsOf(shape.right)] : [shape];
}

/** Per columns (and their version), the positions of each set of categories: alternatives of one category share them. */
const byCategories = new WeakMap<ColumnView, { readonly version: number; readonly positions: Map<string, Int32Array> }>();

/** The positions of the events of `categories` (null: every event), a copy to filter in place. */
function ofCategories(view: ColumnView, categories: readonly string[] | null): Int32Array {
  let known = byCategories.get(view);
  if (known?.version !== view.version) byCategories.set(view, (known = { version: view.version, positions: new Map() }));
  const key = JSON.stringify(categories);
  let positions = known.positions.get(key);
  if (!positions) known.positions.set(key, (positions = positionsOf(view, categories)));
  return positions.slice();
}

function positionsOf(view: ColumnView, categories: readonly string[] | null): Int32Array {
  const codes = view.codes('category')!;
  const wanted = new Uint8Array(codes.size);
  for (let code = 0; code < codes.size; code++) if (categories === null || categories.includes(codes.decode(code) as string)) wanted[code] = 1;
  const at = codes.at;
  let count = 0;
  const rows = view.rows;
  for (let p = 0; p < rows; p++) count += wanted[at[p]!]!;
  const positions = new Int32Array(count);
  for (let p = 0, k = 0; k < count; p++) if (wanted[at[p]!]) positions[k++] = p;
  return positions;
}

/** A condition as a filter: its test (over codes, for one text column) asked of each position in turn. */
function filterOf(shape: Shape, view: ColumnView): PositionFilter | undefined {
  const test = bind(shape, view);
  return test && ((positions, count) => {
    let kept = 0;
    for (let i = 0; i < count; i++) if (test(positions[i]!)) positions[kept++] = positions[i]!;
    return kept;
  });
}

/** The atom's predicate asked of one value of its one column. */
function decider(column: string, test: Predicate): (value: SqlValue) => boolean {
  const row: Row = {};
  const env: Env = { row, refs: NO_REFS, baseline: null, tuples: [] };
  return (value) => {
    row[column] = value;
    return test(env);
  };
}

/** Whether the expression calls first_seen() or rare(). */
export function hasBaseline(expr: A.Expr): boolean {
  let found = false;
  walk(expr, { enter: (node) => !(found ||= node.kind === 'Call' && (node.fn.name === 'first_seen' || node.fn.name === 'rare')) });
  return found;
}

function shapeOf(expr: A.Expr, scope: CompileScope): Shape | null {
  if (expr.kind === 'Logical') {
    const left = shapeOf(expr.left, scope);
    const right = shapeOf(expr.right, scope);
    return left && right ? { kind: expr.op === 'and' ? 'and' : 'or', left, right } : null;
  }
  if (expr.kind === 'Not') {
    const operand = shapeOf(expr.operand, scope);
    return operand ? { kind: 'not', operand } : null;
  }
  const columns = columnsRead(expr, scope);
  return columns ? { kind: 'atom', columns, test: compilePredicate(expr, scope) } : null;
}

/** The columns an expression reads; null when it reads anything else (an original field, another step, a Sigma match). */
function columnsRead(expr: A.Expr, scope: CompileScope): string[] | null {
  const columns = new Set<string>();
  let readable = true;
  walk(expr, {
    enter(node) {
      if (node.kind === 'Call' && node.fn.name === 'sigma') readable = false;
      if (node.kind === 'Field') {
        const target = resolveName(node, scope.steps);
        if (target.kind === 'column') columns.add(rowKey(target));
        else readable = false;
      }
      return readable;
    },
  });
  return readable ? [...columns] : null;
}

function bind(shape: Shape, view: ColumnView): PositionTest | undefined {
  switch (shape.kind) {
    case 'and':
    case 'or': {
      const left = bind(shape.left, view);
      const right = bind(shape.right, view);
      if (!left || !right) return undefined;
      return shape.kind === 'and' ? (p) => left(p) && right(p) : (p) => left(p) || right(p);
    }
    case 'not': {
      const operand = bind(shape.operand, view);
      return operand && ((p) => !operand(p));
    }
    case 'atom':
      return bindAtom(shape.columns, shape.test, view);
  }
}

function bindAtom(columns: readonly string[], test: Predicate, view: ColumnView): PositionTest | undefined {
  if (!columns.every((c) => view.has(c))) return undefined;
  const row: Row = {};
  const env: Env = { row, refs: NO_REFS, baseline: null, tuples: [] };
  if (columns.length === 0) {
    const constant = test(env);
    return () => constant;
  }
  if (columns.length === 1) {
    const column = columns[0]!;
    const codes = view.codes(column);
    // Text: decided once per code. Numbers: once per small value (ports, event ids, logon
    // types); others are asked each time.
    if (codes) return byCode(codes, decider(column, test));
    return byNumber(view.reader(column), decider(column, test));
  }
  const readers = columns.map((c) => view.reader(c));
  return (p) => {
    for (let i = 0; i < columns.length; i++) row[columns[i]!] = readers[i]!(p) as SqlValue;
    return test(env);
  };
}

/** A test on a text column decided once per code. */
function byCode(codes: TextCodes, decide: (text: string | null) => boolean): PositionTest {
  const at = codes.at;
  const known = new Int8Array(codes.size); // per code: 0 not yet asked, 1 false, 2 true
  return (p) => {
    const code = at[p]!;
    let decided = known[code]!;
    if (decided === 0) decided = known[code] = decide(codes.decode(code)) ? 2 : 1;
    return decided === 2;
  };
}

/** Numbers below this are decided once per value, like codes. */
const SMALL = 65536;

/** A test on a column of numbers: decided once per small whole value, asked each time for others (and NULL). */
function byNumber(read: (position: number) => SqlValue, decide: (value: SqlValue) => boolean): PositionTest {
  const known = new Int8Array(SMALL);
  return (p) => {
    const n = read(p);
    if (typeof n !== 'number' || !(n >= 0 && n < SMALL) || n !== Math.floor(n)) return decide(n);
    let decided = known[n]!;
    if (decided === 0) decided = known[n] = decide(n) ? 2 : 1;
    return decided === 2;
  };
}
