// How join-key values compare: ASCII case folded, like every string comparison of the language.

import type { SqlValue } from '../types/store';
import { foldCase } from '../dsl/semantics/values';

/** A join-key value as keys compare. */
export function lower(v: SqlValue | undefined): SqlValue {
  return typeof v === 'string' ? foldCase(v) : v ?? null;
}
