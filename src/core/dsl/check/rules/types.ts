// Type checks on comparisons: an integer column against text that is not a number, ordering
// (<, >) on text columns against numbers, and values a closed column never takes
// (`direction == "inbond"`, `category == "proces"`).

import { column, type ColumnSpec } from '../../../schema/columns';
import { diag } from '../../diagnosticCodes';
import type * as A from '../../syntax/ast';
import { walk } from '../../syntax/visit';
import type { CheckContext } from '../context';
import { resolveName, type StepScope } from '../../semantics/resolve';
import { scopedParts } from '../scope';

function columnSpec(o: A.Operand, scope: StepScope): ColumnSpec | undefined {
  if (o.kind !== 'Field') return undefined;
  const r = resolveName(o, scope);
  const t = r.kind === 'ref' ? r.target : r;
  return t.kind === 'column' ? column(t.column) : undefined;
}

export function checkTypes(context: CheckContext): void {
  for (const { node, scope } of scopedParts(context.document)) {
    walk(node, {
      enter(n) {
        if (n.kind === 'Compare') {
          checkPair(context, n.left, n.right, n.op, scope);
          checkPair(context, n.right, n.left, n.op, scope);
        } else if (n.kind === 'In' && n.values) {
          for (const v of n.values) checkPair(context, n.subject, v, '==', scope);
        }
      },
    });
  }
}

function checkPair(context: CheckContext, fieldSide: A.Operand, valueSide: A.Operand, op: A.CompareOp, scope: StepScope): void {
  const spec = columnSpec(fieldSide, scope);
  if (!spec || fieldSide.kind !== 'Field') return;
  if (valueSide.kind === 'String') {
    if (spec.type === 'integer' && !/^-?\d+$/.test(valueSide.value.trim())) {
      context.report(diag('typeMismatch', valueSide.span, { detail: `${fieldSide.name} is an integer; "${valueSide.value}" is not a number.` }));
    } else if (spec.values && (op === '==' || op === '!=') && !spec.values.includes(valueSide.value.toLowerCase())) {
      context.report(diag('valueNotAllowed', valueSide.span, { field: fieldSide.name, value: `"${valueSide.value}"`, values: spec.values.join(', ') }));
    }
  } else if (valueSide.kind === 'Number' && spec.type === 'text' && op !== '==' && op !== '!=') {
    context.report(diag('typeMismatch', valueSide.span, { detail: `${fieldSide.name} is text; ordering it against the number ${valueSide.value} compares as text only when both read as numbers.` }, { severity: 'warning' }));
  } else if (valueSide.kind === 'Bool' && spec.type === 'integer') {
    context.report(diag('typeMismatch', valueSide.span, { detail: `${fieldSide.name} is an integer, not a boolean.` }));
  }
}
