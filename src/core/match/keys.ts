// How join-key values compare: ASCII case folded, like every string comparison of the language.

import type { Row, SqlValue } from '../types/store';
import { foldCase } from '../dsl/semantics/values';

/** A join-key value as keys compare. */
export function lower(v: SqlValue | undefined): SqlValue {
  return typeof v === 'string' ? foldCase(v) : v ?? null;
}

/** The group of a row under the join key read from `keys` (`sequence by host`); null when a part is missing or empty (such a row joins nothing). */
export function joinKey(keys: readonly string[]): (row: Row) => string | null {
  if (keys.length === 1) {
    // `by host`: one group per distinct value, worked out once.
    const key = keys[0]!;
    const groupOf = manyKeys(keys);
    const groups = new Map<SqlValue | undefined, string | null>();
    return (row) => {
      const value = row[key];
      let group = groups.get(value);
      if (group === undefined) groups.set(value, (group = groupOf(row)));
      return group;
    };
  }
  return manyKeys(keys);
}

function manyKeys(keys: readonly string[]): (row: Row) => string | null {
  return (row) => {
    const values = keys.map((k) => lower(row[k]));
    return values.some((v) => v == null || v === '') ? null : JSON.stringify(values);
  };
}
