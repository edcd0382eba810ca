// Field knowledge for the editor: every name a field can be written as, with its canonical
// column, type and documentation, derived from the schema (columns.ts, aliases.ts) so the
// completion list and hover text never drift from what the checker accepts.

import { ALIASES, resolveField, type AliasFamily } from '../../schema/aliases';
import { column, type ColumnSpec } from '../../schema/columns';

const FAMILY_LABEL: Record<AliasFamily, string> = {
  canonical: 'canonical', sigma: 'Sigma / Windows', ecs: 'ECS', cim: 'Splunk CIM', zeek: 'Zeek',
};

export interface FieldInfo {
  /** The name as written. */
  readonly name: string;
  readonly column: ColumnSpec;
  /** Every other name for the same column, with its family. */
  readonly aliases: readonly { readonly name: string; readonly family: string }[];
}

/** What a field name means, or undefined for an original (unmapped) field. */
export function fieldInfo(name: string): FieldInfo | undefined {
  const canonical = resolveField(name);
  if (!canonical) return undefined;
  const spec = column(canonical)!;
  const aliases = ALIASES.filter((a) => a.column === canonical && a.name.toLowerCase() !== name.toLowerCase())
    .map((a) => ({ name: a.name, family: FAMILY_LABEL[a.family] }));
  return { name, column: spec, aliases };
}

/** Every field name the editor offers: canonical names first, then aliases by family. */
export function allFieldNames(): readonly { readonly name: string; readonly column: string; readonly family: string }[] {
  return ALIASES.map((a) => ({ name: a.name, column: a.column, family: FAMILY_LABEL[a.family] }));
}
