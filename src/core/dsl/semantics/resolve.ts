// Name resolution shared by the checker and the compiler: what a written field name means.
// A dotted name whose first part is a step of the same sequence is a reference to that
// step's event (`open.local_port`); otherwise the whole name is a field, resolved through
// the schema's aliases (`process.name` -> process_name), or an original field read from the
// raw record when no alias knows it.

import { resolveField } from '../../schema/aliases';
import type { ColumnName } from '../../schema/columns';
import type { Field } from '../syntax/ast';

export type FieldTarget =
  | { readonly kind: 'column'; readonly column: ColumnName }
  | { readonly kind: 'raw'; readonly name: string };

export type Resolved =
  | FieldTarget
  | { readonly kind: 'ref'; readonly step: string; readonly target: FieldTarget }
  /** A reference to a step that exists but is not earlier than the current one. */
  | { readonly kind: 'laterRef'; readonly step: string; readonly target: FieldTarget };

export interface StepScope {
  /** Names of the steps before the current one (references may read these). */
  readonly earlier: ReadonlySet<string>;
  /** Names of every step in the sequence. */
  readonly all: ReadonlySet<string>;
}

export const NO_STEPS: StepScope = { earlier: new Set(), all: new Set() };

export function fieldTarget(name: string): FieldTarget {
  const column = resolveField(name);
  return column ? { kind: 'column', column } : { kind: 'raw', name };
}

export function resolveName(field: Field, scope: StepScope): Resolved {
  const dot = field.name.indexOf('.');
  if (!field.quoted && dot > 0) {
    const step = field.name.slice(0, dot);
    if (scope.all.has(step)) {
      const target = fieldTarget(field.name.slice(dot + 1));
      return scope.earlier.has(step) ? { kind: 'ref', step, target } : { kind: 'laterRef', step, target };
    }
  }
  return fieldTarget(field.name);
}

/** The row key a target's value is read from: the column name, or `raw:<name>` for original fields. */
/** The row key under which a candidate carries whether Sigma rule `id` matched it (see plan.extraColumns). */
export function sigmaKey(id: string): string {
  return `sigma:${id}`;
}

export function rowKey(target: FieldTarget): string {
  return target.kind === 'column' ? target.column : `raw:${target.name}`;
}
