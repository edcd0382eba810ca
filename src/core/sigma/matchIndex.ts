// What `sigma("<rule id>")` in a .hunt step reads: per Sigma rule, the ids of the events it
// matched in this session, computed (one pass for all rules asked for) before analytics run,
// and served to SQL as `sigma_match(id, rule)` (1 or 0) so the step's prefilter and predicate
// see them. A load adds events: the sets are recomputed on the next prepare().

import type { EventStore, SqlValue } from '../types/store';
import type { SigmaPack } from './pack';
import { runSigmaRules } from './run';

export interface FunctionHost extends EventStore {
  registerFunction(name: string, fn: (...args: SqlValue[]) => SqlValue): void;
}

export class SigmaMatchIndex {
  private pack: SigmaPack | undefined;
  private readonly sets = new Map<string, ReadonlySet<number>>();

  constructor(private readonly store: FunctionHost) {
    store.registerFunction('sigma_match', (id, rule) => (typeof id === 'number' && typeof rule === 'string' && this.sets.get(rule)?.has(id) ? 1 : 0));
  }

  /** The rule pack sigma("…") names rules from (replaces the previous one). */
  setPack(pack: SigmaPack | undefined): void {
    this.pack = pack;
    this.sets.clear();
  }

  /** Ids and names sigma("…") may use (for the .hunt checker); undefined without a pack. */
  ruleNames(): string[] | undefined {
    return this.pack?.rules.flatMap((r) => [r.rule.id, ...(r.rule.name !== undefined ? [r.rule.name] : [])]);
  }

  /** Forgets computed matches (call after loading more events). */
  invalidate(): void {
    this.sets.clear();
  }

  /** Computes the matches of the named rules not computed yet; names without a compiled rule match nothing. */
  prepare(names: readonly string[]): void {
    const missing = [...new Set(names)].filter((n) => !this.sets.has(n));
    const rules = missing.map((n) => this.pack?.rule(n)).filter((r) => r !== undefined);
    const result = runSigmaRules(this.store, [...new Set(rules)]);
    const byRule = new Map(result.detections.map((d) => [d.rule, new Set(d.events)]));
    for (const n of missing) {
      const compiled = this.pack?.rule(n);
      this.sets.set(n, (compiled && byRule.get(compiled.rule)) ?? new Set());
    }
  }
}
