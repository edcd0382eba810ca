// Walks each analytic's sequence with the step scope in force at every expression: which
// step names exist, and which come before the current step (references may read only those).

import type * as A from '../syntax/ast';
import type { StepScope } from '../semantics/resolve';

export interface ScopedNode {
  readonly analytic: A.Analytic;
  readonly node: A.Node;
  readonly scope: StepScope;
  /** The step the node belongs to, null for the sequence's `by` and `until`. */
  readonly step: A.Step | null;
}

export function analytics(document: A.Document): A.Analytic[] {
  return document.items.filter((i): i is A.Analytic => i.kind === 'Analytic');
}

/** Every step-level part of every sequence (step `by` fields, bodies, `having`) with its scope. */
export function* scopedParts(document: A.Document): Generator<ScopedNode> {
  for (const analytic of analytics(document)) {
    const sequence = analytic.sequence;
    if (!sequence) continue;
    const all = new Set(sequence.steps.flatMap((s) => (s.name ? [s.name.name] : [])));
    const none: StepScope = { earlier: new Set(), all };
    for (const f of sequence.by) yield { analytic, node: f, scope: none, step: null };
    const earlier = new Set<string>();
    for (const step of sequence.steps) {
      const scope: StepScope = { earlier: new Set(earlier), all };
      for (const f of step.by) yield { analytic, node: f, scope: none, step };
      if (step.body) yield { analytic, node: step.body, scope, step };
      if (step.having) yield { analytic, node: step.having, scope: none, step };
      if (step.name) earlier.add(step.name.name);
    }
    if (sequence.until) yield { analytic, node: sequence.until, scope: none, step: null };
  }
}
