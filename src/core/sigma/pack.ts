// A rule pack: Sigma documents loaded and compiled together, with what did not compile. The
// unit the CLI, the editor and the .hunt `sigma()` step work with: rules by id (or name),
// correlations with their referenced rules resolved, and one reason per unsupported rule.

import { compileRule, type CompiledRule } from './compile';
import { sigmaDiag, type SigmaDiagnostic } from './diagnostics';
import { loadSigmaPaths, spanIn, type SigmaLoad } from './load';
import type { SigmaCorrelation, SigmaRule } from './model';

export interface UnsupportedRule {
  /** The rule's id; for a file that did not parse, the file's path. */
  readonly id: string;
  readonly title?: string;
  readonly file: string;
  /** The first error, as text: what the CLI and docs print. */
  readonly reason: string;
  readonly diagnostics: readonly SigmaDiagnostic[];
}

export interface SigmaPack {
  readonly rules: readonly CompiledRule[];
  readonly correlations: readonly SigmaCorrelation[];
  readonly unsupported: readonly UnsupportedRule[];
  /** Every diagnostic of every file (errors and warnings). */
  readonly diagnostics: readonly SigmaDiagnostic[];
  /** A compiled rule by id or name. */
  rule(idOrName: string): CompiledRule | undefined;
}

function reasonOf(d: SigmaDiagnostic): string {
  return `${d.code}: ${d.message}`;
}

export function buildPack(load: SigmaLoad): SigmaPack {
  const diagnostics: SigmaDiagnostic[] = [...load.diagnostics];
  const unsupported: UnsupportedRule[] = [];
  const rules: CompiledRule[] = [];
  const correlations: SigmaCorrelation[] = [];
  const seen = new Map<string, string>();
  // File-level errors (YAML, structure) name no compiled rule: each is one unsupported entry.
  for (const d of load.diagnostics) if (d.severity === 'error') unsupported.push({ id: d.rule ?? d.file, file: d.file, reason: reasonOf(d), diagnostics: [d] });
  for (const doc of load.documents) {
    const other = seen.get(doc.id);
    if (other !== undefined) {
      diagnostics.push(sigmaDiag('duplicateId', doc.origin.file, spanIn(doc.origin, doc.id), { id: doc.id, other }, doc.id));
      continue;
    }
    seen.set(doc.id, doc.origin.file);
    if (doc.kind === 'correlation') { correlations.push(doc); continue; }
    const result = compileRule(doc as SigmaRule);
    diagnostics.push(...result.diagnostics);
    if (result.compiled) rules.push(result.compiled);
    else unsupported.push({ id: doc.id, title: doc.title, file: doc.origin.file, reason: reasonOf(result.diagnostics[0]!), diagnostics: result.diagnostics });
  }
  const byKey = new Map<string, CompiledRule>();
  for (const r of rules) {
    byKey.set(r.rule.id, r);
    if (r.rule.name !== undefined && !byKey.has(r.rule.name)) byKey.set(r.rule.name, r);
  }
  return { rules, correlations, unsupported, diagnostics, rule: (key) => byKey.get(key) };
}

export function loadPack(paths: readonly string[]): SigmaPack {
  return buildPack(loadSigmaPaths(paths));
}
