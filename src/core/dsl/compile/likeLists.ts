// Long wildcard lists of the SQL prefilter (sql.ts), bound by number. The prefilter calls the
// JS wildcard matcher from SQL (`hb_like_any(column, ?)`, registered by match/candidates.ts)
// once per row it tests; with the list's text as the bound value, sql.js decoded that text
// out of the wasm heap and the lookup hashed it again on every call (about a tenth of
// AN0327's CPU profile at 1M, docs/benchmarks.md). A number costs neither.
// One id per distinct list (by content) for the life of the process: a handful per analytic.

import { wildcardMatcher } from '../semantics/values';

/** Values per list whose answer is remembered: image paths repeat across most events. */
const REMEMBERED_VALUES = 4096;

const ids = new Map<string, number>();
const matchers: ((text: string) => boolean)[] = [];

/** The id the prefilter binds for this list of patterns. */
export function likeListId(patterns: readonly string[]): number {
  const key = JSON.stringify(patterns);
  let id = ids.get(key);
  if (id === undefined) {
    id = matchers.length;
    matchers.push(remembering(wildcardMatcher(patterns)));
    ids.set(key, id);
  }
  return id;
}

/** The matcher of a list id, undefined for a number no list was given. */
export function likeListMatcher(id: number): ((text: string) => boolean) | undefined {
  return matchers[id];
}

/** The matcher with its answers remembered per value (bounded: cleared when full). */
function remembering(matches: (text: string) => boolean): (text: string) => boolean {
  const answers = new Map<string, boolean>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      if (answers.size >= REMEMBERED_VALUES) answers.clear();
      answer = matches(text);
      answers.set(text, answer);
    }
    return answer;
  };
}
