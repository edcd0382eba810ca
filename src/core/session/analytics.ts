// Analytics over a session's store, for the editor: each `.hunt` document is loaded the way
// the CLI loads files (dsl/load.ts: parse, list files next to the document plus the
// workspace's lists, check, compile), then run per analytic. A document with errors is not
// run; its diagnostics come back instead. `explain` is the near-miss view of one analytic.

import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadHuntText, type HuntFile } from '../dsl/load';
import type * as A from '../dsl/syntax/ast';
import { explain as explainWhyNot } from '../match/explain';
import { explanationSentence, explanationText } from '../match/explainText';
import { runAnalytics, type RunOptions } from '../match/run';
import type { Diagnostic } from '../types/diagnostic';
import type { AnalyticDocument, AnalyticRun, Explanation, Lists, WhyNotRequest } from '../types/session';
import type { EventStore } from '../types/store';

/** A path for resolving the document's list files: its own file, else the working folder. */
function documentPath(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  return isAbsolute(uri) ? uri : join(process.cwd(), 'untitled.hunt');
}

export function loadDocument(doc: AnalyticDocument, lists: Lists = {}, sigmaRules?: readonly string[]): HuntFile {
  return loadHuntText(documentPath(doc.uri), doc.text, sigmaRules ? { sigmaRules } : {}, lists);
}

/** The Sigma rules sigma("…") steps may name (for the checker), and how to compute their matches before a run. */
export interface SigmaSteps {
  readonly names: readonly string[];
  prepare(names: readonly string[]): void;
}

function analyticsOf(file: HuntFile): A.Analytic[] {
  return file.document.items.filter((item): item is A.Analytic => item.kind === 'Analytic' && item.id !== null);
}

function within(node: A.Analytic, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.span.start >= node.span.start && d.span.end <= node.span.end);
}

export function runDocuments(store: EventStore, documents: readonly AnalyticDocument[], lists: Lists, options: Pick<RunOptions, 'cancelled' | 'timeBudgetMs'> = {}, sigma?: SigmaSteps): AnalyticRun[] {
  return documents.flatMap((doc) => {
    const file = loadDocument(doc, lists, sigma?.names);
    return analyticsOf(file).map((node): AnalyticRun => {
      const own = within(node, file.diagnostics);
      const plan = file.plans.find((p) => p.id === node.id!.value);
      if (!plan) return { uri: doc.uri, analytic: node.id!.value, chains: [], millis: 0, diagnostics: own.length ? own : file.diagnostics.filter((d) => d.severity === 'error') };
      sigma?.prepare(plan.sigmaRules);
      const result = runAnalytics(store, [plan], options);
      const run = { uri: doc.uri, analytic: plan.id, chains: result.chains, millis: result.stats.millis, diagnostics: own };
      return result.stats.stopReason ? { ...run, stopReason: result.stats.stopReason } : run;
    });
  });
}

export function explain(store: EventStore, doc: AnalyticDocument, analytic: string, lists: Lists, whyNot?: WhyNotRequest): Explanation {
  const file = loadDocument(doc, lists);
  const node = analyticsOf(file).find((a) => a.id?.value === analytic);
  const plan = file.plans.find((p) => p.id === analytic);
  if (!node || !plan) {
    const reason = node ? 'the file has errors; fix them to explain it' : 'no analytic with this id in the file';
    return { analytic, steps: [], chains: 0, truncated: 0, millis: 0, warnings: [`${analytic}: ${reason}.`], diagnostics: file.diagnostics };
  }
  const { stats } = runAnalytics(store, [plan]);
  const own = stats.analytics[0];
  // The near-miss view: the analytic cut after each step says how many partial chains get
  // that far, so the drop from one step to the next is where chains die.
  const reached = plan.steps.map((_, i) => (i === plan.steps.length - 1
    ? own?.chains ?? 0
    : runAnalytics(store, [{ ...plan, steps: plan.steps.slice(0, i + 1) }]).stats.chains));
  return {
    analytic,
    steps: plan.steps.map((s, i) => ({ step: s.name, candidates: own?.candidates[s.name] ?? 0, reached: reached[i]! })),
    chains: own?.chains ?? 0,
    truncated: own?.truncated ?? 0,
    millis: stats.millis,
    warnings: stats.warnings,
    diagnostics: within(node, file.diagnostics),
    ...(whyNot ? { whyNot: whyNotOn(store, { ...file, plans: [plan] }, analytic, whyNot, lists) } : {}),
  };
}

/** Why no chain on the host (match/explain.ts), with the other documents' analytics as what happened instead. */
function whyNotOn(store: EventStore, file: HuntFile, analytic: string, { host, others }: WhyNotRequest, lists: Lists): NonNullable<Explanation['whyNot']> {
  const plans = others.flatMap((d) => loadDocument(d, lists).plans);
  const e = explainWhyNot(store, file, analytic, { key: host ?? undefined, others: plans });
  return { host: e.key?.value ?? null, sentence: explanationSentence(e), text: explanationText(e) };
}
