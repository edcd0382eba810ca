// Windows: a sequence window longer than a week holds partial chains for the whole data and
// is almost always a unit mistake; a gap, threshold window or absence window longer than the
// sequence window can never be used in full.

import { diag } from '../../diagnosticCodes';
import type * as A from '../../syntax/ast';
import type { CheckContext } from '../context';
import { analytics } from '../scope';

const WEEK = 7 * 86_400_000;

export function checkWindows(context: CheckContext): void {
  for (const analytic of analytics(context.document)) {
    const sequence = analytic.sequence;
    if (!sequence) continue;
    const within = sequence.within;
    if (within && within.ms > WEEK) {
      context.report(diag('windowTooLarge', within.span, { window: within.text, reason: 'a sequence window over 7 days keeps every partial chain for the whole data' }));
    }
    const inner = (d: A.Duration | null, what: string): void => {
      if (d && within && d.ms > within.ms) {
        context.report(diag('windowTooLarge', d.span, { window: d.text, reason: `the ${what} is longer than the sequence window ${within.text}` }));
      }
    };
    if (sequence.slack && sequence.slack.ms > 60_000) {
      context.report(diag('windowTooLarge', sequence.slack.span, { window: sequence.slack.text, reason: 'slack tolerates clock precision between logs (a second or two); over a minute it reorders real activity' }));
    }
    inner(sequence.slack, 'slack');
    if (sequence.merge && sequence.merge.ms > WEEK) {
      context.report(diag('windowTooLarge', sequence.merge.span, { window: sequence.merge.text, reason: 'merging chains over 7 days apart folds unrelated activity into one episode' }));
    }
    for (const step of sequence.steps) {
      inner(step.gap, 'gap');
      inner(step.within, 'absence window');
      inner(step.having?.within ?? null, 'threshold window');
      if (step.within && step.mode !== 'absent') {
        context.report(diag('windowTooLarge', step.within.span, { window: step.within.text, reason: '`within` on a step applies to absent steps only; use `gap` to bound the time since the previous step' }, { severity: 'error' }));
      }
    }
    if (analytic.baseline?.duration && analytic.baseline.duration.ms > 366 * 86_400_000) {
      context.report(diag('windowTooLarge', analytic.baseline.duration.span, { window: analytic.baseline.duration.text, reason: 'a baseline over a year' }));
    }
  }
}
