// Code actions the editor offers besides the checker's own quick fixes (which travel on each
// Diagnostic as `fixes`): adding a window to a sequence that has none, so a chain cannot span
// the whole dataset.

import type { QuickFix } from '../../types/diagnostic';
import { parse } from '../syntax/parser';
import { analyticAt } from './locate';

/** "Add window" for the sequence of the analytic at `offset`, when it has no `within`. */
export function addWindowFix(text: string, offset: number, window: string): QuickFix | undefined {
  const analytic = analyticAt(parse(text).document, offset);
  const sequence = analytic?.sequence;
  if (!sequence || sequence.within) return undefined;
  const lastBy = sequence.by[sequence.by.length - 1];
  const at = lastBy ? lastBy.span.end : sequence.span.start + 'sequence'.length;
  return { title: `Add window: within ${window}`, edits: [{ span: { start: at, end: at }, newText: ` within ${window}` }] };
}
