// Document outline and go-to-definition for `.hunt` files: analytics with their steps and
// alternatives, lists; and from a step reference (`open.local_port`) or a list use
// (`in service_allowlist`) back to its declaration.

import type { Span } from '../../types/diagnostic';
import type * as A from '../syntax/ast';
import { tokens, type HuntSource } from './source';
import { analyticAt, listDecls, stepDecls, tokenAt } from './locate';

export interface OutlineSymbol {
  readonly name: string;
  readonly kind: 'analytic' | 'step' | 'alternative' | 'list' | 'test';
  readonly detail: string;
  /** The whole construct. */
  readonly span: Span;
  /** The name, selected when the symbol is chosen. */
  readonly nameSpan: Span;
  readonly children: readonly OutlineSymbol[];
}

export function outline(source: HuntSource): OutlineSymbol[] {
  const { document } = source;
  return document.items.map((item) => (item.kind === 'ListDecl' ? listSymbol(item) : analyticSymbol(item)));
}

/** The declaration a name at `offset` refers to, or undefined. */
export function definition(source: HuntSource, offset: number): Span | undefined {
  const token = tokenAt(tokens(source), offset);
  if (!token || token.kind !== 'ident') return undefined;
  const name = String(token.value);
  const { document } = source;
  const analytic = analyticAt(document, offset);
  const head = name.includes('.') ? name.slice(0, name.indexOf('.')) : name;
  const step = analytic ? stepDecls(analytic).find((d) => d.name === head) : undefined;
  if (step) return step.span;
  return listDecls(document).find((d) => d.name === name)?.span;
}

function listSymbol(list: A.ListDecl): OutlineSymbol {
  const detail = list.file ? `from ${list.file.value}` : `${list.values?.length ?? 0} values`;
  return { name: list.name.name, kind: 'list', detail, span: list.span, nameSpan: list.name.span, children: [] };
}

function analyticSymbol(analytic: A.Analytic): OutlineSymbol {
  const title = analytic.meta.find((m) => m.key === 'title')?.values[0];
  const steps = (analytic.sequence?.steps ?? []).filter((s) => s.name).map(stepSymbol);
  const tests = analytic.tests.filter((t) => t.name).map((t): OutlineSymbol => ({
    name: t.name!.value, kind: 'test', detail: `expect ${t.expect?.value ?? '?'}`, span: t.span, nameSpan: t.name!.span, children: [],
  }));
  const nameSpan = analytic.id?.span ?? { start: analytic.span.start, end: analytic.span.start + 'analytic'.length };
  return {
    name: analytic.id?.value ?? '(unnamed analytic)',
    kind: 'analytic',
    detail: title && title.kind === 'String' ? title.value : '',
    span: analytic.span,
    nameSpan,
    children: [...steps, ...tests],
  };
}

function stepSymbol(step: A.Step): OutlineSymbol {
  const alternatives = step.body?.kind === 'Alternatives'
    ? step.body.options.map((o): OutlineSymbol => ({
      name: o.name.name, kind: 'alternative', detail: o.selection?.category.name ?? '', span: o.span, nameSpan: o.name.span, children: [],
    }))
    : [];
  const category = step.body?.kind === 'Selection' ? step.body.category.name : step.body ? 'any of' : '';
  const mode = step.mode === 'required' ? '' : `${step.mode} `;
  return { name: step.name!.name, kind: 'step', detail: `${mode}${category}`.trim(), span: step.span, nameSpan: step.name!.span, children: alternatives };
}
