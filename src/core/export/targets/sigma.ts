// Sigma: one detection rule per step (alternatives become one rule whose condition is their
// `or`), a value_count/event_count correlation for a threshold step, and a temporal_ordered
// correlation over the steps, grouped by the sequence key. Each leaf of a `where` becomes a
// search identifier (`sel1: {Field|modifier: values}`) and the condition combines them, so the
// shared walker renders the condition while this module collects the identifiers.

import { column as schemaColumn } from '../../schema/columns';
import type * as A from '../../dsl/syntax/ast';
import type { ExportContext, Target } from '../model';
import { parsePortSpec } from '../ports';
import { columnOf, renderWhere, report, stepName, stepScopes, type Dialect, type Rendered, type Scalar, type Term } from '../walker';
import { toYaml, type YamlValue } from '../yaml';
import { lineComment, metaValues, regexParts, reportUncarried, secondsWindow } from './common';

const PRIVATE_BLOCKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'];
const OPS: Partial<Record<A.CompareOp, string>> = { '<': 'lt', '<=': 'lte', '>': 'gt', '>=': 'gte' };

/** An exact value: Sigma reads `*` and `?` as wildcards and `\` before them as an escape. */
const exact = (v: string): string => v.replace(/\\(?=[*?\\]|$)/g, '\\\\').replace(/[*?]/g, '\\$&');
/** A Huntbench wildcard pattern: keep `*`/`?`, but a `\` before one is a path separator. */
const pattern = (p: string): string => p.replace(/\\(?=[*?\\])/g, '\\\\');

type Detection = Record<string, YamlValue>;

function sigmaDialect(ctx: ExportContext, detection: Detection, fields: Set<string>, category: string): Dialect {
  const implied = ctx.mapping.implied?.[category] ?? {};
  const add = (map: Record<string, YamlValue>): string => {
    const name = `sel${Object.keys(detection).length + 1}`;
    detection[name] = map;
    return name;
  };
  const suffix = (column: string): string | undefined => ctx.mapping.suffixFields?.[column];
  const value = (v: Scalar): YamlValue => (typeof v === 'string' ? exact(v) : v);
  const numeric = (t: Term): boolean => t.kind !== 'value' && schemaColumn(t.column)?.type === 'integer';
  /** `Field` or `Image|endswith` for file-name columns, plus how to write each value. */
  const target = (t: Term): { key: string; write: (v: Scalar) => YamlValue } => {
    if (t.kind === 'value') return { key: '', write: (v) => v };
    const s = suffix(t.column);
    if (s) {
      fields.add(s);
      // The separator is part of the literal: `\` before a value starting with `*` is `\\\*`.
      return { key: `${s}|endswith`, write: (v) => exact(`\\${String(v)}`) };
    }
    return { key: t.text, write: value };
  };
  const decide = (column: string, value: boolean): Rendered => (value
    ? { decided: true }
    : { decided: false, because: `in the ${category} log source ${column} is always ${implied[column]!.join(' or ')}: this condition never holds there.` });
  const leaf = (map: Record<string, YamlValue>, negated: boolean): Rendered => {
    const unmapped = Object.keys(map).map((k) => k.split('|')[0]!).find((k) => implied[k] && !ctx.mapping.fields?.[k]);
    if (unmapped) return { unsupported: `field ${unmapped} has no equivalent in the target mapping; the condition is left to a post-filter.`, code: 'exportField' };
    return negated ? `not ${add(map)}` : add(map);
  };
  return {
    target: 'Sigma',
    and: 'and',
    or: 'or',
    not: (t) => `not ${t}`,
    group: (t) => `(${t})`,
    constant: (v) => (v ? add({ [`${ctx.mapping.fields?.host ?? 'Computer'}|exists`]: true }) : `not ${add({ [`${ctx.mapping.fields?.host ?? 'Computer'}|exists`]: true })}`),
    field(t) {
      // A column the log source implies needs no field: compare/in decide it.
      // Sigma reads what follows a `|` in a key as modifiers, and has no escape for it.
      const name = t.kind === 'column' ? ctx.mapping.fields?.[t.column] ?? (suffix(t.column) || implied[t.column] ? t.column : undefined) : t.name.includes('|') ? undefined : t.name;
      if (t.kind === 'column' && name === t.column && implied[t.column]) return name;
      if (!name) return null;
      if (!(t.kind === 'column' && suffix(t.column))) fields.add(name);
      return name;
    },
    ref: () => null,
    compare(l, op, r): Rendered {
      if (l.kind !== 'value' && r.kind !== 'value') {
        if (op !== '==' && op !== '!=') return { unsupported: 'Sigma compares two fields only for equality (fieldref).' };
        if (suffix(l.column) || suffix(r.column)) return { unsupported: 'a file-name field cannot be compared with another field in Sigma.' };
        return leaf({ [`${l.text}|fieldref`]: r.text }, op === '!=');
      }
      const [f, v] = l.kind === 'value' ? [r, l] : [l, r];
      if (v.kind !== 'value') return { unsupported: 'unexpected operands.' };
      const column = f.kind === 'value' ? '' : f.column;
      const always = implied[column];
      if (always && typeof v.value === 'string' && (op === '==' || op === '!=')) return decide(column, always.includes(v.value.toLowerCase()) === (op === '=='));
      const t = target(f);
      if (op === '==' || op === '!=') return leaf({ [t.key]: t.write(v.value) }, op === '!=');
      if (typeof v.value !== 'number' || !numeric(f)) return { unsupported: 'Sigma orders numbers only (lt/lte/gt/gte).' };
      return leaf({ [`${t.key}|${OPS[op]}`]: v.value }, false);
    },
    in(s, values, negated) {
      if (values.some((v) => v.kind !== 'value')) return { unsupported: 'a list of fields is not supported in Sigma.' };
      const column = s.kind === 'value' ? '' : s.column;
      const always = implied[column];
      if (always) {
        const listed = new Set(values.map((v) => String((v as { value: Scalar }).value).toLowerCase()));
        if (always.every((a) => listed.has(a))) return decide(column, !negated);
        if (always.every((a) => !listed.has(a))) return decide(column, negated);
      }
      const t = target(s);
      return leaf({ [t.key]: values.map((v) => t.write((v as { value: Scalar }).value)) }, negated);
    },
    like(s, patterns, negated) {
      if (s.kind === 'value') return { unsupported: 'unexpected operand.' };
      const sfx = suffix(s.column);
      const key = sfx ?? s.text;
      if (sfx) fields.add(sfx);
      return leaf({ [key]: patterns.map((p) => pattern(sfx ? `*\\${p}` : p)) }, negated);
    },
    matches(s, regex, negated) {
      if (s.kind === 'value' || suffix(s.column)) return { unsupported: 'a regex on a file-name field is not supported in Sigma.' };
      const { source, flags } = regexParts(regex);
      return leaf({ [`${s.text}|re${[...flags].map((f) => `|${f}`).join('')}`]: source }, negated);
    },
    isNull(s, negated) {
      if (s.kind === 'value') return { unsupported: 'unexpected operand.' };
      return leaf({ [target(s).key]: null }, negated);
    },
    call(fn, args) {
      const [subject, ...rest] = args;
      if (!subject || subject.kind === 'value') return { unsupported: `${fn}() needs a field.` };
      if (fn === 'cidr') return leaf({ [`${subject.text}|cidr`]: rest.map((a) => (a.kind === 'value' ? a.value : null)) }, false);
      if (fn === 'is_private') return leaf({ [`${subject.text}|cidr`]: PRIVATE_BLOCKS }, false);
      if (fn === 'port_in') {
        const ids: string[] = [];
        const singles: number[] = [];
        for (const spec of rest) {
          if (spec.kind !== 'value') return { unsupported: 'a port spec read from an earlier step cannot be expanded in Sigma.', code: 'exportReference' };
          const ranges = parsePortSpec(String(spec.value ?? ''));
          if (ranges === 'any') return leaf({ [`${subject.text}|exists`]: true }, false);
          for (const [lo, hi] of ranges ?? []) {
            if (lo === hi) singles.push(lo);
            else ids.push(add({ [`${subject.text}|gte`]: lo, [`${subject.text}|lte`]: hi }));
          }
        }
        if (singles.length) ids.unshift(add({ [subject.text]: singles }));
        return ids.length === 1 ? ids[0]! : `(${ids.join(' or ')})`;
      }
      if (fn === 'first_seen' || fn === 'rare') return { unsupported: `${fn}() needs a baseline, which Sigma cannot express; apply it as a post-filter (or a new-terms rule in the SIEM).`, code: 'exportBaseline' };
      return { unsupported: `function ${fn}() has no Sigma equivalent.` };
    },
  };
}

const ruleName = (ctx: ExportContext, step: string): string => `${(ctx.analytic.id?.value ?? 'analytic').toLowerCase()}-${step}`;

export const sigmaTarget: Target = {
  name: 'sigma',
  extension: 'yml',
  comment: lineComment('#'),
  exportAnalytic(ctx) {
    const fields = new Set<string>();
    const sequence = ctx.analytic.sequence!;
    const scopes = stepScopes(sequence);
    const title = metaValues(ctx, 'title')[0] ?? '';
    const common: Record<string, YamlValue> = {
      status: 'experimental',
      description: metaValues(ctx, 'description')[0] ?? title,
      references: metaValues(ctx, 'references'),
      tags: metaValues(ctx, 'attack').map((t) => `attack.${t.toLowerCase()}`),
      level: metaValues(ctx, 'severity')[0] ?? 'medium',
    };
    const logsource = (cats: readonly string[]): YamlValue => (ctx.mapping.categories?.[cats.length === 1 ? cats[0]! : 'any'] ?? { product: 'windows' }) as YamlValue;
    const present = sequence.steps.filter((s) => s.mode === 'required');
    const docs: Record<string, YamlValue>[] = [];
    const groupBy = sequence.by.map((f) => ctx.mapping.fields?.[columnOf(f)] ?? columnOf(f));
    groupBy.forEach((g) => fields.add(g));

    const stepRule = (s: A.Step): string => {
      const name = stepName(s, sequence.steps.indexOf(s));
      const detection: Detection = {};
      const sels = s.body?.kind === 'Alternatives' ? s.body.options.flatMap((o) => (o.selection ? [o.selection] : [])) : s.body ? [s.body] : [];
      const cats = [...new Set(sels.map((sel) => sel.category.name))];
      if (cats.length > 1 || cats[0] === 'any') {
        report(ctx, 'exportField', s.body!, 'Sigma', 'a Sigma rule has one log source: the alternatives share `product: windows` and their categories are not separated (a superset).');
      }
      const parts = sels.map((sel) => {
        const dialect = sigmaDialect(ctx, detection, fields, sel.category.name);
        return renderWhere(ctx, dialect, sel.where, scopes.get(s)!).text ?? dialect.constant(true);
      });
      const condition = parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join(' or ');
      // Identifiers of a subtree the walker dropped are not in the condition: leave them out.
      for (const id of Object.keys(detection)) if (!new RegExp(`\\b${id}\\b`).test(condition)) delete detection[id];
      detection.condition = condition;
      docs.push({ title: `${title}: step ${name}`, name: ruleName(ctx, name), ...common, logsource: logsource(cats), detection });
      if (!s.having) return ruleName(ctx, name);
      const [first, ...others] = s.having.conditions;
      if (others.length) report(ctx, 'exportThreshold', others[0]!, 'Sigma', 'only the first threshold condition is carried (one correlation condition per rule).');
      const keys = [...groupBy, ...s.by.map((f) => ctx.mapping.fields?.[columnOf(f)] ?? columnOf(f))];
      const within = s.having.within ?? sequence.within;
      const op = { '>': 'gt', '>=': 'gte', '<': 'lt', '<=': 'lte', '==': 'eq', '!=': 'neq' }[first!.op];
      const countField = first!.field ? ctx.mapping.fields?.[columnOf(first!.field)] ?? columnOf(first!.field) : null;
      if (countField) fields.add(countField);
      report(ctx, 'exportThreshold', s.having, 'Sigma', 'the threshold is a correlation over a sliding timespan; the burst is not split into non-overlapping bursts as Huntbench does.');
      if (!within) report(ctx, 'exportThreshold', s.having, 'Sigma', 'the threshold has no window but a correlation needs a timespan: 1h is used, so events further apart are not counted together (fewer matches).');
      docs.push({
        title: `${title}: threshold of step ${name}`,
        name: `${ruleName(ctx, name)}-threshold`,
        ...common,
        correlation: {
          type: first!.fn === 'distinct' ? 'value_count' : 'event_count',
          rules: [ruleName(ctx, name)],
          'group-by': keys,
          timespan: within ? secondsWindow(ctx, 'Sigma', within) : '1h',
          condition: countField ? { [op]: first!.value?.value ?? 0, field: countField } : { [op]: first!.value?.value ?? 0 },
        },
      });
      return `${ruleName(ctx, name)}-threshold`;
    };

    reportUncarried(ctx, 'Sigma', {
      absent: (s) => ({ node: s, message: 'Sigma correlations cannot express absence: the step is left out (a superset).' }),
      gap: (gap) => `gap ${gap.text} is not carried: the correlation has one timespan.`,
      slack: (slack) => `slack ${slack.text} is not carried: temporal_ordered orders strictly by time.`,
      until: '`until` is not carried: chains are not cut by a later event (a superset).',
    });
    const rules = present.map(stepRule);
    if (present.length > 1) {
      const keyed = present.filter((s) => s.by.length > 0);
      const stepKeys = keyed.length > 0 && keyed.length === present.length ? keyed[0]!.by.map((f) => ctx.mapping.fields?.[columnOf(f)] ?? columnOf(f)) : [];
      if (keyed.length > 0 && stepKeys.length === 0) report(ctx, 'exportStepKey', keyed[0]!, 'Sigma', 'group-by applies to every rule of the correlation: the per-step key is left out (a superset).');
      if (!sequence.within) report(ctx, 'exportOrder', sequence, 'Sigma', 'the sequence has no window but a correlation needs a timespan: 1d is used.');
      report(ctx, 'exportMatching', sequence, 'Sigma', 'how a SIEM pairs events in temporal_ordered is up to its backend; Huntbench reports each earliest completion.');
      docs.push({
        title,
        name: ruleName(ctx, 'sequence'),
        ...common,
        correlation: { type: 'temporal_ordered', rules, 'group-by': [...groupBy, ...stepKeys], timespan: sequence.within ? secondsWindow(ctx, 'Sigma', sequence.within) : '1d' },
      });
    }
    return { text: docs.map((d) => toYaml(d)).join('---\n'), fields: [...fields].sort() };
  },
};
