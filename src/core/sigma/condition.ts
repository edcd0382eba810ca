// The `condition` of a Sigma detection: a small boolean language over search identifiers.
// Precedence, least binding first: or, and, not, `x of`, parentheses (Sigma 2, "Condition").
//
//   expr    := and ('or' and)*
//   and     := not ('and' not)*
//   not     := 'not' not | primary
//   primary := '(' expr ')' | ('1' | 'any' | 'all') 'of' (pattern | 'them') | identifier
//
// Identifiers and patterns may hold `*` wildcards. Sigma 1 aggregations (`| count() by x > 5`)
// and `near` are reported as such. Spans are offsets into the condition text.

import type { Span } from '../types/diagnostic';
import { ANY, globMatcher } from './sigmaString';

export type Condition =
  | { readonly kind: 'id'; readonly name: string; readonly span: Span }
  | { readonly kind: 'of'; readonly all: boolean; readonly pattern: string | null; readonly span: Span }
  | { readonly kind: 'not'; readonly expr: Condition }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition };

export interface ConditionError {
  readonly error: string;
  /** 'aggregation' for Sigma 1 aggregations and near, which have their own code. */
  readonly kind: 'syntax' | 'aggregation';
  readonly span: Span;
}

interface Token { readonly text: string; readonly lower: string; readonly span: Span }

const TOKEN = /\s*(\(|\)|\||[^\s()|]+)/y;

function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  TOKEN.lastIndex = 0;
  for (let m = TOKEN.exec(source); m; m = TOKEN.exec(source)) {
    const start = m.index + m[0].length - m[1]!.length;
    tokens.push({ text: m[1]!, lower: m[1]!.toLowerCase(), span: { start, end: start + m[1]!.length } });
  }
  return tokens;
}

const RESERVED = new Set(['and', 'or', 'not', 'of', '(', ')', '|']);

export function parseCondition(source: string): Condition | ConditionError {
  const tokens = tokenize(source);
  let pos = 0;
  // Errors at the end point at the last token.
  const end: Span = tokens[tokens.length - 1]?.span ?? { start: 0, end: source.length };
  const peek = (): Token | undefined => tokens[pos];
  class Stop extends Error { constructor(readonly result: ConditionError) { super(result.error); } }
  const error = (message: string, span: Span, kind: ConditionError['kind'] = 'syntax'): never => { throw new Stop({ error: message, kind, span }); };

  const expr = (): Condition => {
    let left = and();
    while (peek()?.lower === 'or') { pos++; left = { kind: 'or', left, right: and() }; }
    return left;
  };
  const and = (): Condition => {
    let left = not();
    while (peek()?.lower === 'and') { pos++; left = { kind: 'and', left, right: not() }; }
    return left;
  };
  const not = (): Condition => {
    if (peek()?.lower === 'not') { pos++; return { kind: 'not', expr: not() }; }
    return primary();
  };
  const primary = (): Condition => {
    const t = peek();
    if (!t) return error('expected a search identifier, `x of`, `not` or `(` at the end', end);
    if (t.text === '(') {
      pos++;
      const inner = expr();
      if (peek()?.text !== ')') return error(`expected ) but found ${peek()?.text ?? 'the end'}`, peek()?.span ?? end);
      pos++;
      return inner;
    }
    if (tokens[pos + 1]?.lower === 'of') {
      const quantifier = t.lower;
      if (quantifier !== '1' && quantifier !== 'all' && quantifier !== 'any') return error(`\`${t.text} of\` is not Sigma: use \`1 of\` or \`all of\``, t.span);
      const target = tokens[pos + 2];
      if (!target || RESERVED.has(target.lower)) return error(`expected a search identifier pattern or \`them\` after \`${t.text} of\``, target?.span ?? end);
      pos += 3;
      return { kind: 'of', all: quantifier === 'all', pattern: target.lower === 'them' ? null : target.text, span: { start: t.span.start, end: target.span.end } };
    }
    if (t.lower === 'near') return error('`near` (Sigma 1)', t.span, 'aggregation');
    if (RESERVED.has(t.lower)) return error(`expected a search identifier but found ${t.text}`, t.span);
    pos++;
    return { kind: 'id', name: t.text, span: t.span };
  };

  try {
    const result = expr();
    const rest = peek();
    if (rest?.text === '|') return { error: `\`${source.slice(rest.span.start).trim()}\``, kind: 'aggregation', span: { start: rest.span.start, end: source.length } };
    if (rest) return { error: `unexpected ${rest.text}`, kind: 'syntax', span: rest.span };
    return result;
  } catch (e) {
    if (e instanceof Stop) return e.result;
    throw e;
  }
}

export function isConditionError(c: Condition | ConditionError): c is ConditionError {
  return 'error' in c;
}

/** Whether a search identifier matches an `x of` pattern (`*` any run of characters). */
export function identifierMatches(pattern: string, name: string): boolean {
  return globMatcher({ parts: pattern.split(/(\*)/).filter((p) => p !== '').map((p) => (p === '*' ? ANY : p)) }, true)(name);
}
