// Sigma correlation rules over the events the referenced rules matched: event_count,
// value_count, temporal and temporal_ordered, grouped by `group-by` (through `aliases`, per
// referenced rule) within `timespan`. A correlation may reference another correlation: its
// matches then count as occurrences at their last event's time. Matching is on event time
// (`ts`, UTC ms); windows start at each occurrence and a match consumes its occurrences, so
// matches of one group never overlap (the earliest complete window is reported).

import type { EventStore } from '../types/store';
import type { SigmaEvent } from './event';
import { branchOfEvent, type LogsourceBranch } from './logsource';
import type { CountCondition, SigmaCorrelation } from './model';
import { RecordReader } from './records';
import { hostsAndTimes, recordPointers } from '../store/recordPointers';

/** One occurrence a correlation counts: an event of a referenced rule, or a match of a referenced correlation. */
export interface Occurrence {
  readonly ts: number;
  /** Index of the referenced rule in the correlation's `rules`. */
  readonly rule: number;
  readonly events: readonly number[];
  /** The group-by values (as text, null when absent), in group-by order. */
  readonly group: readonly (string | null)[];
  /** value_count: the counted field's value. */
  readonly value?: string | null;
}

export interface CorrelationMatch {
  /** group-by name → value. */
  readonly group: Readonly<Record<string, string | null>>;
  readonly start: number;
  readonly end: number;
  /** The events behind the match, ascending. */
  readonly events: number[];
  /** The count the condition was checked on (events, distinct values or distinct rules). */
  readonly count: number;
}

export function holds(condition: CountCondition, n: number): boolean {
  return (condition.gt === undefined || n > condition.gt)
    && (condition.gte === undefined || n >= condition.gte)
    && (condition.lt === undefined || n < condition.lt)
    && (condition.lte === undefined || n <= condition.lte)
    && (condition.eq === undefined || n === condition.eq)
    && (condition.neq === undefined || n !== condition.neq);
}

/**
 * A referenced rule's events with what the correlation reads of them: time and group-by (and
 * counted) fields. Those fields are the rule's taxonomy names: an event read through a
 * renaming logsource branch (Security 4688: User is SubjectUserName) is read by its names, as
 * pySigma's field mappings also rename group-by, aliases and the counted field.
 */
export function ruleOccurrences(store: EventStore, correlation: SigmaCorrelation, rule: number, keys: readonly string[], branches: readonly LogsourceBranch[], events: readonly number[]): Occurrence[] {
  const ids = [...events];
  const times = hostsAndTimes(store, ids);
  const reader = new RecordReader(store);
  const pointers = recordPointers(store, ids);
  const aliasOf = (name: string): string => correlation.aliases[name]?.[keys.find((k) => correlation.aliases[name]?.[k] !== undefined) ?? ''] ?? name;
  return ids.map((id) => {
    const event: SigmaEvent = reader.event(pointers.get(id)!);
    const renames = branchOfEvent(branches, event)?.fields;
    const fieldOf = (name: string): string => { const field = aliasOf(name); return renames?.[field] ?? field; };
    const text = (name: string): string | null => event.text(fieldOf(name)) ?? null;
    return {
      ts: times.get(id)?.ts ?? 0,
      rule,
      events: [id],
      group: correlation.groupBy.map(text),
      ...(correlation.field !== undefined ? { value: text(correlation.field) } : {}),
    };
  });
}

/** A referenced correlation's matches as occurrences (at their last event's time). */
export function matchOccurrences(correlation: SigmaCorrelation, rule: number, matches: readonly CorrelationMatch[]): Occurrence[] {
  return matches.map((m) => ({ ts: m.end, rule, events: m.events, group: correlation.groupBy.map((g) => m.group[g] ?? null) }));
}

function groupsOf(occurrences: readonly Occurrence[]): Map<string, Occurrence[]> {
  const groups = new Map<string, Occurrence[]>();
  for (const o of occurrences) {
    const key = JSON.stringify(o.group.map((v) => v?.toLowerCase() ?? null));
    let list = groups.get(key);
    if (!list) groups.set(key, (list = []));
    list.push(o);
  }
  for (const list of groups.values()) list.sort((a, b) => a.ts - b.ts || a.events[0]! - b.events[0]!);
  return groups;
}

function matchOf(correlation: SigmaCorrelation, used: readonly Occurrence[], count: number): CorrelationMatch {
  const events = [...new Set(used.flatMap((o) => o.events))].sort((a, b) => a - b);
  const group = Object.fromEntries(correlation.groupBy.map((g, i) => [g, used[0]!.group[i] ?? null]));
  return { group, start: Math.min(...used.map((o) => o.ts)), end: Math.max(...used.map((o) => o.ts)), events, count };
}

/** Evaluates a correlation over the occurrences of its referenced rules (index = position in `rules`). */
export function correlate(correlation: SigmaCorrelation, occurrences: readonly Occurrence[]): CorrelationMatch[] {
  const matches: CorrelationMatch[] = [];
  const span = correlation.timespanMs;
  for (const list of groupsOf(occurrences).values()) {
    switch (correlation.type) {
      case 'event_count':
      case 'value_count': {
        const counted = (window: readonly Occurrence[]): number => correlation.type === 'event_count'
          ? window.length
          : new Set(window.map((o) => o.value?.toLowerCase()).filter((v) => v !== undefined && v !== null)).size;
        // With an upper bound (lt, lte, eq; neq too, which a smaller count can satisfy) a window
        // must not be part of a larger burst: a window whose start has an unconsumed occurrence
        // within the timespan before it is skipped.
        const bounded = ['lt', 'lte', 'eq', 'neq'].some((k) => k in correlation.condition);
        let consumed = 0;
        for (let i = 0; i < list.length;) {
          if (bounded && i > consumed && list[i]!.ts - list[i - 1]!.ts <= span) { i++; continue; }
          let j = i;
          while (j + 1 < list.length && list[j + 1]!.ts - list[i]!.ts <= span) j++;
          const window = list.slice(i, j + 1);
          const n = counted(window);
          if (holds(correlation.condition, n)) {
            matches.push(matchOf(correlation, window, n));
            i = consumed = j + 1;
          } else i++;
        }
        break;
      }
      case 'temporal': {
        const need = Object.keys(correlation.condition).length ? correlation.condition : { gte: correlation.rules.length };
        for (let i = 0; i < list.length;) {
          let j = i;
          while (j + 1 < list.length && list[j + 1]!.ts - list[i]!.ts <= span) j++;
          // The shortest prefix of the window whose distinct rules satisfy the condition.
          const seen = new Set<number>();
          let end = -1;
          for (let k = i; k <= j; k++) {
            seen.add(list[k]!.rule);
            if (holds(need, seen.size)) { end = k; break; }
          }
          if (end >= 0) {
            matches.push(matchOf(correlation, list.slice(i, end + 1), seen.size));
            i = end + 1;
          } else i++;
        }
        break;
      }
      case 'temporal_ordered': {
        const rules = correlation.rules.length;
        const used = new Set<Occurrence>();
        for (const first of list) {
          if (first.rule !== 0 || used.has(first)) continue;
          const chain = [first];
          let at = list.indexOf(first);
          for (let r = 1; r < rules; r++) {
            let k = at + 1;
            while (k < list.length && (list[k]!.rule !== r || used.has(list[k]!))) {
              if (list[k]!.ts - first.ts > span) break;
              k++;
            }
            if (k >= list.length || list[k]!.ts - first.ts > span || list[k]!.rule !== r) break;
            chain.push(list[k]!);
            at = k;
          }
          if (chain.length === rules) {
            for (const o of chain) used.add(o);
            matches.push(matchOf(correlation, chain, rules));
          }
        }
        break;
      }
    }
  }
  return matches.sort((a, b) => a.start - b.start);
}

