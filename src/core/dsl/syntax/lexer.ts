// The lexer: source text -> tokens. Never throws; bad characters and unterminated literals
// become `error` tokens plus a diagnostic, and lexing continues. Comments run from `#` or `//`
// to the end of the line. Slashes only ever start a regex (the language has no division).

import type { Diagnostic } from '../../types/diagnostic';
import { diag } from '../diagnosticCodes';
import { DURATION_UNITS, type Token, type TokenKind } from './tokens';

const IDENT_START = /[A-Za-z_@]/;
const IDENT_PART = /[A-Za-z0-9_@.\-]/;
const OPERATORS = ['==', '!=', '<=', '>=', '<', '>', '=', ':', ',', '|', '(', ')', '[', ']', '{', '}', '%'];

/**
 * Lines end at LF, CRLF or a lone CR, as in the editor: a CR-only file must not read as one
 * line (its first comment would swallow every analytic the editor shows below it).
 */
export const isLineBreak = (c: string | undefined): boolean => c === '\n' || c === '\r';

/** Offset where the line holding `offset` starts. */
export function lineStartOf(text: string, offset: number): number {
  return Math.max(text.lastIndexOf('\n', offset - 1), text.lastIndexOf('\r', offset - 1)) + 1;
}

export interface LexResult {
  readonly tokens: Token[];
  readonly diagnostics: Diagnostic[];
}

export function lex(text: string): LexResult {
  const tokens: Token[] = [];
  const diagnostics: Diagnostic[] = [];
  let i = 0;
  let lineStart = true;
  const push = (kind: TokenKind, start: number, value: string | number, flags?: string): void => {
    const token: Token = { kind, text: text.slice(start, i), value, span: { start, end: i }, lineStart };
    tokens.push(flags === undefined ? token : { ...token, flags });
    lineStart = false;
  };

  while (i < text.length) {
    const c = text[i]!;
    if (isLineBreak(c)) { lineStart = true; i++; continue; }
    if (c === ' ' || c === '\t') { i++; continue; }
    if (c === '#' || (c === '/' && text[i + 1] === '/')) {
      while (i < text.length && !isLineBreak(text[i])) i++;
      continue;
    }
    const start = i;
    if (c === '"') { lexString(); continue; }
    if (c === '`') {
      let end = i + 1;
      while (end < text.length && text[end] !== '`' && !isLineBreak(text[end])) end++;
      if (text[end] !== '`') {
        i = end;
        diagnostics.push(diag('unterminatedString', { start, end: i }));
        push('error', start, '');
      } else {
        i = end + 1;
        push('quoted', start, text.slice(start + 1, end));
      }
      continue;
    }
    if (c === '/') { lexRegex(); continue; }
    if (/[0-9]/.test(c) || (c === '-' && /[0-9]/.test(text[i + 1] ?? ''))) { lexNumber(); continue; }
    if (IDENT_START.test(c)) {
      i++;
      while (i < text.length && IDENT_PART.test(text[i]!)) i++;
      // A trailing dot or dash belongs to the punctuation, not the name.
      while (i > start + 1 && (text[i - 1] === '.' || text[i - 1] === '-')) i--;
      push('ident', start, text.slice(start, i));
      continue;
    }
    const op = OPERATORS.find((o) => text.startsWith(o, i));
    if (op) {
      i += op.length;
      push('op', start, op);
      continue;
    }
    // A whole code point: an emoji is one error spanning both UTF-16 halves, never two halves.
    const char = String.fromCodePoint(text.codePointAt(i)!);
    i += char.length;
    diagnostics.push(diag('invalidCharacter', { start, end: i }, { char: JSON.stringify(char) }));
    push('error', start, char);
  }
  push('eof', i, '');
  return { tokens, diagnostics };

  function lexString(): void {
    const start = i;
    i++;
    let value = '';
    while (i < text.length && text[i] !== '"' && !isLineBreak(text[i])) {
      if (text[i] === '\\' && i + 1 < text.length) {
        const e = text[i + 1]!;
        const simple: Record<string, string> = { n: '\n', t: '\t', r: '\r', '"': '"', '\\': '\\', '/': '/', b: '\b', f: '\f' };
        if (e in simple) { value += simple[e]; i += 2; continue; }
        if (e === 'u' && /^[0-9a-fA-F]{4}$/.test(text.slice(i + 2, i + 6))) {
          value += String.fromCharCode(parseInt(text.slice(i + 2, i + 6), 16));
          i += 6;
          continue;
        }
        // Unknown escapes keep the backslash, so Windows paths written with single
        // backslashes ("C:\Windows\temp") still mean what the author wrote.
        value += '\\';
        i++;
        continue;
      }
      value += text[i];
      i++;
    }
    if (text[i] !== '"') {
      diagnostics.push(diag('unterminatedString', { start, end: i }));
      push('error', start, value);
      return;
    }
    i++;
    push('string', start, value);
  }

  function lexRegex(): void {
    const start = i;
    i++;
    let source = '';
    while (i < text.length && text[i] !== '/' && !isLineBreak(text[i])) {
      if (text[i] === '\\' && i + 1 < text.length && !isLineBreak(text[i + 1])) { source += text.slice(i, i + 2); i += 2; continue; }
      source += text[i];
      i++;
    }
    if (text[i] !== '/') {
      diagnostics.push(diag('unterminatedRegex', { start, end: i }));
      push('error', start, source);
      return;
    }
    i++;
    const flagStart = i;
    while (i < text.length && /[a-z]/.test(text[i]!)) i++;
    push('regex', start, source, text.slice(flagStart, i));
  }

  function lexNumber(): void {
    const start = i;
    if (text[i] === '-') i++;
    while (i < text.length && /[0-9_]/.test(text[i]!)) i++;
    if (text[i] === '.' && /[0-9]/.test(text[i + 1] ?? '')) {
      i++;
      while (i < text.length && /[0-9]/.test(text[i]!)) i++;
    }
    const numText = text.slice(start, i).replace(/_/g, '');
    if (/[A-Za-z]/.test(text[i] ?? '')) {
      const unitStart = i;
      while (i < text.length && /[A-Za-z0-9]/.test(text[i]!)) i++;
      const unit = text.slice(unitStart, i);
      const scale = DURATION_UNITS[unit];
      if (scale === undefined || numText.startsWith('-')) {
        diagnostics.push(diag('badDuration', { start, end: i }, { text: text.slice(start, i) }));
        push('error', start, text.slice(start, i));
        return;
      }
      push('duration', start, Number(numText) * scale);
      return;
    }
    push('number', start, Number(numText));
  }
}
