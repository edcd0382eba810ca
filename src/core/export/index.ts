// `huntbench export`: compile the analytics of a checked `.hunt` file to EQL, KQL, SPL or Sigma.
//
//   HuntFile (parsed, checked, lists read) ──▶ target.exportAnalytic (walker.ts + a token table
//   in targets/) ──▶ query text + HUNT4xxx diagnostics ──▶ text with an "Approximations" footer
//
// Each diagnostic names the construct (its span) the target could not carry exactly; the
// footer repeats them next to the query so the output never silently means something else.

import type { Diagnostic } from '../types/diagnostic';
import { lineColumn, type HuntFile } from '../dsl/load';
import type * as A from '../dsl/syntax/ast';
import { loadMapping } from './mapping';
import type { AnalyticExport, Mapping, Target, TargetName } from './model';
import { eqlTarget } from './targets/eql';
import { kqlTarget } from './targets/kql';
import { sigmaTarget } from './targets/sigma';
import { splTarget } from './targets/spl';

export const TARGET_MODULES: Readonly<Record<TargetName, Target>> = { eql: eqlTarget, kql: kqlTarget, spl: splTarget, sigma: sigmaTarget };

export interface FileExport {
  readonly target: TargetName;
  readonly analytics: readonly AnalyticExport[];
  /** Every analytic's text, joined (Sigma: YAML documents separated by `---`). */
  readonly text: string;
}

/** Exports every analytic of a file without errors; throws when the file has errors. */
export function exportFile(file: HuntFile, target: TargetName, mapping: Mapping = loadMapping(target)): FileExport {
  const errors = file.diagnostics.filter((d) => d.severity === 'error');
  if (errors.length > 0) throw new Error(`${file.path} has ${errors.length} error(s); run huntbench check`);
  const module = TARGET_MODULES[target];
  const analytics = file.document.items
    .filter((i): i is A.Analytic => i.kind === 'Analytic' && i.sequence !== null)
    .map((analytic) => {
      const diagnostics: Diagnostic[] = [];
      const out = module.exportAnalytic({ file, analytic, mapping, report: (d) => diagnostics.push(d) });
      diagnostics.sort((a, b) => a.span.start - b.span.start || (a.code < b.code ? -1 : 1));
      const text = out.text + footer(file, module.comment, diagnostics);
      return { id: analytic.id?.value ?? '', text, diagnostics, fields: out.fields };
    });
  const separator = target === 'sigma' ? '---\n' : '\n';
  return { target, analytics, text: analytics.map((a) => a.text).join(separator) };
}

function footer(file: HuntFile, comment: (text: string) => string, diagnostics: readonly Diagnostic[]): string {
  if (diagnostics.length === 0) return `${comment('Exact: every construct of the analytic is carried over.')}\n`;
  const lines = [comment(`Approximations (${diagnostics.length}); the query above matches a superset unless noted:`)];
  for (const d of diagnostics) {
    const { line, column } = lineColumn(file.text, d.span.start);
    const construct = file.text.slice(d.span.start, d.span.end).replace(/\s+/g, ' ');
    lines.push(comment(`  ${d.code} ${d.severity} at ${line}:${column} \`${construct.length > 90 ? `${construct.slice(0, 87)}...` : construct}\``));
    lines.push(comment(`    ${d.message}`));
  }
  return `${lines.join('\n')}\n`;
}
