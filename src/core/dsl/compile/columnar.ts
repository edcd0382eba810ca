// A selection's own conditions (those that read no other step) as a test on an event's
// position in the in-memory columns (store/eventColumns.ts). Each condition is the same
// compiled predicate the matcher uses everywhere (predicate.ts), so both ways agree by
// construction; what changes is what it is asked: a condition on one text column is decided
// once per distinct value (its code) and remembered, one on numbers is asked with just
// those values, and `and`/`or`/`not` combine the answers. A first run over 1M events then
// judges each event in a few nanoseconds instead of SQLite's ~0.7 µs (docs/benchmarks.md).

import type { ColumnView, IntegerValues, Row, SqlValue, TextCodes } from '../../types/store';
import type * as A from '../syntax/ast';
import { walk } from '../syntax/visit';
import { resolveName, rowKey } from '../semantics/resolve';
import { compilePredicate, type CompileScope, type Env, type Predicate } from './predicate';

/** A condition over positions in the columns. */
interface Filter {
  /** Keeps, in place and in order, those of the first `count` positions that pass; returns how many. */
  keep(positions: Int32Array, count: number): number;
  /** How often it has asked the compiled predicate so far (a code or small number is asked once). */
  readonly decisions: number;
}

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
  /** When the baseline is one first_seen()/rare() over plain columns: it, to be counted in the columns. */
  readonly tuple: TupleBaseline | null;
}

/** `first_seen(a, b, ...)` or `rare(a, b, ..., max)` over columns. */
export interface TupleBaseline {
  /** The tuple's columns, in order. */
  readonly columns: readonly string[];
  /** How many earlier sightings a tuple may have and still pass: 0 for first_seen. */
  readonly max: number;
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
  const baselineConjuncts: A.Expr[] = [];
  const baselineColumns = new Set<string>();
  for (const conjunct of conjuncts) {
    if (hasBaseline(conjunct)) {
      baselineConjuncts.push(conjunct);
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
    tuple: baselineConjuncts.length === 1 ? tupleBaseline(baselineConjuncts[0]!, scope) : null,
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
  const filters: Filter[] = [];
  for (const shape of conditions) {
    const filter = filterOf(shape, view);
    if (!filter) return undefined;
    filters.push(filter);
  }
  const positions = ofCategories(view, categories);
  let count = positions.length;
  for (const filter of cheapestFirst(filters, positions)) if (count > 0) count = filter.keep(positions, count);
  return positions.slice(0, count);
}

/** Events a sample of the positions takes, at most. */
const SAMPLE = 2048;
/** What asking the predicate about a value costs beside looking its answer up (a wildcard list or a regex against a text). */
const DECISION_COST = 50;

/**
 * The conditions of a conjunction in the order that costs least (they may be asked in any
 * order): asked first, a condition that keeps every event (`action == "start"` among process
 * starts) costs a pass over all of them, and one on a text that differs per event (a command
 * line) a decision per event; asked last, each costs that over the few events left. Each is
 * tried on a spread sample of the positions, and ranked by its cost per event over the share
 * of events it removes.
 */
function cheapestFirst(filters: readonly Filter[], positions: Int32Array): readonly Filter[] {
  if (filters.length < 2 || positions.length <= SAMPLE) return filters;
  const stride = positions.length / SAMPLE;
  const sample = Int32Array.from({ length: SAMPLE }, (_, i) => positions[Math.floor(i * stride)]!);
  const ranked = filters.map((filter) => {
    const asked = filter.decisions;
    const kept = filter.keep(sample.slice(), SAMPLE);
    const cost = 1 + (DECISION_COST * (filter.decisions - asked)) / SAMPLE;
    return { filter, rank: cost / Math.max(1 - kept / SAMPLE, 1 / SAMPLE) };
  });
  return ranked.sort((a, b) => a.rank - b.rank).map((r) => r.filter);
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

/**
 * A condition as a filter over positions. One on a single text column (an atom, or
 * `and`/`or`/`not` of atoms on it) is decided once per code in one loop; `and` filters in
 * turn, `or` asks the right side only of what the left did not keep, `not` keeps what its
 * operand did not. Each loop reads the column's array itself: a call per event through a
 * shared loop costs more than the test.
 */
function filterOf(shape: Shape, view: ColumnView): Filter | undefined {
  const column = soleColumn(shape);
  const codes = column === undefined ? undefined : view.codes(column);
  if (codes) return new CodeFilter(codes, valueTest(shape, column!));
  switch (shape.kind) {
    case 'and': {
      const [left, right] = [filterOf(shape.left, view), filterOf(shape.right, view)];
      return left && right && new BothFilter(left, right);
    }
    case 'or': {
      const [left, right] = [filterOf(shape.left, view), filterOf(shape.right, view)];
      return left && right && new EitherFilter(left, right);
    }
    case 'not': {
      const operand = filterOf(shape.operand, view);
      return operand && new NotFilter(operand);
    }
    case 'atom':
      return atomFilter(shape.columns, shape.test, view);
  }
}

// The filters are classes, not closures: each loop is then one function that V8 optimises
// once for the process; a closure made per selection was optimised again for each.

class BothFilter implements Filter {
  constructor(private readonly left: Filter, private readonly right: Filter) {}
  keep(positions: Int32Array, count: number): number {
    const kept = this.left.keep(positions, count);
    return kept === 0 ? 0 : this.right.keep(positions, kept);
  }
  get decisions(): number { return this.left.decisions + this.right.decisions; }
}

class EitherFilter implements Filter {
  constructor(private readonly left: Filter, private readonly right: Filter) {}
  keep(positions: Int32Array, count: number): number {
    const fromLeft = positions.slice(0, count);
    const leftKept = count === 0 ? 0 : this.left.keep(fromLeft, count);
    const rest = without(positions, count, fromLeft, leftKept);
    const restKept = rest.length === 0 ? 0 : this.right.keep(rest, rest.length);
    return mergeInto(positions, fromLeft, leftKept, rest, restKept);
  }
  get decisions(): number { return this.left.decisions + this.right.decisions; }
}

class NotFilter implements Filter {
  constructor(private readonly operand: Filter) {}
  keep(positions: Int32Array, count: number): number {
    const passing = positions.slice(0, count);
    const passed = count === 0 ? 0 : this.operand.keep(passing, count);
    const rest = without(positions, count, passing, passed);
    positions.set(rest);
    return rest.length;
  }
  get decisions(): number { return this.operand.decisions; }
}

/** The first `count` positions except the first `dropCount` of `drop` (both ascending, `drop` a subset). */
function without(positions: Int32Array, count: number, drop: Int32Array, dropCount: number): Int32Array {
  const rest = new Int32Array(count - dropCount);
  for (let i = 0, d = 0, r = 0; i < count; i++) {
    const p = positions[i]!;
    if (d < dropCount && drop[d] === p) d++;
    else rest[r++] = p;
  }
  return rest;
}

/** Writes the union of two disjoint ascending runs into `target`; returns its length. */
function mergeInto(target: Int32Array, a: Int32Array, aCount: number, b: Int32Array, bCount: number): number {
  let i = 0;
  let j = 0;
  let k = 0;
  while (i < aCount && j < bCount) target[k++] = a[i]! < b[j]! ? a[i++]! : b[j++]!;
  while (i < aCount) target[k++] = a[i++]!;
  while (j < bCount) target[k++] = b[j++]!;
  return k;
}

/** An atom on a column of whole numbers, else asked of each event's values (several columns, a time, none). */
function atomFilter(columns: readonly string[], test: Predicate, view: ColumnView): Filter | undefined {
  if (!columns.every((c) => view.has(c))) return undefined;
  const integers = columns.length === 1 ? view.integers(columns[0]!) : undefined;
  return integers ? new NumberFilter(integers, decider(columns[0]!, test)) : new RowFilter(columns, test, view);
}

class RowFilter implements Filter {
  decisions = 0;
  private readonly readers: ((position: number) => SqlValue)[];
  private readonly row: Row = {};
  private readonly env: Env = { row: this.row, refs: NO_REFS, baseline: null, tuples: [] };
  constructor(private readonly columns: readonly string[], private readonly test: Predicate, view: ColumnView) {
    this.readers = columns.map((c) => view.reader(c));
  }
  keep(positions: Int32Array, count: number): number {
    const { columns, readers, row, env, test } = this;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = positions[i]!;
      for (let c = 0; c < columns.length; c++) row[columns[c]!] = readers[c]!(p);
      if (test(env)) positions[kept++] = p;
    }
    this.decisions += count;
    return kept;
  }
}

/** Keeps the positions whose code passes `decide`, asked once per code. */
class CodeFilter implements Filter {
  decisions = 0;
  private readonly known: Int8Array; // per code: 0 not yet asked, 1 false, 2 true
  constructor(private readonly codes: TextCodes, private readonly decide: (text: string | null) => boolean) {
    this.known = new Int8Array(codes.size);
  }
  keep(positions: Int32Array, count: number): number {
    const at = this.codes.at;
    const known = this.known;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = positions[i]!;
      const code = at[p]!;
      const decided = known[code]!;
      if (decided === 2 || (decided === 0 && this.ask(code))) positions[kept++] = p;
    }
    return kept;
  }
  private ask(code: number): boolean {
    this.decisions++;
    const passes = this.decide(this.codes.decode(code));
    this.known[code] = passes ? 2 : 1;
    return passes;
  }
}

/** Numbers below this are decided once per value, like codes. */
const SMALL = 65536;

/** Keeps the positions whose number passes `decide`: asked once per small whole value (ports, event ids, logon types) and for NULL, each time for others. */
class NumberFilter implements Filter {
  decisions = 0;
  private readonly known = new Int8Array(SMALL + 1); // the last entry is NULL's
  constructor(private readonly values: IntegerValues, private readonly decide: (value: SqlValue) => boolean) {}
  keep(positions: Int32Array, count: number): number {
    const { at, nullValue } = this.values;
    const known = this.known;
    let kept = 0;
    for (let i = 0; i < count; i++) {
      const p = positions[i]!;
      const n = at[p]!;
      let passes: boolean;
      if (n >= 0 && n < SMALL) {
        const decided = known[n]!;
        passes = decided === 2 || (decided === 0 && this.ask(n, n));
      } else passes = n === nullValue ? known[SMALL] === 2 || (known[SMALL] === 0 && this.ask(SMALL, null)) : this.askEach(n);
      if (passes) positions[kept++] = p;
    }
    return kept;
  }
  private ask(slot: number, value: SqlValue): boolean {
    this.decisions++;
    const passes = this.decide(value);
    this.known[slot] = passes ? 2 : 1;
    return passes;
  }
  private askEach(value: number): boolean {
    this.decisions++;
    return this.decide(value);
  }
}

/** The one column every atom of the shape reads, if there is one. */
function soleColumn(shape: Shape): string | undefined {
  switch (shape.kind) {
    case 'and':
    case 'or': {
      const left = soleColumn(shape.left);
      return left !== undefined && left === soleColumn(shape.right) ? left : undefined;
    }
    case 'not':
      return soleColumn(shape.operand);
    case 'atom':
      return shape.columns.length === 1 ? shape.columns[0] : undefined;
  }
}

/** A shape on one column as a test of one value of it. */
function valueTest(shape: Shape, column: string): (value: SqlValue) => boolean {
  switch (shape.kind) {
    case 'and': {
      const [left, right] = [valueTest(shape.left, column), valueTest(shape.right, column)];
      return (v) => left(v) && right(v);
    }
    case 'or': {
      const [left, right] = [valueTest(shape.left, column), valueTest(shape.right, column)];
      return (v) => left(v) || right(v);
    }
    case 'not': {
      const operand = valueTest(shape.operand, column);
      return (v) => !operand(v);
    }
    case 'atom':
      return decider(column, shape.test);
  }
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

/** The conjunct as a tuple over columns, as predicate.ts reads its arguments; null when it is anything else. */
function tupleBaseline(expr: A.Expr, scope: CompileScope): TupleBaseline | null {
  if (expr.kind !== 'Call' || (expr.fn.name !== 'first_seen' && expr.fn.name !== 'rare')) return null;
  const rare = expr.fn.name === 'rare';
  const last = expr.args[expr.args.length - 1];
  const columns: string[] = [];
  for (const arg of rare ? expr.args.slice(0, -1) : expr.args) {
    if (arg.kind !== 'Field') return null;
    const target = resolveName(arg, scope.steps);
    if (target.kind !== 'column') return null;
    columns.push(target.column);
  }
  return { columns, max: rare && last?.kind === 'Number' ? last.value : 0 };
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
