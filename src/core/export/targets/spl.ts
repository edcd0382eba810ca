// Splunk SPL over the Common Information Model. Conditions are eval expressions (`where`,
// `case()`), so one token table serves selections and steps: each event gets the name of
// the first step it fits (`hb_step`), then `transaction` groups by the sequence key within
// the window, from the first step to the last. SPL has no values carried between steps, no
// baselines and no absence in a transaction: those are dropped towards a superset and reported.

import { column as schemaColumn } from '../../schema/columns';
import { fieldTarget } from '../../dsl/semantics/resolve';
import type * as A from '../../dsl/syntax/ast';
import type { ExportContext, Target } from '../model';
import { parsePortSpec } from '../ports';
import { columnOf, renderWhere, report, stepName, stepScopes, type Dialect, type Term } from '../walker';
import { doubleQuoted as quote, header, inlineRegex, keyNames, lineComment, reportUncarried, secondsWindow, wildcardRegex } from './common';

const splComment = lineComment('```', ' ```');

/** Operators of eval expressions: a field with such a name (`in`) is single-quoted, which eval always accepts. */
const SPL_KEYWORDS = new Set(['and', 'or', 'not', 'xor', 'like', 'in']);

const PRIVATE_BLOCKS = ['10.0.0.0/8', '172.16.0.0/12', '192.168.0.0/16', '127.0.0.0/8', '169.254.0.0/16', 'fc00::/7', 'fe80::/10', '::1/128'];

function splDialect(ctx: ExportContext, fields: Set<string>): Dialect {
  const text = (t: Term): string => (t.kind !== 'value' ? t.text : t.value === null ? 'null()' : typeof t.value === 'string' ? quote(t.value.toLowerCase()) : String(t.value));
  const isText = (t: Term): boolean => (t.kind === 'value' ? typeof t.value === 'string' : schemaColumn(t.column)?.type !== 'integer');
  const lower = (t: Term): string => (t.kind === 'value' ? text(t) : `lower(${t.text})`);
  // A function of a missing field is null in eval, and NOT null is not true: `not in`, `not like`
  // and `not matches` hold on a missing value in Huntbench, so they say so.
  const unlessMissing = (s: Term, body: string): string => `(isnull(${text(s)}) OR NOT ${body})`;
  return {
    target: 'SPL',
    and: 'AND',
    lineBreak: '\n      ',
    or: 'OR',
    not: (t) => `NOT ${t}`,
    group: (t) => `(${t})`,
    constant: (v) => (v ? 'true()' : 'false()'),
    field(target) {
      const name = target.kind === 'column' ? ctx.mapping.fields?.[target.column] : target.name;
      // Single quotes name a field in eval; a name holding one (or \\, |, a line break) cannot be written.
      if (!name || /['"\\|`\x00-\x1f]/.test(name)) return null;
      fields.add(name);
      return /^[A-Za-z_][\w]*$/.test(name) && !SPL_KEYWORDS.has(name.toLowerCase()) ? name : `'${name}'`;
    },
    ref: () => null,
    compare(l, op, r) {
      if (isText(l) && isText(r)) {
        const a = l.kind === 'value' ? text(l) : lower(l);
        const b = r.kind === 'value' ? text(r) : lower(r);
        return op === '!=' ? `(isnull(${l.kind === 'value' ? b : l.text}) OR ${a}!=${b})` : `${a}${op}${b}`;
      }
      if (op === '!=') return `(isnull(${text(l)}) OR ${text(l)}!=${text(r)})`;
      return `${text(l)}${op}${text(r)}`;
    },
    in(s, values, negated) {
      const body = `in(${isText(s) ? lower(s) : text(s)}, ${values.map((v) => text(v)).join(', ')})`;
      return negated ? unlessMissing(s, body) : body;
    },
    like(s, patterns, negated) {
      const body = patterns.map((p) => `match(${text(s)}, ${quote(wildcardRegex(p))})`).join(' OR ');
      return negated ? unlessMissing(s, `(${body})`) : patterns.length > 1 ? `(${body})` : body;
    },
    matches(s, regex, negated) {
      const body = `match(${text(s)}, ${quote(inlineRegex(regex))})`;
      return negated ? unlessMissing(s, body) : body;
    },
    isNull: (s, negated) => `${negated ? 'isnotnull' : 'isnull'}(${text(s)})`,
    call(fn, args) {
      const [subject, ...rest] = args;
      const f = subject ? text(subject) : '';
      if (fn === 'cidr') return `(${rest.map((b) => `cidrmatch(${text(b)}, ${f})`).join(' OR ')})`;
      if (fn === 'is_private') return `(${PRIVATE_BLOCKS.map((b) => `cidrmatch(${quote(b)}, ${f})`).join(' OR ')})`;
      if (fn === 'port_in') {
        const parts: string[] = [];
        for (const spec of rest) {
          if (spec.kind !== 'value') return { unsupported: 'a port spec read from another field cannot be expanded in SPL.' };
          const ranges = parsePortSpec(String(spec.value ?? ''));
          if (ranges === 'any') return 'true()';
          for (const [lo, hi] of ranges ?? []) parts.push(lo === hi ? `${f}=${lo}` : `(${f}>=${lo} AND ${f}<=${hi})`);
        }
        return parts.length ? `(${parts.join(' OR ')})` : 'false()';
      }
      if (fn === 'first_seen' || fn === 'rare') return { unsupported: `${fn}() needs a baseline, which a single SPL search does not carry: compare against a lookup built from the baseline period (inputlookup ... | NOT), or apply the post-filter.`, code: 'exportBaseline' };
      return { unsupported: `function ${fn}() has no SPL equivalent.` };
    },
  };
}

export const splTarget: Target = {
  name: 'spl',
  extension: 'spl',
  // Three back-quotes inside the text would end the comment early: they become quotes.
  comment: (text) => splComment(text.replace(/```/g, "'''")),
  exportAnalytic(ctx) {
    const fields = new Set<string>();
    const dialect = splDialect(ctx, fields);
    const sequence = ctx.analytic.sequence!;
    const scopes = stepScopes(sequence);
    const tag = (c: A.Ident): string => String(ctx.mapping.categories?.[c.name === 'any' ? 'other' : c.name] ?? '*');
    const selections = (s: A.Step): A.Selection[] => (s.body?.kind === 'Alternatives' ? s.body.options.flatMap((o) => (o.selection ? [o.selection] : [])) : s.body ? [s.body] : []);
    const present = sequence.steps.filter((s) => s.mode === 'required');
    reportUncarried(ctx, 'SPL', {
      absent: (s) => ({ node: s, message: 'absence is not carried by transaction: the step is left out (a superset).' }),
      having: () => 'the threshold is not carried: apply it with streamstats dc() by the step keys over the sub-window.',
      gap: (gap) => `gap ${gap.text} is not carried (transaction has maxpause between any events, not per step).`,
      slack: (slack) => `slack ${slack.text} is not carried: transaction orders by _time.`,
      until: '`until` is not carried: chains are not cut by a later event (a superset).',
    });

    const condition = (s: A.Step): string => {
      const parts = selections(s).map((sel) => {
        const t = tag(sel.category);
        const cat = t === '*' ? null : `searchmatch(${quote(t)})`;
        const where = renderWhere(ctx, dialect, sel.where, scopes.get(s)!).text;
        return [cat, where].filter((x): x is string => x !== null).map((x) => `(${x})`).join(' AND ') || 'true()';
      });
      return parts.length === 1 ? parts[0]! : parts.map((p) => `(${p})`).join('\n    OR ');
    };
    const searchTags = [...new Set(present.flatMap((s) => selections(s).map((sel) => tag(sel.category))))];
    const search = searchTags.includes('*') ? 'search *' : `search ${searchTags.map((t) => `(${t})`).join(' OR ')}`;
    // transaction takes plain field names, unquoted.
    const key = (f: A.Field): string | null => {
      const name = dialect.field(fieldTarget(columnOf(f)));
      return name !== null && /^[A-Za-z_]\w*$/.test(name) ? name : null;
    };
    const lines = header(ctx, this.comment, 'SPL (Splunk CIM)');
    if (present.length === 1) {
      lines.push(search, `| where ${condition(present[0]!)}`);
    } else {
      report(ctx, 'exportMatching', sequence, 'SPL', 'each event takes the first step it fits, and transaction checks only the first and last step in order: middle steps are not ordered, and overlapping chains merge into one transaction.');
      const keyed = present.filter((s) => s.by.length > 0);
      const stepKeys = keyed.length > 0 && keyed.length === present.length ? keyNames(ctx, 'SPL', keyed[0]!.by, key) ?? [] : [];
      if (keyed.length > 0 && keyed.length < present.length) report(ctx, 'exportStepKey', keyed[0]!, 'SPL', 'transaction fields apply to every event: the per-step key is left out (a superset).');
      const names = present.map((s) => stepName(s, sequence.steps.indexOf(s)));
      lines.push(search, `| eval hb_step=case(${present.map((s, i) => `${condition(s)}, ${quote(names[i]!)}`).join(',\n    ')})`, '| where isnotnull(hb_step)');
      const by = [...keyNames(ctx, 'SPL', sequence.by, key) ?? [], ...stepKeys].map((k) => ` ${k}`).join('');
      const maxspan = sequence.within ? ` maxspan=${secondsWindow(ctx, 'SPL', sequence.within)}` : '';
      lines.push(`| transaction${by}${maxspan} startswith=eval(hb_step==${quote(names[0]!)}) endswith=eval(hb_step==${quote(names[names.length - 1]!)})`);
      lines.push(`| where mvcount(mvdedup(hb_step))==${new Set(names).size}`);
    }
    return { text: `${lines.join('\n')}\n`, fields: [...fields].sort() };
  },
};
