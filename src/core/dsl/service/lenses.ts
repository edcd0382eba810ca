// Where the editor puts its per-analytic actions (Run, chain count, Explain): one anchor per
// analytic, at its header, carrying the analytic id the engine knows it by.

import type { Span } from '../../types/diagnostic';
import type { HuntSource } from './source';

export interface AnalyticAnchor {
  readonly analytic: string;
  /** The `analytic "ID"` header. */
  readonly span: Span;
  readonly steps: readonly string[];
}

export function analyticAnchors(source: HuntSource): AnalyticAnchor[] {
  return source.document.items.flatMap((item) => {
    if (item.kind !== 'Analytic' || !item.id) return [];
    const steps = (item.sequence?.steps ?? []).flatMap((s) => (s.name ? [s.name.name] : []));
    return [{ analytic: item.id.value, span: { start: item.span.start, end: item.id.span.end }, steps }];
  });
}

/** The analytic the cursor is in: the last one starting at or before `offset`, else the first. */
export function analyticAt(source: HuntSource, offset: number): string | undefined {
  const anchors = analyticAnchors(source);
  return ([...anchors].reverse().find((a) => a.span.start <= offset) ?? anchors[0])?.analytic;
}
