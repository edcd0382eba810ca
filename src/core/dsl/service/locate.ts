// Finding things in a `.hunt` file by offset: the token under the cursor, the analytic that
// encloses an offset, and the declarations (steps, alternatives, lists) a name can refer to.
// Works on the error-recovering parser's tree, so it answers on half-typed text too.

import type * as A from '../syntax/ast';
import type { Token } from '../syntax/tokens';
import type { Span } from '../../types/diagnostic';

export function contains(span: Span, offset: number): boolean {
  return span.start <= offset && offset <= span.end;
}

/** The token that contains the offset, or ends right at it (the word being typed). */
export function tokenAt(all: readonly Token[], offset: number): Token | undefined {
  return all.find((t) => t.span.start <= offset && offset <= t.span.end && t.span.end > t.span.start);
}

export function analyticAt(document: A.Document, offset: number): A.Analytic | undefined {
  return document.items.find((item): item is A.Analytic => item.kind === 'Analytic' && contains(item.span, offset));
}

export interface NamedDecl {
  readonly name: string;
  readonly kind: 'step' | 'alternative' | 'list';
  readonly span: Span;
  readonly node: A.Step | A.Alternative | A.ListDecl;
}

/** Steps and alternatives an analytic declares, in order. */
export function stepDecls(analytic: A.Analytic): NamedDecl[] {
  const out: NamedDecl[] = [];
  for (const step of analytic.sequence?.steps ?? []) {
    if (step.name) out.push({ name: step.name.name, kind: 'step', span: step.name.span, node: step });
    if (step.body?.kind === 'Alternatives') {
      for (const option of step.body.options) out.push({ name: option.name.name, kind: 'alternative', span: option.name.span, node: option });
    }
  }
  return out;
}

export function listDecls(document: A.Document): NamedDecl[] {
  return document.items
    .filter((item): item is A.ListDecl => item.kind === 'ListDecl')
    .map((list) => ({ name: list.name.name, kind: 'list' as const, span: list.name.span, node: list }));
}

/** The step whose declaration or body contains the offset. */
export function stepAt(analytic: A.Analytic, offset: number): A.Step | undefined {
  return analytic.sequence?.steps.find((s) => contains(s.span, offset));
}
