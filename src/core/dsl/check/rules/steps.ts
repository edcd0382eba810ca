// Steps: unique names, a required first step (it anchors every chain), per-step keys of the
// same arity, and steps that can never match: a conjunction that requires one field to equal
// two different values, or a category test that contradicts the step's category.

import { diag } from '../../diagnosticCodes';
import type * as A from '../../syntax/ast';
import { equals } from '../../semantics/values';
import type { CheckContext } from '../context';
import { fieldTarget, rowKey } from '../../semantics/resolve';
import { analytics } from '../scope';

export function checkSteps(context: CheckContext): void {
  for (const analytic of analytics(context.document)) {
    const sequence = analytic.sequence;
    if (!sequence) continue;
    const names = new Set<string>();
    let keyArity: number | null = null;
    sequence.steps.forEach((step, i) => {
      const name = step.name?.name ?? '';
      if (step.name) {
        if (names.has(name)) context.report(diag('duplicate', step.name.span, { what: 'step', name }));
        names.add(name);
        if (step.body?.kind === 'Alternatives') {
          const alts = new Set<string>();
          for (const o of step.body.options) {
            if (alts.has(o.name.name)) context.report(diag('duplicate', o.name.span, { what: 'alternative', name: o.name.name }));
            alts.add(o.name.name);
          }
        }
      }
      if (i === 0 && step.mode !== 'required') {
        context.report(diag('unreachableStep', step.span, { name, reason: 'the first step anchors every chain, so it cannot be optional or absent' }, { severity: 'error' }));
      }
      if (step.by.length) {
        if (keyArity === null) keyArity = step.by.length;
        else if (step.by.length !== keyArity) context.report(diag('keyArity', step.by[0]!.span, { name, count: step.by.length, expected: keyArity }));
      }
      if (step.having && step.mode === 'absent') {
        context.report(diag('unreachableStep', step.having.span, { name, reason: 'an absent step cannot have a threshold' }, { severity: 'error' }));
      }
      const selections = !step.body ? [] : step.body.kind === 'Alternatives' ? step.body.options.flatMap((o) => (o.selection ? [o.selection] : [])) : [step.body];
      for (const s of selections) {
        const reason = contradiction(s);
        if (reason) context.report(diag('unreachableStep', s.span, { name, reason }));
      }
    });
  }
}

/** A reason the selection can never hold, found among the equalities of its top-level conjunction. */
function contradiction(selection: A.Selection): string | null {
  const required = new Map<string, A.Literal>();
  if (selection.category.name !== 'any') required.set('category', { kind: 'String', value: selection.category.name, span: selection.category.span });
  const conjuncts: A.Expr[] = [];
  const split = (e: A.Expr): void => {
    if (e.kind === 'Logical' && e.op === 'and') { split(e.left); split(e.right); } else conjuncts.push(e);
  };
  if (selection.where) split(selection.where);
  for (const c of conjuncts) {
    if (c.kind !== 'Compare' || c.op !== '==' || c.left.kind !== 'Field') continue;
    const right = c.right;
    if (right.kind !== 'String' && right.kind !== 'Number') continue;
    const key = rowKey(fieldTarget(c.left.name));
    const prior = required.get(key);
    if (prior && prior.kind !== 'Null' && !equals(prior.value, right.value)) {
      return `${c.left.name} cannot be both ${JSON.stringify(prior.value)} and ${JSON.stringify(right.value)}`;
    }
    required.set(key, right);
  }
  return null;
}
