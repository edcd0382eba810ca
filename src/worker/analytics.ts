// Analytics inside the engine worker: each `.hunt` document is loaded the way the CLI loads
// files (dsl/load.ts: parse, list files next to the document, check, compile), plus the
// workspace lists the host sends, then run over the session's store. A document with errors
// is not run; its diagnostics come back instead.

import { isAbsolute, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { Diagnostic } from '../core/types/diagnostic';
import { compileAnalytic, type AnalyticPlan } from '../core/dsl/compile/plan';
import type { Value } from '../core/dsl/semantics/values';
import { runInlineTests } from '../core/session/inlineTests';
import type { TestResult } from '../core/types/session';
import { loadHuntText, type HuntFile } from '../core/dsl/load';
import { explain as whyNotExplain } from '../core/match/explain';
import { explanationSentence, explanationText } from '../core/match/explainText';
import type * as A from '../core/dsl/syntax/ast';
import { runAnalytics } from '../core/match/run';
import type { EventStore } from '../core/types/store';
import type { AnalyticDocument, AnalyticRun, Explanation } from '../core/types/session';

type Lists = Readonly<Record<string, readonly string[]>>;

interface Loaded {
  readonly file: HuntFile;
  readonly lists: ReadonlyMap<string, readonly Value[]>;
  readonly analytics: readonly { readonly node: A.Analytic; readonly plan: AnalyticPlan | undefined }[];
  readonly diagnostics: readonly Diagnostic[];
}

/** A path for resolving the document's list files: its own file, else the working folder. */
function documentPath(uri: string): string {
  if (uri.startsWith('file:')) return fileURLToPath(uri);
  return isAbsolute(uri) ? uri : join(process.cwd(), 'untitled.hunt');
}

function load(doc: AnalyticDocument, shared: Lists): Loaded {
  const file = loadHuntText(documentPath(doc.uri), doc.text, { externalLists: Object.keys(shared) });
  const ok = !file.diagnostics.some((d) => d.severity === 'error');
  // The document's own lists win over workspace lists of the same name.
  const lists = new Map<string, readonly Value[]>([...Object.entries(shared), ...file.lists]);
  const analytics = file.document.items
    .filter((item): item is A.Analytic => item.kind === 'Analytic' && item.id !== null)
    .map((node) => ({ node, plan: ok ? compileAnalytic(node, lists) : undefined }));
  return { file, lists, analytics, diagnostics: file.diagnostics };
}

function within(node: A.Analytic, diagnostics: readonly Diagnostic[]): Diagnostic[] {
  return diagnostics.filter((d) => d.span.start >= node.span.start && d.span.end <= node.span.end);
}

export function runDocuments(store: EventStore, documents: readonly AnalyticDocument[], lists: Lists): AnalyticRun[] {
  return documents.flatMap((doc) => {
    const { analytics, diagnostics } = load(doc, lists);
    return analytics.map(({ node, plan }): AnalyticRun => {
      const own = within(node, diagnostics);
      if (!plan) return { uri: doc.uri, analytic: node.id!.value, chains: [], millis: 0, diagnostics: own.length ? own : diagnostics.filter((d) => d.severity === 'error') };
      const result = runAnalytics(store, [plan]);
      return { uri: doc.uri, analytic: plan.id, chains: result.chains, millis: result.stats.millis, diagnostics: own };
    });
  });
}

export function explain(store: EventStore, doc: AnalyticDocument, analytic: string, lists: Lists, whyNot?: { host: string | null; others: readonly AnalyticDocument[] }): Explanation {
  const { file, lists: merged, analytics, diagnostics } = load(doc, lists);
  const found = analytics.find((a) => a.node.id?.value === analytic);
  if (!found?.plan) {
    const reason = found ? 'the file has errors; fix them to explain it' : 'no analytic with this id in the file';
    return { analytic, steps: [], chains: 0, truncated: 0, millis: 0, warnings: [`${analytic}: ${reason}.`], diagnostics };
  }
  const plan = found.plan;
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
    diagnostics: within(found.node, diagnostics),
    ...(whyNot ? { whyNot: whyNotOn(store, { ...file, lists: merged, plans: [plan] }, analytic, whyNot.host, whyNot.others, lists) } : {}),
  };
}

/** Why no chain on the host, with the other documents' analytics as what happened instead. */
function whyNotOn(store: EventStore, file: HuntFile, analytic: string, host: string | null, others: readonly AnalyticDocument[], lists: Lists): NonNullable<Explanation['whyNot']> {
  const plans = others.flatMap((d) => load(d, lists).analytics.flatMap((a) => (a.plan ? [a.plan] : [])));
  const e = whyNotExplain(store, file, analytic, { key: host ?? undefined, others: plans });
  return { host: e.key?.value ?? null, sentence: explanationSentence(e), text: explanationText(e) };
}

export function inlineTests(doc: AnalyticDocument): Promise<TestResult[]> {
  return runInlineTests(loadHuntText(documentPath(doc.uri), doc.text));
}
