// Code actions the editor offers besides the checker's own quick fixes (which travel on each
// Diagnostic as `fixes`): adding a window to a sequence that has none, so a chain cannot span
// the whole dataset.

import type { QuickFix } from '../../types/diagnostic';
import { analyticAt } from './locate';
import type { HuntSource } from './source';

/** "Add window" for the sequence of the analytic at `offset`, when it has no `within`. */
export function addWindowFix(source: HuntSource, offset: number, window: string): QuickFix | undefined {
  const analytic = analyticAt(source.document, offset);
  const sequence = analytic?.sequence;
  if (!sequence || sequence.within) return undefined;
  const lastBy = sequence.by[sequence.by.length - 1];
  const at = lastBy ? lastBy.span.end : sequence.span.start + 'sequence'.length;
  return { title: `Add window: within ${window}`, edits: [{ span: { start: at, end: at }, newText: ` within ${window}` }] };
}
