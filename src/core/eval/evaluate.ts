// `npm run eval`'s engine: every labelled case loaded as an analyst would load it (its
// captures together, its baseline apart), the analytics run once per distinct load, each
// case judged (confusion.ts), and every miss explained by the core "why not" (match/explain.ts:
// the step that found nothing on the labelled host and its nearest candidates). Cases whose
// files are absent are skipped with the reason, so the corpus may be partial.

import { existsSync, readFileSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import type { AnalyticPlan } from '../dsl/compile/plan';
import type { HuntFile } from '../dsl/load';
import { HuntSession } from '../session/session';
import type { IngestModules } from '../ingest/load';
import { runAnalytics } from '../match/run';
import { confusion, judge, type Confusion, type Judgement } from './confusion';
import { parseLabels, type LabelCase } from './labels';
import { explain, type Explanation } from '../match/explain';

export interface CaseResult extends Judgement {
  /** The labels file the case comes from. */
  readonly file: string;
  /** For a miss: why the analytic found nothing on the labelled host. */
  readonly miss: Explanation | null;
}

export interface Skipped {
  readonly file: string;
  readonly label: LabelCase;
  readonly reason: string;
}

export interface EvalReport {
  readonly results: readonly CaseResult[];
  readonly skipped: readonly Skipped[];
  /** Problems with the labels files themselves. */
  readonly errors: readonly string[];
  readonly confusion: readonly Confusion[];
}

interface Group {
  readonly file: string;
  readonly load: readonly string[];
  readonly baseline: readonly string[];
  readonly cases: LabelCase[];
}

/** Scores the analytics of `files` against the cases of every labels file that exists (absent files are skipped silently). */
export async function evaluate(labelFiles: readonly string[], files: readonly HuntFile[], modules: IngestModules): Promise<EvalReport> {
  const plans = files.flatMap((f) => f.plans);
  const errors: string[] = [];
  const skipped: Skipped[] = [];
  const groups = new Map<string, Group>();
  for (const file of labelFiles.filter((f) => existsSync(f))) {
    const set = parseLabels(readFileSync(file, 'utf8'), file);
    errors.push(...set.errors);
    const root = dirname(file);
    for (const label of set.cases) {
      if (!plans.some((p) => p.id === label.analytic)) { skipped.push({ file, label, reason: `no analytic ${label.analytic} was loaded` }); continue; }
      const load = label.load.map((p) => resolve(root, p));
      const baseline = label.baseline.map((p) => resolve(root, p));
      const absent = [...load, ...baseline].filter((p) => !existsSync(p));
      if (absent.length) { skipped.push({ file, label, reason: `absent: ${absent.join(', ')}` }); continue; }
      const key = JSON.stringify([load, baseline]);
      const group = groups.get(key) ?? { file, load, baseline, cases: [] };
      group.cases.push(label);
      groups.set(key, group);
    }
  }
  const results: CaseResult[] = [];
  for (const group of groups.values()) results.push(...await evaluateGroup(group, files, modules));
  return { results, skipped, errors, confusion: confusion(results) };
}

async function evaluateGroup(group: Group, files: readonly HuntFile[], modules: IngestModules): Promise<CaseResult[]> {
  const plans: AnalyticPlan[] = files.flatMap((f) => f.plans);
  const session = await HuntSession.create(modules);
  const base = group.baseline.length ? await HuntSession.create(modules) : undefined;
  try {
    await session.load(group.load);
    if (base) await base.load(group.baseline);
    const options = { baseline: base?.store };
    const { chains } = runAnalytics(session.store, plans, options);
    const oneCapture = group.load.length === 1 && statSync(group.load[0]!).isFile();
    return group.cases.map((label) => {
      const judgement = judge(label, chains, oneCapture);
      const file = files.find((f) => f.plans.some((p) => p.id === label.analytic))!;
      const missed = label.kind === 'chain' && judgement.hit === null;
      return { ...judgement, file: group.file, miss: missed ? explain(session.store, file, label.analytic, { key: label.host!, others: plans }) : null };
    });
  } finally {
    session.close();
    base?.close();
  }
}
