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
  const supported = checkCorrelations(correlations, byKey, load, unsupported, diagnostics);
  return { rules, correlations: supported, unsupported, diagnostics, rule: (key) => byKey.get(key) };
}

/**
 * The correlations whose every reference resolves to a rule or correlation that runs; the
 * others become unsupported with SIGMA3001 (not loaded) or SIGMA3004 (loaded, cannot run).
 */
function checkCorrelations(correlations: readonly SigmaCorrelation[], rules: ReadonlyMap<string, CompiledRule>, load: SigmaLoad, unsupported: UnsupportedRule[], diagnostics: SigmaDiagnostic[]): SigmaCorrelation[] {
  const loaded = new Set(load.documents.flatMap((d) => [d.id, ...(d.name !== undefined ? [d.name] : [])]));
  const byKey = new Map<string, SigmaCorrelation>();
  for (const c of correlations) {
    byKey.set(c.id, c);
    if (c.name !== undefined) byKey.set(c.name, c);
  }
  const verdict = new Map<SigmaCorrelation, SigmaDiagnostic | null>();
  const check = (c: SigmaCorrelation, path: ReadonlySet<SigmaCorrelation>): SigmaDiagnostic | null => {
    if (verdict.has(c)) return verdict.get(c)!;
    let problem: SigmaDiagnostic | null = null;
    for (const ref of c.rules) {
      if (rules.has(ref)) continue;
      const inner = byKey.get(ref);
      if (inner && !path.has(inner) && check(inner, new Set([...path, c])) === null) continue;
      const name = loaded.has(ref) ? 'referencedRuleUnsupported' : 'unknownRuleReference';
      problem = sigmaDiag(name, c.origin.file, spanIn(c.origin, ref), { id: c.id, name: ref }, c.id);
      break;
    }
    verdict.set(c, problem);
    return problem;
  };
  const ok: SigmaCorrelation[] = [];
  for (const c of correlations) {
    const problem = check(c, new Set());
    if (!problem) { ok.push(c); continue; }
    diagnostics.push(problem);
    unsupported.push({ id: c.id, title: c.title, file: c.origin.file, reason: reasonOf(problem), diagnostics: [problem] });
  }
  return ok;
}

export function loadPack(paths: readonly string[]): SigmaPack {
  return buildPack(loadSigmaPaths(paths));
}
