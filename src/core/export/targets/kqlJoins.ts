// KQL's joins around the scan: a threshold step becomes a sliding-window view before it, and an
// absent step a leftanti join of the chains it found against the step's events after it. Both
// carry the sequence key, per-step keys and (for absence) references to earlier steps.

import type * as A from '../../dsl/syntax/ast';
import { columnOf, stepName, type Dialect } from '../walker';
import { doubleQuoted, durationText } from './common';
import reserved from './kqlReserved.json';

/** A KQL string literal: `\uXXXX` for line breaks and other control characters. */
export const quote = (s: string): string => doubleQuoted(s, (hex) => `\\u${hex.padStart(4, '0')}`);

const RESERVED: ReadonlySet<string> = new Set(reserved.words);

/** A name (column, step, view); one that is not an identifier or is a Kusto keyword (`last`) is bracketed: `["a-b"]`. */
export const ident = (name: string): string => (/^[A-Za-z_][A-Za-z0-9_]*$/.test(name) && !RESERVED.has(name) ? name : `[${quote(name)}]`);

/**
 * A threshold step's events that meet `having` over the window ending at each of them (same
 * keys), as rows of the step's view marked with `hb_source`.
 */
export function burstView(step: A.Step, name: string, events: string, keys: readonly string[], within: A.Duration | null, columns: readonly string[]): string[] {
  const conditions = step.having!.conditions;
  const values = conditions.flatMap((c, i) => (c.field ? [`hb_v${i} = ${ident(columnOf(c.field))}`] : []));
  const aggregates = conditions.map((c, i) => (c.fn === 'count' ? `hb_c${i} = count()` : `hb_c${i} = count_distinct(hb_v${i})`));
  const tests = conditions.map((c, i) => `hb_c${i} ${c.op} ${c.value?.value ?? 0}`);
  const stepEvents = ident(`hb_${name}_events`);
  return [
    `let ${stepEvents} = ${events} | serialize hb_row = row_number();`,
    `let ${ident(`hb_${name}`)} = ${stepEvents}`,
    `    | join kind=inner (${stepEvents} | project ${[...keys, 'hb_t = ts', ...values].join(', ')}) on ${keys.join(', ')}`,
    `    | where ${within ? `hb_t between ((ts - ${durationText(within.ms)}) .. ts)` : 'hb_t <= ts'}`,
    `    | summarize ${aggregates.join(', ')}, arg_max(ts, *) by hb_row`,
    `    | where ${tests.join(' and ')}`,
    `    | project ${['ts', ...columns.filter((c) => c !== 'ts')].map(ident).join(', ')}, hb_source = ${quote(name)};`,
  ];
}

export interface Absence {
  readonly sequence: A.Sequence;
  readonly step: A.Step;
  /** The sequence key columns, as KQL identifiers. */
  readonly keyBy: readonly string[];
  readonly firstKeyed: A.Step | undefined;
  readonly dialect: Dialect;
  /** The views the absent step reads. */
  readonly events: string;
  /** The step's condition rendered through a dialect (references become chain columns). */
  readonly condition: (dialect: Dialect) => string;
}

/**
 * `let hb_<step>_hits`: the chains (from `hb_chains`) with an event of the absent step between
 * the previous present step's event and the next one's (or within the step's own window).
 */
export function absenceHits(x: Absence): string[] {
  const { sequence, keyBy, firstKeyed } = x;
  const a = x.step;
  const step = (s: A.Step): string => stepName(s, sequence.steps.indexOf(s));
  const name = (s: A.Step): string => quote(step(s));
  const index = sequence.steps.indexOf(a);
  const first = sequence.steps.find((s) => s.mode === 'required')!;
  const prev = sequence.steps.slice(0, index).reverse().find((s) => s.mode === 'required')!;
  const next = sequence.steps.slice(index + 1).find((s) => s.mode === 'required');
  const bounds = [`hb_from = take_anyif(ts, hb_step == ${name(prev)})`, `hb_start = take_anyif(ts, hb_step == ${name(first)})`, ...keyBy.map((k) => `${k} = take_anyif(${k}, hb_step == ${name(first)})`)];
  if (next) bounds.push(`hb_to = take_anyif(ts, hb_step == ${name(next)})`);
  const refDialect: Dialect = { ...x.dialect, ref: (from, t) => {
    const col = t.kind === 'column' ? t.column : t.name;
    const carried = ident(`hb_ref_${from}_${col}`);
    bounds.push(`${carried} = take_anyif(${ident(col)}, hb_step == ${quote(from)})`);
    return carried;
  } };
  const tests = [next ? 'ts > hb_from and ts < hb_to' : `ts > hb_from${a.within ? ` and ts <= hb_from + ${durationText(a.within.ms)}` : ''}`];
  if (sequence.within) tests.push(`ts <= hb_start + ${durationText(sequence.within.ms)}`);
  if (a.by.length && firstKeyed) a.by.forEach((f, i) => {
    bounds.push(`hb_key${i} = take_anyif(${ident(columnOf(firstKeyed.by[i]!))}, hb_step == ${name(firstKeyed)})`);
    tests.push(`${ident(columnOf(f))} == hb_key${i}`);
  });
  tests.push(`(${x.condition(refDialect)})`);
  const joinOn = keyBy.length ? keyBy.join(', ') : 'hb_all';
  const all = keyBy.length ? '' : ' | extend hb_all = 1';
  return [
    `let ${ident(`hb_${step(a)}_hits`)} = hb_chains | summarize ${[...new Set(bounds)].join(', ')} by hb_chain${all}`,
    `    | join kind=inner (${x.events}${all}) on ${joinOn}`,
    `    | where ${tests.join(' and ')}`,
    '    | distinct hb_chain;',
  ];
}
