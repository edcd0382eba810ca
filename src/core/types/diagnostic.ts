// A diagnostic is data: a stable code, a severity, a message and a source span.
// Produced by the lexer, parser and checker (collected, never thrown); rendered as text
// only at the edges (CLI, VS Code). The catalogue of codes lives in dsl/diagnosticCodes.ts.

/** Half-open range of UTF-16 offsets into the source text. */
export interface Span {
  readonly start: number;
  readonly end: number;
}

export type DiagnosticSeverity = 'error' | 'warning' | 'info' | 'hint';

export interface TextEdit {
  readonly span: Span;
  readonly newText: string;
}

export interface QuickFix {
  readonly title: string;
  readonly edits: readonly TextEdit[];
}

export interface Diagnostic {
  /** Stable code, e.g. HUNT1001. */
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  readonly message: string;
  readonly span: Span;
  readonly fixes?: readonly QuickFix[];
}
