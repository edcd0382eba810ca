// Hover for `.hunt` files, in two pure steps like completion: `hoverTarget(text, offset)` says
// what is under the cursor (a field, a step, a list), and `hoverMarkdown(target, data)` writes
// the text: field documentation and aliases plus the value distribution in the loaded data,
// or for a step its selection and how many loaded events match it.

import { resolveField } from '../../schema/aliases';
import type { Span } from '../../types/diagnostic';
import type * as A from '../syntax/ast';
import { tokens, type HuntSource } from './source';
import type { LoadedData } from './data';
import type { ValueCount } from '../../types/session';
import { fieldInfo } from './fields';
import { analyticAt, listDecls, stepDecls, tokenAt } from './locate';

export type HoverTarget =
  | { readonly kind: 'field'; readonly name: string; readonly span: Span }
  | { readonly kind: 'step'; readonly analytic: string; readonly step: string; readonly mode: string; readonly category: string | null; readonly span: Span }
  | { readonly kind: 'list'; readonly name: string; readonly size: number | null; readonly file: string | null; readonly span: Span };

export interface HoverData extends LoadedData {
  /** For a step target: loaded events that match the step's selection alone. */
  readonly stepCandidates?: number;
}

const NOT_FIELDS = new Set(['and', 'or', 'not', 'where', 'in', 'like', 'matches', 'is', 'null', 'true', 'false', 'by', 'within', 'gap', 'having', 'count', 'distinct', 'step', 'optional', 'absent', 'sequence', 'until', 'any', 'of', 'baseline', 'first', 'dataset', 'test', 'expect', 'from', 'list', 'analytic']);

export function hoverTarget(source: HuntSource, offset: number): HoverTarget | undefined {
  const token = tokenAt(tokens(source), offset);
  if (!token || (token.kind !== 'ident' && token.kind !== 'quoted')) return undefined;
  const name = String(token.value);
  const { document } = source;
  const analytic = analyticAt(document, offset);

  const list = listDecls(document).find((d) => d.name === name);
  if (list && token.kind === 'ident') {
    const decl = list.node as A.ListDecl;
    return { kind: 'list', name, size: decl.values?.length ?? null, file: decl.file?.value ?? null, span: token.span };
  }
  if (analytic && token.kind === 'ident') {
    const steps = stepDecls(analytic);
    const dot = name.indexOf('.');
    const head = dot > 0 ? name.slice(0, dot) : name;
    const decl = steps.find((d) => d.name === head);
    const onHead = dot < 0 || offset <= token.span.start + dot;
    if (decl && !resolveField(name) && onHead) {
      const node = decl.node as A.Step | A.Alternative;
      const selection = node.kind === 'Step' ? (node.body?.kind === 'Selection' ? node.body : null) : node.selection;
      const mode = node.kind === 'Step' ? node.mode : 'alternative';
      const span = dot > 0 ? { start: token.span.start, end: token.span.start + dot } : token.span;
      return { kind: 'step', analytic: analytic.id?.value ?? '', step: head, mode, category: selection?.category.name ?? null, span };
    }
    if (decl && dot > 0 && !resolveField(name)) {
      return { kind: 'field', name: name.slice(dot + 1), span: { start: token.span.start + dot + 1, end: token.span.end } };
    }
  }
  if (NOT_FIELDS.has(name) && token.kind === 'ident') return undefined;
  return { kind: 'field', name, span: token.span };
}

export function hoverMarkdown(target: HoverTarget, data: HoverData = {}): string {
  switch (target.kind) {
    case 'field': return fieldMarkdown(target.name, data);
    case 'step': return stepMarkdown(target, data);
    case 'list': return `**list \`${target.name}\`**: ${target.file ? `values from \`${target.file}\`` : `${target.size} inline value(s)`}`;
  }
}

function fieldMarkdown(name: string, data: HoverData): string {
  const info = fieldInfo(name);
  const lines: string[] = [];
  if (info) {
    const canonical = info.column.name === name ? '' : ` → \`${info.column.name}\``;
    lines.push(`**\`${name}\`**${canonical} *(${info.column.type})*`, '', info.column.doc);
    if (info.column.values) lines.push('', `One of: ${info.column.values.map((v) => `\`${v}\``).join(', ')}`);
    if (info.aliases.length) lines.push('', `Also written: ${info.aliases.map((a) => `\`${a.name}\` (${a.family})`).join(', ')}`);
  } else {
    lines.push(`**\`${name}\`** *(original field)*`, '', 'Not in the normalized schema: read from the raw record of each event, which is slow. Check the spelling if you meant a schema field.');
  }
  const values = data.values?.[name];
  if (values && values.length) lines.push('', distribution(values, data.events));
  else if (data.events) lines.push('', `No loaded event has a value for \`${name}\`.`);
  return lines.join('\n');
}

function stepMarkdown(target: Extract<HoverTarget, { kind: 'step' }>, data: HoverData): string {
  const lines = [`**step \`${target.step}\`** (${target.mode}${target.category ? `, ${target.category} events` : ''}) in \`${target.analytic}\``];
  if (data.stepCandidates !== undefined) {
    lines.push('', `${data.stepCandidates.toLocaleString('en-US')} of ${(data.events ?? 0).toLocaleString('en-US')} loaded events match this step's selection.`);
  } else if (!data.events) {
    lines.push('', 'Load logs to see how many events match this step.');
  }
  return lines.join('\n');
}

/** A Markdown table of the top values with counts and share of events. */
function distribution(values: readonly ValueCount[], events: number | undefined): string {
  const rows = values.map((v) => {
    const share = events ? ` | ${((100 * v.count) / events).toFixed(1)}%` : '';
    const shown = v.value === null ? '*(null)*' : `\`${String(v.value).replace(/[`|]/g, ' ')}\``;
    return `| ${shown} | ${v.count.toLocaleString('en-US')}${share} |`;
  });
  const header = events ? '| value | events | share |\n|---|---:|---:|' : '| value | events |\n|---|---:|';
  return `Top values in the loaded data:\n\n${header}\n${rows.join('\n')}`;
}
