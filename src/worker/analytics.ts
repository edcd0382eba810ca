// Analytics inside the engine worker: `.hunt` documents -> parse -> compile (with their named
// lists: inline, from list files next to the document, and from the workspace allowlist
// files the host sends) -> run over the session's store. Analytics with errors are not run;
// their diagnostics come back instead.

import { readFileSync } from 'node:fs';
import { dirname, isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/dsl/diagnostic';
import { diag } from '../core/dsl/diagnosticCodes';
import type * as A from '../core/dsl/syntax/ast';
import { parse } from '../core/dsl/syntax/parser';
import { compileAnalytic, type AnalyticPlan } from '../core/dsl/compile/plan';
import { literalValue, type ListValues } from '../core/dsl/compile/predicate';
import type { Value } from '../core/dsl/compile/values';
import { runAnalytics } from '../core/match/run';
import type { EventStore } from '../core/store/types';
import type { AnalyticDocument, AnalyticRun, Explanation } from '../protocol/worker';

type Lists = Readonly<Record<string, readonly string[]>>;

interface Prepared {
  readonly document: A.Document;
  readonly plans: { readonly plan: AnalyticPlan; readonly node: A.Analytic }[];
  readonly diagnostics: Diagnostic[];
}

function documentPath(uri: string): string | undefined {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  return isAbsolute(uri) ? uri : undefined;
}

/** Named lists visible to a document: host-provided lists first, the document's own win. */
function listValues(document: A.Document, uri: string, shared: Lists, diagnostics: Diagnostic[]): ListValues {
  const lists = new Map<string, readonly Value[]>(Object.entries(shared));
  const base = documentPath(uri);
  for (const item of document.items) {
    if (item.kind !== 'ListDecl') continue;
    if (item.values) {
      lists.set(item.name.name, item.values.map(literalValue));
    } else if (item.file) {
      const file = isAbsolute(item.file.value) || !base ? item.file.value : join(dirname(base), item.file.value);
      try {
        lists.set(item.name.name, readListFile(file));
      } catch (error) {
        diagnostics.push(diag('listFile', item.file.span, { path: item.file.value, reason: (error as Error).message }));
      }
    }
  }
  return lists;
}

/** One value a line; blank lines and `#` comments are skipped. */
export function readListFile(path: string): string[] {
  return readFileSync(path, 'utf8').split(/\r?\n/).map((l) => l.trim()).filter((l) => l !== '' && !l.startsWith('#'));
}

function prepare(doc: AnalyticDocument, lists: Lists): Prepared {
  const { document, diagnostics } = parse(doc.text);
  const values = listValues(document, doc.uri, lists, diagnostics);
  const errors = diagnostics.filter((d) => d.severity === 'error');
  const plans = document.items
    .filter((item): item is A.Analytic => item.kind === 'Analytic' && item.id !== null)
    .filter((node) => !errors.some((e) => e.span.start >= node.span.start && e.span.end <= node.span.end))
    .map((node) => ({ node, plan: compileAnalytic(node, values) }));
  return { document, plans, diagnostics };
}

function within(node: A.Analytic, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.span.start >= node.span.start && d.span.end <= node.span.end);
}

export function runDocuments(store: EventStore, documents: readonly AnalyticDocument[], lists: Lists): AnalyticRun[] {
  const runs: AnalyticRun[] = [];
  for (const doc of documents) {
    const { document, plans, diagnostics } = prepare(doc, lists);
    for (const node of document.items) {
      if (node.kind !== 'Analytic' || !node.id) continue;
      const prepared = plans.find((p) => p.node.span.start === node.span.start);
      if (!prepared) {
        runs.push({ uri: doc.uri, analytic: node.id.value, chains: [], millis: 0, diagnostics: within(node, diagnostics) });
        continue;
      }
      const result = runAnalytics(store, [prepared.plan]);
      runs.push({ uri: doc.uri, analytic: prepared.plan.id, chains: result.chains, millis: result.stats.millis, diagnostics: within(node, diagnostics) });
    }
  }
  return runs;
}

export function explain(store: EventStore, doc: AnalyticDocument, analytic: string, lists: Lists): Explanation {
  const { plans, diagnostics } = prepare(doc, lists);
  const prepared = plans.find((p) => p.plan.id === analytic);
  if (!prepared) {
    return { analytic, steps: [], chains: 0, truncated: 0, millis: 0, warnings: [`Analytic ${analytic} has errors or was not found; fix them to explain it.`], diagnostics };
  }
  const { stats } = runAnalytics(store, [prepared.plan]);
  const own = stats.analytics[0];
  return {
    analytic,
    steps: prepared.plan.steps.map((s) => ({ step: s.name, candidates: own?.candidates[s.name] ?? 0 })),
    chains: own?.chains ?? 0,
    truncated: own?.truncated ?? 0,
    millis: stats.millis,
    warnings: stats.warnings,
    diagnostics: within(prepared.node, diagnostics),
  };
}
