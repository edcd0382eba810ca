// Microsoft Sentinel / Azure Data Explorer KQL. Each category becomes a `let` view over its
// Sentinel tables that projects canonical column names (the mapping holds one KQL expression
// per column and table), so conditions read as in the `.hunt` file. A sequence becomes `scan`
// with step references (`access.src_ip`), which carries values between steps, per-step keys,
// gaps and windows exactly; a one-step first_seen() becomes a `leftanti` join against the
// baseline window; thresholds and absence are joins around the scan (kqlJoins.ts). Optional
// steps, slack, `until` and multi-step baselines are dropped towards a superset and reported.

import { column as schemaColumn } from '../../schema/columns';
import type * as A from '../../dsl/syntax/ast';
import type { ExportContext, KqlSource, Target } from '../model';
import { parsePortSpec } from '../ports';
import { columnOf, columnsUsed, conjuncts, isBaselineCall, readsEarlierSteps, renderWhere, report, stepName, stepScopes, type Dialect, type Term } from '../walker';
import { durationText, header, inlineRegex, lineComment, reportUncarried, wildcardRegex } from './common';
import { absenceHits, burstView, ident, quote } from './kqlJoins';

const isTextColumn = (c: string): boolean => schemaColumn(c)?.type !== 'integer';
/**
 * A column as one table projects it. Whole numbers are all long: `union` keeps a column whose
 * type differs between its tables apart (pid_long, pid_int), and then no step can name it
 * (MDE's InitiatingProcessId is long, a table without it projects a null).
 */
const projected = (c: string, expression: string | undefined): string => {
  if (c === 'ts' && expression !== undefined) return expression; // a datetime in every table
  if (isTextColumn(c)) return expression ?? '""';
  return expression === undefined ? 'long(null)' : `tolong(${expression})`;
};

function kqlDialect(ctx: ExportContext): Dialect {
  const text = (t: Term): string => (t.kind === 'value' ? (t.value === null ? 'dynamic(null)' : typeof t.value === 'string' ? quote(t.value) : String(t.value)) : t.text);
  const isText = (t: Term, other?: Term): boolean => (t.kind === 'value' ? typeof t.value === 'string' && (!other || other.kind === 'value' || isTextColumn(other.column)) : isTextColumn(t.column));
  return {
    target: 'KQL',
    and: 'and',
    lineBreak: '\n        ',
    or: 'or',
    not: (t) => `not(${t})`,
    group: (t) => `(${t})`,
    constant: (v) => String(v),
    field: (t) => ident(t.kind === 'column' ? t.column : t.name),
    ref: (step, t) => `${ident(step)}.${ident(t.kind === 'column' ? t.column : t.name)}`,
    compare(l, op, r) {
      const a = text(l);
      const b = text(r);
      if (isText(l, r) && isText(r, l)) {
        if (op === '==') return `${a} =~ ${b}`;
        if (op === '!=') return `${a} !~ ${b}`;
        return `strcmp(tolower(${a}), tolower(${b})) ${op} 0`;
      }
      if (op === '!=') return `(isnull(${a}) or ${a} != ${b})`;
      return `${a} ${op} ${b}`;
    },
    in(s, values, negated) {
      const list = values.map(text).join(', ');
      if (values.some((v) => isText(v, s))) return `${text(s)} ${negated ? '!in~' : 'in~'} (${list})`;
      return negated ? `(isnull(${text(s)}) or ${text(s)} !in (${list}))` : `${text(s)} in (${list})`;
    },
    like(s, patterns, negated) {
      const body = patterns.map((p) => `${text(s)} matches regex ${quote(wildcardRegex(p))}`).join(' or ');
      return negated ? `not(${body})` : patterns.length > 1 ? `(${body})` : body;
    },
    matches(s, regex, negated) {
      if (/\(\?[=!<]|\\[1-9]/.test(regex.source)) report(ctx, 'exportOperator', regex, 'KQL', 'KQL regular expressions are RE2: lookaround and back-references are not supported; rewrite the pattern.');
      const body = `${text(s)} matches regex ${quote(inlineRegex(regex))}`;
      return negated ? `not(${body})` : body;
    },
    isNull: (s, negated) => (isText(s) ? `${negated ? 'isnotempty' : 'isempty'}(${text(s)})` : `${negated ? 'isnotnull' : 'isnull'}(${text(s)})`),
    call(fn, args) {
      const [subject, ...rest] = args;
      const f = subject ? text(subject) : '';
      if (fn === 'cidr') {
        const blocks = rest.map((a) => String(a.kind === 'value' ? a.value : ''));
        const v4 = blocks.filter((b) => !b.includes(':'));
        const v6 = blocks.filter((b) => b.includes(':'));
        return [v4.length ? `ipv4_is_in_any_range(${f}, ${v4.map(quote).join(', ')})` : '', v6.length ? `ipv6_is_in_any_range(${f}, ${v6.map(quote).join(', ')})` : ''].filter(Boolean).join(' or ');
      }
      if (fn === 'is_private') return `(ipv4_is_private(${f}) or ipv4_is_in_any_range(${f}, "127.0.0.0/8", "169.254.0.0/16") or ipv6_is_in_any_range(${f}, "fc00::/7", "fe80::/10", "::1/128"))`;
      if (fn === 'port_in') return portIn(ctx, f, rest);
      return { unsupported: `${fn}() is only carried for a one-step analytic (a leftanti join against the baseline); here it is left to a post-filter.`, code: fn === 'first_seen' || fn === 'rare' ? 'exportBaseline' : 'exportOperator' };
    },
  };
}

function portIn(ctx: ExportContext, port: string, specs: readonly Term[]): string {
  const parts: string[] = [];
  for (const spec of specs) {
    if (spec.kind === 'value') {
      const ranges = parsePortSpec(String(spec.value ?? ''));
      if (ranges === 'any') return 'true';
      for (const [lo, hi] of ranges ?? []) parts.push(lo === hi ? `${port} == ${lo}` : `${port} between (${lo} .. ${hi})`);
    } else if (!isTextColumn(spec.column)) {
      parts.push(`${port} == ${spec.text}`);
    } else {
      parts.push(`${spec.text} in~ ("*", "any") or set_has_element(split(replace_string(${spec.text}, " ", ""), ","), tostring(${port}))`);
    }
  }
  if (specs.some((s) => s.kind !== 'value' && isTextColumn(s.column))) {
    report(ctx, 'exportOperator', ctx.analytic.sequence!, 'KQL', 'port_in() over a port list read from an event matches single ports and "*"/"Any"; ranges such as "5000-5010" in that list are not expanded.');
  }
  return parts.length === 0 ? 'false' : parts.map((p) => `(${p})`).join(' or ');
}

/** `let hb_<category> = union (T | where ... | project ...), ...;` with every column the analytic reads. */
function views(ctx: ExportContext, categories: readonly string[], columns: readonly string[], tables: Set<string>): string[] {
  return categories.map((category) => {
    const sources: readonly KqlSource[] = ctx.mapping.sources?.[category] ?? [];
    const parts = sources.map((s) => {
      tables.add(s.table);
      const cols = ['ts', ...columns.filter((c) => c !== 'ts')].map((c) => `${ident(c)} = ${c === 'category' ? quote(category) : projected(c, s.columns[c])}`);
      return `${s.table}${s.where ? ` | where ${s.where}` : ''} | project ${cols.join(', ')}`;
    });
    if (parts.length === 0) return `let hb_${category} = datatable(ts: datetime, category: string) [];`;
    return parts.length === 1 ? `let hb_${category} = ${parts[0]};` : `let hb_${category} = union\n    (${parts.join('),\n    (')});`;
  });
}

export const kqlTarget: Target = {
  name: 'kql',
  extension: 'kql',
  comment: lineComment('//'),
  exportAnalytic(ctx) {
    const dialect = kqlDialect(ctx);
    const sequence = ctx.analytic.sequence!;
    const scopes = stepScopes(sequence);
    const names = new Set(sequence.steps.map(stepName));
    const present = sequence.steps.filter((s) => s.mode === 'required');
    // Absence after a present step is a leftanti join of the chains against its events.
    const absences = sequence.steps.filter((s, i) => s.mode === 'absent' && sequence.steps.slice(0, i).some((p) => p.mode === 'required'));
    const carried = sequence.steps.filter((s) => s.mode === 'required' || absences.includes(s));
    const selections = (s: A.Step): A.Selection[] => (s.body?.kind === 'Alternatives' ? s.body.options.flatMap((o) => (o.selection ? [o.selection] : [])) : s.body ? [s.body] : []);
    const categoriesOf = (sel: A.Selection): string[] => (sel.category.name === 'any' ? Object.keys(ctx.mapping.sources ?? {}) : [sel.category.name]);

    // A threshold step that reads no earlier step is computed before the scan, as a sliding window.
    const burstSteps = new Set(present.filter((s) => s.having && !readsEarlierSteps(s.body, scopes.get(s)!)));
    reportUncarried(ctx, 'KQL', {
      absent: (s) => ({ node: s, message: absences.includes(s)
        ? 'absence is a leftanti join of the chains found by scan against the step\'s events between its neighbours (keys and references carried); scan\'s one partial chain per step applies.'
        : 'an absence before any present step is not carried: the step is left out (a superset).' }),
      having: (s) => (burstSteps.has(s) ? null : 'the threshold is not carried for a step that reads earlier steps: every event of the step can continue a chain; apply the count as a post-filter.'),
      slack: (slack) => `slack ${slack.text} is not carried: scan reads rows in time order, so a step logged up to ${slack.text} before the previous one is missed.`,
      until: '`until` is not carried: chains are not cut by a later event (a superset).',
    });

    const used = new Set<string>(['host', 'category', ...sequence.by.map(columnOf)]);
    for (const s of carried) {
      for (const f of s.by) used.add(columnOf(f));
      for (const part of [s.body, s.having]) if (part) for (const c of columnsUsed(part, names)) used.add(c);
    }
    const categories = [...new Set(carried.flatMap((s) => selections(s).flatMap(categoriesOf)))].filter((c) => ctx.mapping.sources?.[c]);
    for (const s of carried) {
      for (const sel of selections(s)) {
        for (const category of categoriesOf(sel)) {
          for (const source of ctx.mapping.sources?.[category] ?? []) {
            const missing = [...columnsUsed(sel, names, true)].filter((c) => c !== 'category' && !(c in source.columns));
            if (missing.length && sel.category.name !== 'any') report(ctx, 'exportField', sel, 'KQL', `table ${source.table} (${category}) has no ${missing.join(', ')}: read as null there.`);
          }
        }
      }
    }
    const columns = [...used].sort();
    const tables = new Set<string>();
    const lines = header(ctx, this.comment, 'KQL (Microsoft Sentinel)');
    lines.push(...views(ctx, categories, columns, tables));

    const condition = (s: A.Step, skip: ReadonlySet<A.Expr> = new Set(), d: Dialect = dialect): string => {
      const scope = scopes.get(s)!;
      const one = (sel: A.Selection): string => {
        const cat = sel.category.name === 'any' ? null : `category == ${quote(sel.category.name)}`;
        const where = renderWhere(ctx, d, sel.where, scope, skip, s.mode === 'absent');
        return [cat, where.text].filter((x): x is string => x !== null).map((x) => `(${x})`).join(' and ') || 'true';
      };
      const parts = selections(s).map(one);
      return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join('\n      or ');
    };
    const events = categories.length === 1 ? `hb_${categories[0]}` : `union ${categories.map((c) => `hb_${c}`).join(', ')}`;
    const keyBy = sequence.by.map((f) => ident(columnOf(f)));
    for (const s of burstSteps) {
      const name = stepName(s, sequence.steps.indexOf(s));
      lines.push(...burstView(s, name, `${events} | where ${condition(s)}`, [...keyBy, ...s.by.map((f) => ident(columnOf(f)))], s.having!.within ?? sequence.within, columns));
      report(ctx, 'exportThreshold', s.having!, 'KQL', 'the threshold is a sliding window ending at each event: every event that meets it can start a chain, where Huntbench starts the next burst after one is reported.');
    }
    const source = burstSteps.size === 0 ? events : `union ${[...categories.map((c) => `hb_${c}`), ...[...burstSteps].map((s) => ident(`hb_${stepName(s, sequence.steps.indexOf(s))}`))].join(', ')}`;
    const stepCondition = (s: A.Step): string => {
      if (burstSteps.has(s)) return `hb_source == ${quote(stepName(s, sequence.steps.indexOf(s)))}`;
      return burstSteps.size === 0 ? condition(s) : `isempty(hb_source) and (${condition(s)})`;
    };

    const baselineCalls = present.length === 1 && present[0]!.body?.kind === 'Selection' ? conjuncts(present[0]!.body.where).filter(isBaselineCall).filter((c) => c.fn.name === 'first_seen') : [];
    const projection = `| project ${['hb_chain', 'hb_step', 'ts', ...columns.filter((c) => c !== 'ts')].filter((c) => c !== 'hb_chain' || present.length > 1 || baselineCalls.length === 0).map(ident).join(', ')}`;
    if (present.length === 1 && baselineCalls.length === 1) {
      const call = baselineCalls[0]!;
      const keys = call.args.filter((a): a is A.Field => a.kind === 'Field').map((f) => ident(columnOf(f)));
      const baseline = ctx.analytic.baseline;
      const cond = condition(present[0]!, new Set(baselineCalls));
      lines.push(`let hb_start = toscalar(${source} | summarize min(ts));`);
      if (baseline?.source === 'first' && baseline.duration) {
        lines.push(`let hb_baseline_end = hb_start + ${durationText(baseline.duration.ms)};`);
        report(ctx, 'exportBaseline', call, 'KQL', `first_seen() is a leftanti join against the first ${baseline.duration.text} of the queried time range, then the earliest event of each new tuple.`);
      } else {
        lines.push('let hb_baseline_end = hb_start; // set to the end of the baseline period');
        report(ctx, 'exportBaseline', call, 'KQL', 'first_seen() with a separate baseline dataset: set hb_baseline_end to the end of the baseline period in the queried range.');
      }
      lines.push(`let hb_baseline = ${source} | where ts < hb_baseline_end | where ${cond} | distinct ${keys.join(', ')};`);
      lines.push(`${source}`, `| where ts >= hb_baseline_end`, `| where ${cond}`, `| join kind=leftanti hb_baseline on ${keys.join(', ')}`, `| summarize arg_min(ts, *) by ${keys.join(', ')}`, `| extend hb_step = ${quote(stepName(present[0]!, 0))}`);
    } else {
      if (present.length > 1) report(ctx, 'exportMatching', sequence, 'KQL', 'scan keeps one partial chain per step: where Huntbench reports every starting event of overlapping chains, scan may report fewer.');
      const first = present[0]!;
      const firstName = stepName(first, sequence.steps.indexOf(first));
      const firstKeyed = present.find((s) => s.by.length > 0);
      if (absences.length) lines.push('let hb_chains =');
      lines.push(source, `| sort by ${[...keyBy.map((k) => `${k} asc`), 'ts asc'].join(', ')}`, '| scan with_match_id = hb_chain declare (hb_step: string) with (');
      let previous = firstName;
      for (const s of present) {
        const name = stepName(s, sequence.steps.indexOf(s));
        const parts: string[] = [];
        if (s !== first) {
          parts.push(...keyBy.map((k) => `${k} == ${ident(firstName)}.${k}`));
          if (s.by.length && firstKeyed && firstKeyed !== s) {
            const firstKeyedName = stepName(firstKeyed, sequence.steps.indexOf(firstKeyed));
            s.by.forEach((f, i) => parts.push(`${ident(columnOf(f))} == ${ident(firstKeyedName)}.${ident(columnOf(firstKeyed.by[i]!))}`));
          }
          parts.push(`ts >= ${ident(previous)}.ts`);
          if (sequence.within) parts.push(`ts - ${ident(firstName)}.ts <= ${durationText(sequence.within.ms)}`);
          if (s.gap) parts.push(`ts - ${ident(previous)}.ts <= ${durationText(s.gap.ms)}`);
        }
        parts.push(`(${stepCondition(s)})`);
        lines.push(`    step ${ident(name)}: ${parts.join(' and ')} => hb_step = ${quote(name)};`);
        previous = name;
      }
      lines.push(')', `${projection}${absences.length ? ';' : ''}`);
      if (absences.length) {
        const step = (s: A.Step): string => stepName(s, sequence.steps.indexOf(s));
        for (const a of absences) {
          const cats = [...new Set(selections(a).flatMap(categoriesOf))].filter((c) => ctx.mapping.sources?.[c]).map((c) => `hb_${c}`);
          lines.push(...absenceHits({ sequence, step: a, keyBy, firstKeyed, dialect, events: cats.length === 1 ? cats[0]! : `union ${cats.join(', ')}`, condition: (d) => condition(a, new Set(), d) }));
        }
        lines.push('hb_chains', ...absences.map((a) => `| join kind=leftanti ${ident(`hb_${step(a)}_hits`)} on hb_chain`));
      }
    }
    if (present.length === 1 && baselineCalls.length === 1) lines.push(projection);
    return { text: `${lines.join('\n')}\n`, fields: [...tables].sort() };
  },
};
