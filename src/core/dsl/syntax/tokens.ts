// Token kinds of the `.hunt` language. Keywords are not reserved at the lexer level: they are
// identifiers the parser recognises by text, so a field may still be called `count` or `from`.

import type { Span } from '../../types/diagnostic';

export type TokenKind =
  | 'ident' // names, dotted names (process.name, open.local_port, T1569.002), keywords
  | 'quoted' // `back-quoted` field name with any characters
  | 'string' // "..." with JSON escapes
  | 'number' // 42, 3.5, -1
  | 'duration' // 500ms 30s 5m 1h 1d
  | 'regex' // /pattern/flags
  | 'op' // == != < <= > >= = : , | ( ) [ ] { }
  | 'eof'
  | 'error'; // an unlexable character or unterminated literal (already diagnosed)

export interface Token {
  readonly kind: TokenKind;
  /** The source text of the token. */
  readonly text: string;
  /** The decoded value: string contents, number, duration in ms, regex source. */
  readonly value: string | number;
  readonly span: Span;
  /** For regex tokens: the flags after the closing slash. */
  readonly flags?: string;
  /** True when a newline separates this token from the previous one (parser resynchronisation). */
  readonly lineStart: boolean;
}

export const DURATION_UNITS: Readonly<Record<string, number>> = {
  ms: 1, s: 1000, m: 60_000, h: 3_600_000, d: 86_400_000,
};
