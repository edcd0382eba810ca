// Running a whole rule pack: the detection rules in one pass (run.ts), then the correlations
// over what their referenced rules matched (correlation.ts), referenced correlations first.
// Rules referenced by a correlation report on their own only when it says `generate: true`.

import type { EventStore } from '../types/store';
import { correlate, matchOccurrences, ruleOccurrences, type CorrelationMatch, type Occurrence } from './correlation';
import type { SigmaCorrelation } from './model';
import type { SigmaPack } from './pack';
import { runSigmaRulesAsync } from './parallelRun';
import { runSigmaRules, type RuleDetections, type SigmaRunOptions, type SigmaRunResult, type SigmaRunStats } from './run';

export interface CorrelationResult {
  readonly correlation: SigmaCorrelation;
  readonly matches: CorrelationMatch[];
}

export interface PackResult {
  /** Detection rules that report on their own, in pack order. */
  readonly detections: RuleDetections[];
  readonly correlations: CorrelationResult[];
  readonly stats: SigmaRunStats;
  readonly cancelled: boolean;
}

export function runPack(store: EventStore, pack: SigmaPack, options: SigmaRunOptions = {}): PackResult {
  return withCorrelations(store, pack, runSigmaRules(store, pack.rules, options));
}

/** runPack yielding to the event loop while the rules run (cancellable from the engine worker), over threads on a large store. */
export async function runPackAsync(store: EventStore, pack: SigmaPack, options: SigmaRunOptions = {}): Promise<PackResult> {
  return withCorrelations(store, pack, await runSigmaRulesAsync(store, pack.rules, options));
}

function withCorrelations(store: EventStore, pack: SigmaPack, run: SigmaRunResult): PackResult {
  const byRule = new Map(run.detections.map((d) => [d.rule, d.events]));
  const correlationByKey = new Map<string, SigmaCorrelation>();
  for (const c of pack.correlations) {
    correlationByKey.set(c.id, c);
    if (c.name !== undefined) correlationByKey.set(c.name, c);
  }
  const results = new Map<SigmaCorrelation, CorrelationMatch[]>();
  const evaluate = (c: SigmaCorrelation): CorrelationMatch[] => {
    const done = results.get(c);
    if (done) return done;
    results.set(c, []); // a reference cycle reads an empty result rather than recursing forever
    const occurrences: Occurrence[] = [];
    c.rules.forEach((ref, index) => {
      const compiled = pack.rule(ref);
      if (compiled) {
        const keys = [compiled.rule.id, ...(compiled.rule.name !== undefined ? [compiled.rule.name] : []), ref];
        occurrences.push(...ruleOccurrences(store, c, index, keys, compiled.branches.map((b) => b.branch), byRule.get(compiled.rule) ?? []));
        return;
      }
      const inner = correlationByKey.get(ref);
      if (inner) occurrences.push(...matchOccurrences(c, index, evaluate(inner)));
    });
    const matches = correlate(c, occurrences);
    results.set(c, matches);
    return matches;
  };
  const correlations = run.cancelled ? [] : pack.correlations.map((c) => ({ correlation: c, matches: evaluate(c) }));
  const hidden = new Set(pack.correlations.filter((c) => !c.generate).flatMap((c) => c.rules.map((r) => pack.rule(r)?.rule).filter((r) => r !== undefined)));
  return { detections: run.detections.filter((d) => !hidden.has(d.rule)), correlations, stats: run.stats, cancelled: run.cancelled };
}
