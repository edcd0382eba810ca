// Elasticsearch EQL over ECS: `sequence by host.name with maxspan=5m [cat where ...] ...`.
// Tokens and templates for the shared walker, then the sequence template. EQL has no values
// carried between steps, no thresholds, no baselines, no gaps and no clock slack: those are
// dropped towards a superset and reported; the exporter lists them as comments after the query.

import { column as schemaColumn } from '../../schema/columns';
import { fieldTarget, type FieldTarget, type StepScope } from '../../dsl/semantics/resolve';
import type * as A from '../../dsl/syntax/ast';
import type { ExportContext, Target } from '../model';
import { parsePortSpec } from '../ports';
import { columnOf, renderWhere, report, stepScopes, type Dialect, type Term } from '../walker';
import { doubleQuoted, durationText, header, keyNames, lineComment, reportUncarried } from './common';

/** An EQL string literal: `\u{X}` for line breaks and other control characters. */
const quote = (s: string): string => doubleQuoted(s, (hex) => `\\u{${hex}}`);

/** Words of EQL's grammar: a field with such a name (`where`) is back-quoted, which EQL always accepts. */
const EQL_KEYWORDS = new Set(['and', 'any', 'by', 'false', 'in', 'join', 'like', 'maxspan', 'not', 'null', 'of', 'or', 'regex', 'runs', 'sample', 'sequence', 'true', 'until', 'where', 'with']);

const PRIVATE_BLOCKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'];


function eqlDialect(ctx: ExportContext, fields: Set<string>): Dialect {
  const mapping = ctx.mapping;
  const literal = (t: Term): string => (t.kind !== 'value' ? t.text : t.value === null ? 'null' : typeof t.value === 'string' ? quote(t.value) : String(t.value));
  const isText = (t: Term, other: Term): boolean => (t.kind === 'value' ? typeof t.value === 'string' : other.kind === 'value' && typeof other.value === 'string');
  const isTextField = (t: Term): boolean => t.kind !== 'value' && schemaColumn(t.column)?.type !== 'integer';
  return {
    target: 'EQL',
    and: 'and',
    lineBreak: '\n      ',
    or: 'or',
    not: (t) => `not ${t}`,
    group: (t) => `(${t})`,
    constant: (v) => String(v),
    field(target: FieldTarget) {
      const name = target.kind === 'column' ? mapping.fields?.[target.column] : target.name;
      if (!name) return null;
      fields.add(name);
      return /^[A-Za-z_@][\w.@]*$/.test(name) && !EQL_KEYWORDS.has(name.toLowerCase()) ? name : `\`${name}\``;
    },
    ref: () => null,
    compare(l, op, r) {
      const a = literal(l);
      const b = literal(r);
      // `==`, `!=` and ordering compare text case-sensitively in EQL; only `:` against a literal folds case.
      if (isTextField(l) && isTextField(r)) return { unsupported: 'EQL compares two text fields case-sensitively (`:` takes a literal on its right); Huntbench folds case.' };
      if (isText(l, r) && op !== '==' && op !== '!=') return { unsupported: 'EQL orders text case-sensitively; Huntbench folds case.' };
      if (isText(l, r)) {
        // `:` is EQL's case-insensitive equality, but it reads * and ? as wildcards.
        if ((op === '==' || op === '!=') && [l, r].some((t) => t.kind === 'value' && /[*?]/.test(String(t.value)))) {
          return { unsupported: 'a value containing * or ? cannot be compared case-insensitively in EQL (`:` reads them as wildcards).' };
        }
        if (op === '==') return `${a} : ${b}`;
        if (op === '!=') return `not ${a} : ${b}`;
      }
      if (op === '!=') return `(${a} == null or ${a} != ${b})`;
      return `${a} ${op} ${b}`;
    },
    in(s, values, negated) {
      const text = values.some((v) => v.kind === 'value' && typeof v.value === 'string');
      const body = `${s.kind === 'value' ? literal(s) : s.text} ${text ? 'in~' : 'in'} (${values.map((v) => literal(v)).join(', ')})`;
      return negated ? `not ${body}` : body;
    },
    like(s, patterns, negated) {
      const body = `${literal(s)} : (${patterns.map(quote).join(', ')})`;
      return negated ? `not ${body}` : body;
    },
    matches(s, regex, negated) {
      report(ctx, 'exportOperator', regex, 'EQL', 'EQL regex is Lucene syntax, matched against the whole value: the pattern is wrapped in .*( ).* and classes such as \\s or \\d must be rewritten by hand.');
      const body = `${literal(s)} ${regex.flags.includes('i') ? 'regex~' : 'regex'} ${quote(`.*(${regex.source}).*`)}`;
      return negated ? `not ${body}` : body;
    },
    isNull: (s, negated) => `${literal(s)} ${negated ? '!=' : '=='} null`,
    call(fn, args) {
      const [subject, ...rest] = args;
      const f = subject ? literal(subject) : '';
      if (fn === 'cidr') return `cidrMatch(${f}, ${rest.map((a) => literal(a)).join(', ')})`;
      if (fn === 'is_private') return `cidrMatch(${f}, ${PRIVATE_BLOCKS.map(quote).join(', ')})`;
      if (fn === 'port_in') return portIn(f, rest);
      if (fn === 'first_seen' || fn === 'rare') return { unsupported: `${fn}() needs a baseline, which EQL cannot express: run it as an Elastic "new terms" rule on these fields, or apply the post-filter.`, code: 'exportBaseline' };
      return { unsupported: `function ${fn}() has no EQL equivalent.` };
    },
  };
}

function portIn(field: string, specs: readonly Term[]): string | { unsupported: string } {
  const parts: string[] = [];
  for (const spec of specs) {
    if (spec.kind !== 'value') return { unsupported: 'a port spec read from another field cannot be expanded in EQL.' };
    const ranges = parsePortSpec(String(spec.value ?? ''));
    if (ranges === 'any') return 'true';
    for (const [lo, hi] of ranges ?? []) parts.push(lo === hi ? `${field} == ${lo}` : `(${field} >= ${lo} and ${field} <= ${hi})`);
  }
  return parts.length === 0 ? 'false' : parts.join(' or ');
}

export const eqlTarget: Target = {
  name: 'eql',
  extension: 'eql',
  comment: lineComment('//'),
  exportAnalytic(ctx) {
    const fields = new Set<string>();
    const dialect = eqlDialect(ctx, fields);
    const sequence = ctx.analytic.sequence!;
    const scopes = stepScopes(sequence);
    const category = (c: A.Ident): string => (c.name === 'any' ? 'any' : String(ctx.mapping.categories?.[c.name] ?? 'any'));
    const selection = (sel: A.Selection | null, scope: StepScope, removes: boolean): { cat: string; cond: string | null } => {
      if (!sel) return { cat: 'any', cond: null };
      return { cat: category(sel.category), cond: renderWhere(ctx, dialect, sel.where, scope, new Set(), removes).text };
    };
    const body = (step: A.Step): string => {
      const scope = scopes.get(step)!;
      if (step.body?.kind === 'Alternatives') {
        fields.add(ctx.mapping.fields?.category ?? 'event.category');
        const parts = step.body.options.map((o) => {
          const { cat, cond } = selection(o.selection, scope, step.mode === 'absent');
          const catTest = o.selection?.category.name === 'any' || cat === 'any' ? null : `${ctx.mapping.fields?.category ?? 'event.category'} : ${quote(cat)}`;
          return [catTest, cond].filter((x) => x !== null).map((x) => `(${x})`).join(' and ') || 'true';
        });
        return `any where ${parts.map((p) => `(${p})`).join('\n    or ')}`;
      }
      const { cat, cond } = selection(step.body, scope, step.mode === 'absent');
      return `${cat} where ${cond ?? 'true'}`;
    };

    const present = sequence.steps.filter((s) => s.mode !== 'optional');
    reportUncarried(ctx, 'EQL', {
      gap: (gap) => `gap ${gap.text} is not carried (EQL has only the sequence maxspan); apply it as a post-filter.`,
      having: () => 'a threshold (count/distinct within a sub-window) has no EQL form: each event of the step starts a sequence; apply the threshold as a post-filter.',
      absent: (s) => (s.within ? { node: s.within, message: `the absence window ${s.within.text} is not carried: EQL's missing-event step ![...] (Elasticsearch 8.8+) holds until the next step or the maxspan.` } : null),
      slack: (slack) => `slack ${slack.text} is not carried: EQL orders strictly by @timestamp, so a step logged up to ${slack.text} before the previous one is missed.`,
    });
    const fieldName = (f: A.Field): string | null => dialect.field(fieldTarget(columnOf(f)));
    const keyed = present.filter((s) => s.by.length > 0);
    if (keyed.length > 0 && keyed.length < present.length) report(ctx, 'exportStepKey', keyed[0]!, 'EQL', 'EQL join keys apply to every step: the per-step key is left out (a superset); apply it as a post-filter.');
    const stepKeys = keyed.length === present.length ? present.map((s) => keyNames(ctx, 'EQL', s.by, fieldName)) : [];
    const carriedStepKeys = stepKeys.length > 0 && stepKeys.every((k) => k !== null);

    const lines = header(ctx, this.comment, 'EQL (Elastic Common Schema)');
    if (present.length === 1 && !sequence.until) {
      lines.push(body(present[0]!));
    } else {
      report(ctx, 'exportMatching', sequence, 'EQL', 'EQL keeps one partial sequence per state and join key: where Huntbench reports every starting event of overlapping chains, EQL may report fewer.');
      const sequenceKeys = keyNames(ctx, 'EQL', sequence.by, fieldName) ?? [];
      const by = sequenceKeys.length ? ` by ${sequenceKeys.join(', ')}` : '';
      const maxspan = sequence.within ? ` with maxspan=${durationText(sequence.within.ms)}` : '';
      lines.push(`sequence${by}${maxspan}`);
      present.forEach((s, i) => {
        const key = carriedStepKeys ? ` by ${stepKeys[i]!.join(', ')}` : '';
        lines.push(`  ${s.mode === 'absent' ? '!' : ''}[${body(s)}]${key}`);
      });
      if (sequence.until) {
        const out = renderWhere(ctx, dialect, sequence.until.where, { earlier: new Set(), all: new Set() }, new Set(), true);
        lines.push(`until [${category(sequence.until.category)} where ${out.text ?? 'true'}]`);
      }
    }
    return { text: `${lines.join('\n')}\n`, fields: [...fields].sort() };
  },
};
