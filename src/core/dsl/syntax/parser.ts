// The parser: tokens -> syntax tree, recursive descent, one function per grammar production
// (each documents its production). It never throws to its caller: a syntax error becomes a
// diagnostic, the current item (metadata line, step, list, test) is abandoned, and parsing
// resynchronises at the next line that starts an item (`step`, `title`, `test`, `analytic`,
// `list`, ...) or at a closing `}`, so the rest of the file still parses and checks.

import type { Diagnostic, Span } from '../../types/diagnostic';
import { diag } from '../diagnosticCodes';
import type * as A from './ast';
import { META_KEYS } from './ast';
import { lex } from './lexer';
import type { Token } from './tokens';

export interface ParseResult {
  readonly document: A.Document;
  readonly diagnostics: Diagnostic[];
  /** The tokens the parser read (lexer errors left out, `eof` last), for the language features. */
  readonly tokens: readonly Token[];
}

/** Parses a whole `.hunt` file. */
export function parse(text: string): ParseResult {
  const { tokens: all, diagnostics } = lex(text);
  const tokens = all.filter((t) => t.kind !== 'error');
  const parser = new Parser(tokens, diagnostics);
  return { document: parser.document(), diagnostics, tokens };
}

/** Thrown inside the parser only, caught at the enclosing item to resynchronise. */
class Abort extends Error {}

const ITEM_WORDS = new Set([...META_KEYS, 'sequence', 'step', 'optional', 'absent', 'until', 'baseline', 'test']);
const TOP_WORDS = new Set(['analytic', 'list']);
const COMPARE_OPS = new Set(['==', '!=', '<', '<=', '>', '>=']);

/**
 * Deepest expression tree accepted, counting `not`, parentheses and each chained `and`/`or`
 * (a chain builds a left-deep tree). The parser, checker and compiler recurse over
 * expressions, so a hostile file nesting or chaining thousands deep would exhaust the stack;
 * no real analytic comes near this.
 */
export const MAX_EXPRESSION_DEPTH = 500;

class Parser {
  private pos = 0;
  private depth = 0;

  constructor(private readonly tokens: Token[], private readonly diagnostics: Diagnostic[]) {}

  /** Document := (ListDecl | Analytic)* */
  document(): A.Document {
    const items: (A.ListDecl | A.Analytic)[] = [];
    while (!this.atEof()) {
      const start = this.pos;
      try {
        if (this.isWord('list')) items.push(this.listDecl());
        else if (this.isWord('analytic')) items.push(this.analytic());
        else this.fail('`analytic` or `list`');
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        this.syncTop(start);
      }
    }
    return { kind: 'Document', items, span: { start: 0, end: this.peek().span.end } };
  }

  /** ListDecl := 'list' Ident ( '=' '[' Literal (',' Literal)* ']' | 'from' String ) */
  private listDecl(): A.ListDecl {
    const start = this.next().span.start;
    const name = this.ident('a list name');
    if (this.isWord('from')) {
      this.next();
      const file = this.string('a file path');
      return { kind: 'ListDecl', name, values: null, file, span: this.from(start) };
    }
    this.expectOp('=');
    this.expectOp('[');
    const values: A.Literal[] = [];
    while (!this.isOp(']')) {
      values.push(this.literal());
      if (!this.eatOp(',')) break;
    }
    this.expectOp(']');
    return { kind: 'ListDecl', name, values, file: null, span: this.from(start) };
  }

  /** Analytic := 'analytic' (String | Ident) '{' (Meta | Sequence | Baseline | TestCase)* '}' */
  private analytic(): A.Analytic {
    const start = this.next().span.start;
    const idToken = this.peek();
    let id: A.StringLit | null = null;
    if (idToken.kind === 'string' || idToken.kind === 'ident') {
      this.next();
      id = { kind: 'String', value: String(idToken.value), span: idToken.span };
    } else {
      this.fail('an analytic id such as "AN0327"');
    }
    this.expectOp('{');
    const meta: A.Meta[] = [];
    const tests: A.TestCase[] = [];
    let sequence: A.Sequence | null = null;
    let baseline: A.Baseline | null = null;
    while (!this.isOp('}') && !this.atEof() && !(this.peek().lineStart && this.isTopWord())) {
      const itemStart = this.pos;
      try {
        const word = this.peek().kind === 'ident' ? String(this.peek().value) : '';
        if ((META_KEYS as readonly string[]).includes(word)) meta.push(this.meta());
        else if (word === 'sequence') sequence = this.sequence();
        else if (word === 'baseline') baseline = this.baseline();
        else if (word === 'test') tests.push(this.testCase());
        else this.fail('metadata (title, severity, attack, description, references), `sequence`, `baseline` or `test`');
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        this.syncItem(itemStart);
      }
    }
    if (this.isOp('}')) this.next();
    else this.report(this.peek(), '`}` closing the analytic');
    return { kind: 'Analytic', id, meta, sequence, baseline, tests, span: this.from(start) };
  }

  /** Meta := ('title'|'description') String | 'severity' Ident | ('attack'|'references') Value (',' Value)* */
  private meta(): A.Meta {
    const keyToken = this.next();
    const key = String(keyToken.value) as A.MetaKey;
    const values: (A.StringLit | A.Ident)[] = [];
    do {
      const t = this.peek();
      if (t.kind === 'string') { this.next(); values.push({ kind: 'String', value: String(t.value), span: t.span }); }
      else if (t.kind === 'ident' && !t.lineStart) { this.next(); values.push({ kind: 'Ident', name: String(t.value), span: t.span }); }
      else this.fail(`a value for ${key}`);
    } while ((key === 'attack' || key === 'references') && this.eatOp(','));
    return { kind: 'Meta', key, keySpan: keyToken.span, values, span: this.from(keyToken.span.start) };
  }

  /** Sequence := 'sequence' ('by' FieldList)? ('within' Duration)? ('slack' Duration)? ('merge' Duration)? Step* ('until' Selection)? */
  private sequence(): A.Sequence {
    const start = this.next().span.start;
    const by = this.isWord('by') ? (this.next(), this.fieldList()) : [];
    const within = this.isWord('within') ? (this.next(), this.duration()) : null;
    const slack = this.isWord('slack') ? (this.next(), this.duration()) : null;
    const merge = this.isWord('merge') ? (this.next(), this.duration()) : null;
    const steps: A.Step[] = [];
    let until: A.Selection | null = null;
    while (this.isWord('step') || this.isWord('optional') || this.isWord('absent')) {
      const stepStart = this.pos;
      try {
        steps.push(this.step());
      } catch (e) {
        if (!(e instanceof Abort)) throw e;
        this.syncItem(stepStart);
      }
    }
    if (this.isWord('until')) {
      this.next();
      until = this.selection();
    }
    return { kind: 'Sequence', by, within, slack, merge, steps, until, span: this.from(start) };
  }

  /** Step := ('optional'|'absent')? 'step' Ident ('by' FieldList)? ('gap' Duration)? ('within' Duration)? ':' (Alternatives | Selection) Having? */
  private step(): A.Step {
    const start = this.peek().span.start;
    let mode: A.StepMode = 'required';
    if (this.isWord('optional') || this.isWord('absent')) mode = String(this.next().value) as A.StepMode;
    this.expectWord('step');
    const name = this.ident('a step name');
    const by = this.isWord('by') ? (this.next(), this.fieldList()) : [];
    let gap: A.Duration | null = null;
    let within: A.Duration | null = null;
    for (;;) {
      if (this.isWord('gap')) { this.next(); gap = this.duration(); }
      else if (this.isWord('within')) { this.next(); within = this.duration(); }
      else break;
    }
    this.expectOp(':');
    const body = this.isWord('any') && this.isWordAt(1, 'of') ? this.alternatives() : this.selection();
    const having = this.isWord('having') ? this.having() : null;
    return { kind: 'Step', mode, name, by, gap, within, body, having, span: this.from(start) };
  }

  /** Alternatives := 'any' 'of' '{' Alternative ('|' Alternative)* '}' ; Alternative := Ident ':' Selection */
  private alternatives(): A.Alternatives {
    const start = this.next().span.start;
    this.next();
    this.expectOp('{');
    const options: A.Alternative[] = [];
    do {
      const name = this.ident('an alternative name');
      this.expectOp(':');
      const selection = this.selection();
      options.push({ kind: 'Alternative', name, selection, span: this.from(name.span.start) });
    } while (this.eatOp('|'));
    this.expectOp('}');
    return { kind: 'Alternatives', options, span: this.from(start) };
  }

  /**
   * Selection := Ident ('where' Expr)? | SigmaCall Expr-rest — the identifier is a category or
   * `any`; a selection that starts with `sigma("<rule id>")` is `any where sigma(...) ...`.
   */
  private selection(): A.Selection {
    if (this.isWord('sigma') && this.peekAt(1).kind === 'op' && this.peekAt(1).value === '(') {
      const at = this.peek().span;
      const category: A.Ident = { kind: 'Ident', name: 'any', span: { start: at.start, end: at.start } };
      return { kind: 'Selection', category, where: this.expr(), span: this.from(at.start) };
    }
    const category = this.ident('an event category (process, network, ...) or `any`');
    const where = this.isWord('where') ? (this.next(), this.expr()) : null;
    return { kind: 'Selection', category, where, span: this.from(category.span.start) };
  }

  /** Having := 'having' Aggregate (',' Aggregate)* ('within' Duration)? */
  private having(): A.Having {
    const start = this.next().span.start;
    const conditions: A.Aggregate[] = [];
    do conditions.push(this.aggregate()); while (this.eatOp(','));
    const within = this.isWord('within') ? (this.next(), this.duration()) : null;
    return { kind: 'Having', conditions, within, span: this.from(start) };
  }

  /** Aggregate := ('count' | 'distinct' '(' Field ')') CompareOp Number */
  private aggregate(): A.Aggregate {
    const start = this.peek().span.start;
    let fn: 'count' | 'distinct';
    let field: A.Field | null = null;
    if (this.isWord('count')) { this.next(); fn = 'count'; }
    else if (this.isWord('distinct')) {
      this.next();
      fn = 'distinct';
      this.expectOp('(');
      field = this.field();
      this.expectOp(')');
    } else return this.fail('`count` or `distinct(field)`');
    const op = this.compareOp();
    const t = this.peek();
    if (t.kind !== 'number') this.fail('a number');
    this.next();
    const value: A.NumberLit = { kind: 'Number', value: Number(t.value), span: t.span };
    return { kind: 'Aggregate', fn, field, op, value, span: this.from(start) };
  }

  /** Baseline := 'baseline' ('first' (Duration | Number '%') | 'dataset') */
  private baseline(): A.Baseline {
    const start = this.next().span.start;
    if (this.isWord('first')) {
      this.next();
      const t = this.peek();
      if (t.kind !== 'number') return { kind: 'Baseline', source: 'first', duration: this.duration(), percent: null, span: this.from(start) };
      this.next();
      const percent: A.NumberLit = { kind: 'Number', value: Number(t.value), span: t.span };
      if (!this.eatOp('%')) this.fail('a duration such as 1d, or a share of the data such as 25%');
      if (!(percent.value > 0 && percent.value < 100)) this.fail('a share of the data between 0% and 100%, such as 25%');
      return { kind: 'Baseline', source: 'first', duration: null, percent, span: this.from(start) };
    }
    this.expectWord('dataset');
    return { kind: 'Baseline', source: 'dataset', duration: null, percent: null, span: this.from(start) };
  }

  /** TestCase := 'test' String 'expect' Number ( '[' JsonObject (',' JsonObject)* ']' | 'from' String ) */
  private testCase(): A.TestCase {
    const start = this.next().span.start;
    const name = this.string('a test name');
    this.expectWord('expect');
    const t = this.peek();
    if (t.kind !== 'number') this.fail('the expected number of chains');
    this.next();
    const expect: A.NumberLit = { kind: 'Number', value: Number(t.value), span: t.span };
    if (this.isWord('from')) {
      this.next();
      return { kind: 'TestCase', name, expect, events: null, file: this.string('a file path'), span: this.from(start) };
    }
    this.expectOp('[');
    const events: A.JsonObject[] = [];
    while (this.isOp('{')) {
      events.push(this.jsonObject());
      if (!this.eatOp(',')) break;
    }
    this.expectOp(']');
    return { kind: 'TestCase', name, expect, events, file: null, span: this.from(start) };
  }

  /** JsonObject := '{' (Key ':' Scalar (',' Key ':' Scalar)*)? '}' */
  private jsonObject(): A.JsonObject {
    const start = this.next().span.start;
    const value: Record<string, string | number | boolean | null> = {};
    while (!this.isOp('}')) {
      const key = this.peek();
      if (key.kind !== 'string' && key.kind !== 'ident') this.fail('a field name');
      this.next();
      this.expectOp(':');
      const v = this.peek();
      if (v.kind === 'string' || v.kind === 'number') value[String(key.value)] = v.value;
      else if (v.kind === 'ident' && ['true', 'false', 'null'].includes(String(v.value))) value[String(key.value)] = v.value === 'null' ? null : v.value === 'true';
      else this.fail('a string, number, true, false or null');
      this.next();
      if (!this.eatOp(',')) break;
    }
    this.expectOp('}');
    return { kind: 'JsonObject', value, span: this.from(start) };
  }

  // ---- expressions ----

  /** Expr := And ('or' And)* */
  private expr(): A.Expr {
    return this.chain('or', () => this.and());
  }

  /** And := Unary ('and' Unary)* */
  private and(): A.Expr {
    return this.chain('and', () => this.unary());
  }

  private chain(op: 'and' | 'or', operand: () => A.Expr): A.Expr {
    const outer = this.depth;
    try {
      let left = operand();
      while (this.isWord(op)) {
        this.deeper();
        this.next();
        const right = operand();
        left = { kind: 'Logical', op, left, right, span: { start: left.span.start, end: right.span.end } };
      }
      return left;
    } finally {
      this.depth = outer;
    }
  }

  /** One level deeper in the expression tree, or a diagnostic past MAX_EXPRESSION_DEPTH. */
  private deeper(): void {
    if (this.depth >= MAX_EXPRESSION_DEPTH) this.fail(`an expression at most ${MAX_EXPRESSION_DEPTH} levels deep (nesting and chained and/or)`);
    this.depth++;
  }

  /** Unary := 'not' Unary | '(' Expr ')' | Predicate */
  private unary(): A.Expr {
    if (!this.isWord('not') && !this.isOp('(')) return this.predicate();
    const outer = this.depth;
    try {
      this.deeper();
      return this.nested();
    } finally {
      this.depth = outer;
    }
  }

  private nested(): A.Expr {
    const start = this.peek().span.start;
    if (this.isWord('not')) {
      this.next();
      const operand = this.unary();
      return { kind: 'Not', operand, span: this.from(start) };
    }
    if (this.isOp('(')) {
      this.next();
      const inner = this.expr();
      this.expectOp(')');
      return { ...inner, span: this.from(start) };
    }
    return this.predicate();
  }

  /**
   * Predicate := Operand ( CompareOp Operand
   *                      | 'not'? 'in' ( '(' Operand (',' Operand)* ')' | Ident )
   *                      | 'not'? 'like' ( String | '(' String (',' String)* ')' | Ident )
   *                      | 'not'? 'matches' Regex
   *                      | 'is' 'not'? 'null' )?
   */
  private predicate(): A.Expr {
    const subject = this.operand();
    const start = subject.span.start;
    const t = this.peek();
    if (t.kind === 'op' && COMPARE_OPS.has(String(t.value))) {
      const op = this.compareOp();
      const right = this.operand();
      return { kind: 'Compare', op, left: subject, right, span: this.from(start) };
    }
    if (this.isWord('is')) {
      this.next();
      const negated = this.isWord('not') ? (this.next(), true) : false;
      this.expectWord('null');
      return { kind: 'IsNull', negated, subject, span: this.from(start) };
    }
    const negated = this.isWord('not') && ['in', 'like', 'matches'].some((w) => this.isWordAt(1, w));
    if (negated) this.next();
    if (this.isWord('in')) {
      this.next();
      if (this.isOp('(')) {
        this.next();
        const values: A.Operand[] = [];
        do values.push(this.operand()); while (this.eatOp(','));
        this.expectOp(')');
        return { kind: 'In', negated, subject, values, list: null, span: this.from(start) };
      }
      const list = this.ident('a parenthesised list of values or a list name');
      return { kind: 'In', negated, subject, values: null, list, span: this.from(start) };
    }
    if (this.isWord('like')) {
      this.next();
      if (this.peek().kind === 'ident') {
        const list = this.ident('a list name');
        return { kind: 'Like', negated, subject, patterns: null, list, span: this.from(start) };
      }
      const patterns: A.StringLit[] = [];
      if (this.eatOp('(')) {
        do patterns.push(this.string('a wildcard pattern')); while (this.eatOp(','));
        this.expectOp(')');
      } else patterns.push(this.string('a wildcard pattern'));
      return { kind: 'Like', negated, subject, patterns, list: null, span: this.from(start) };
    }
    if (this.isWord('matches')) {
      this.next();
      const r = this.peek();
      if (r.kind !== 'regex') this.fail('a regular expression /.../');
      this.next();
      const regex: A.RegexLit = { kind: 'Regex', source: String(r.value), flags: r.flags ?? '', span: r.span };
      return { kind: 'Matches', negated, subject, regex, span: this.from(start) };
    }
    return subject;
  }

  /** Operand := Literal | Ident '(' (Operand (',' Operand)*)? ')' | Field */
  private operand(): A.Operand {
    const t = this.peek();
    // A line starting with an item keyword (`step`, `test`, ...) ends the expression: report
    // the missing operand there, so the next step still parses.
    if (t.lineStart && t.kind === 'ident' && (ITEM_WORDS.has(String(t.value)) || TOP_WORDS.has(String(t.value)))) {
      this.fail('a field name, value or function call');
    }
    if (t.kind === 'string' || t.kind === 'number' || (t.kind === 'ident' && ['true', 'false', 'null'].includes(String(t.value)))) {
      return this.literal();
    }
    if (t.kind === 'ident' && this.peekAt(1).kind === 'op' && this.peekAt(1).value === '(' && this.peekAt(1).span.start === t.span.end) {
      const fn = this.ident('a function name');
      this.next();
      const args: A.Operand[] = [];
      if (!this.isOp(')')) {
        do args.push(this.operand()); while (this.eatOp(','));
      }
      this.expectOp(')');
      return { kind: 'Call', fn, args, span: this.from(fn.span.start) };
    }
    return this.field();
  }

  /** Field := Ident | QuotedName */
  private field(): A.Field {
    const t = this.peek();
    if (t.kind === 'ident' || t.kind === 'quoted') {
      this.next();
      return { kind: 'Field', name: String(t.value), quoted: t.kind === 'quoted', span: t.span };
    }
    return this.fail('a field name, value or function call');
  }

  /** FieldList := Field (',' Field)* */
  private fieldList(): A.Field[] {
    const fields = [this.field()];
    while (this.eatOp(',')) fields.push(this.field());
    return fields;
  }

  /** Literal := String | Number | 'true' | 'false' | 'null' */
  private literal(): A.Literal {
    const t = this.peek();
    if (t.kind === 'string') { this.next(); return { kind: 'String', value: String(t.value), span: t.span }; }
    if (t.kind === 'number') { this.next(); return { kind: 'Number', value: Number(t.value), span: t.span }; }
    if (t.kind === 'ident' && (t.value === 'true' || t.value === 'false')) { this.next(); return { kind: 'Bool', value: t.value === 'true', span: t.span }; }
    if (t.kind === 'ident' && t.value === 'null') { this.next(); return { kind: 'Null', span: t.span }; }
    return this.fail('a string, number, true, false or null');
  }

  private compareOp(): A.CompareOp {
    const t = this.peek();
    if (t.kind === 'op' && COMPARE_OPS.has(String(t.value))) { this.next(); return t.value as A.CompareOp; }
    return this.fail('a comparison (==, !=, <, <=, >, >=)');
  }

  private duration(): A.Duration {
    const t = this.peek();
    if (t.kind !== 'duration') this.fail('a duration such as 30s, 5m, 1h or 1d');
    this.next();
    return { kind: 'Duration', ms: Number(t.value), text: t.text, span: t.span };
  }

  private ident(what: string): A.Ident {
    const t = this.peek();
    if (t.kind !== 'ident') this.fail(what);
    this.next();
    return { kind: 'Ident', name: String(t.value), span: t.span };
  }

  private string(what: string): A.StringLit {
    const t = this.peek();
    if (t.kind !== 'string') this.fail(what);
    this.next();
    return { kind: 'String', value: String(t.value), span: t.span };
  }

  // ---- token helpers ----

  private peek(): Token { return this.tokens[this.pos]!; }
  private peekAt(n: number): Token { return this.tokens[Math.min(this.pos + n, this.tokens.length - 1)]!; }
  private next(): Token {
    const t = this.peek();
    if (t.kind !== 'eof') this.pos++;
    return t;
  }
  private atEof(): boolean { return this.peek().kind === 'eof'; }
  private isWord(word: string): boolean { return this.isWordAt(0, word); }
  private isWordAt(n: number, word: string): boolean {
    const t = this.peekAt(n);
    return t.kind === 'ident' && t.value === word;
  }
  private isTopWord(): boolean { return this.peek().kind === 'ident' && TOP_WORDS.has(String(this.peek().value)); }
  private isOp(op: string): boolean { return this.peek().kind === 'op' && this.peek().value === op; }
  private eatOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.next();
    return true;
  }
  private expectOp(op: string): void {
    if (!this.eatOp(op)) this.fail(`\`${op}\``);
  }
  private expectWord(word: string): void {
    if (!this.isWord(word)) this.fail(`\`${word}\``);
    this.next();
  }
  private from(start: number): Span {
    const prev = this.tokens[this.pos - 1];
    return { start, end: Math.max(start, prev?.span.end ?? start) };
  }

  private report(t: Token, expected: string): void {
    const found = t.kind === 'eof' ? 'end of file' : `\`${t.text}\``;
    this.diagnostics.push(diag('expected', t.span, { expected, found }));
  }

  private fail(expected: string): never {
    this.report(this.peek(), expected);
    throw new Abort();
  }

  /** Skips to the next line that starts an analytic item, a closing brace, or a top-level item. */
  private syncItem(itemStart: number): void {
    if (this.pos === itemStart) this.next();
    while (!this.atEof()) {
      const t = this.peek();
      if (t.kind === 'op' && t.value === '}') return;
      if (t.lineStart && t.kind === 'ident' && (ITEM_WORDS.has(String(t.value)) || TOP_WORDS.has(String(t.value)))) return;
      this.next();
    }
  }

  /** Skips to the next line that starts `analytic` or `list`. */
  private syncTop(itemStart: number): void {
    if (this.pos === itemStart) this.next();
    while (!this.atEof() && !(this.peek().lineStart && this.isTopWord())) this.next();
  }
}
