// How the columns of COLUMNS are stored, as far as SQL written against the row table needs to
// know (store/eventTables.ts builds the tables; dsl/compile writes the analytics' filters).
// Repeated text is interned: the row table `event_rows` holds a small integer per value and a
// dictionary (id, value) holds the text once. Columns nearly every filter tests, and those of
// few distinct values, have a dictionary of their own: a filter on them is a set of codes
// looked up once per statement in a dictionary of a few rows, not a decode per row. Columns
// of many distinct values (paths, command lines, accounts) share one dictionary, which has no
// index on its text: a filter on them decodes each row's value.

/** The row table: interned columns hold dictionary codes. */
export const BASE_TABLE = 'event_rows';

/** Text columns stored as dictionary codes: few distinct values, repeated across events. */
export const INTERNED: ReadonlySet<string> = new Set([
  'host', 'host_fqdn', 'provider', 'channel', 'action',
  'image', 'process_name', 'command_line', 'parent_image', 'parent_name', 'user',
  'protocol', 'conn_state', 'service_name', 'service_state', 'service_image',
  'rule_name', 'fw_action', 'target_user', 'query_name', 'query_type', 'answers',
]);

/**
 * Interned columns with a dictionary of their own (small: a scan of it is a few pages). Each
 * costs at least a page, which small captures feel: seven more (provider, channel, protocol,
 * conn_state, service_state, fw_action, query_type) took the psexec capture from 246 to 252
 * bytes per event, over issue 21's 250, for no gain the benches could tell apart.
 */
const OWN_DICTIONARY: ReadonlySet<string> = new Set(['host', 'action', 'process_name', 'parent_name']);

const SHARED_DICTIONARY = 'strings';

/** The dictionary table of an interned column. */
export function dictionary(column: string): string {
  return OWN_DICTIONARY.has(column) ? `dict_${column}` : SHARED_DICTIONARY;
}

/** Whether the column's values can be compared as a set of codes from a small dictionary of its own. */
export function hasOwnDictionary(column: string): boolean {
  return OWN_DICTIONARY.has(column);
}

export function quote(name: string): string {
  return `"${name}"`;
}

/** The column's text on a row of `event_rows` (a decode of its code when it is interned). */
export function storedValueSql(column: string): string {
  const stored = `${BASE_TABLE}.${quote(column)}`;
  return INTERNED.has(column) ? `(SELECT value FROM ${dictionary(column)} WHERE id = ${stored})` : stored;
}

/**
 * SQL over a row of `event_rows` that is true when the column's text passes `test` (written
 * over a text expression): for a column with a dictionary of its own, the codes whose text
 * passes, found once per statement; otherwise the test of each row's (decoded) text. A NULL
 * stays NULL-like either way (no code is NULL, and `NULL IN (...)` is never true).
 */
export function textConditionSql(column: string, test: (text: string) => string): string {
  if (!hasOwnDictionary(column)) return test(storedValueSql(column));
  return `${BASE_TABLE}.${quote(column)} IN (SELECT id FROM ${dictionary(column)} WHERE ${test('value')})`;
}
