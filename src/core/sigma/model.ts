// The Sigma rule model: what load.ts makes of a YAML document before compilation. A
// detection rule keeps its detection section as parsed YAML (compile.ts reads it); a
// correlation rule is fully parsed here. Spans are offsets into the file's text.
//
//   YAML text --load.ts--> SigmaRule | SigmaCorrelation (+ diagnostics)
//     --compile.ts--> CompiledRule (logsource filter, predicate, prefilter atoms)
//     --run.ts--> detections; --correlation.ts--> correlation matches

import type { Span } from '../types/diagnostic';

export type SigmaLevel = 'informational' | 'low' | 'medium' | 'high' | 'critical';

export interface SigmaLogsource {
  readonly product?: string;
  readonly category?: string;
  readonly service?: string;
}

/** Where a rule came from: its file, the span of its YAML document, and the file's text (for finding spans). */
export interface RuleOrigin {
  readonly file: string;
  readonly text: string;
  readonly span: Span;
}

export interface SigmaRule {
  readonly kind: 'rule';
  /** The rule's `id`; a rule without one is named by its title. */
  readonly id: string;
  readonly title: string;
  readonly name?: string;
  readonly level: string;
  readonly status?: string;
  readonly logsource: SigmaLogsource;
  /** The `detection` map as parsed YAML (search identifiers and `condition`). */
  readonly detection: Readonly<Record<string, unknown>>;
  readonly origin: RuleOrigin;
}

export type CorrelationType = 'event_count' | 'value_count' | 'temporal' | 'temporal_ordered';

/** A count condition: every bound present must hold (a range is two bounds). */
export interface CountCondition {
  readonly gt?: number;
  readonly gte?: number;
  readonly lt?: number;
  readonly lte?: number;
  readonly eq?: number;
  readonly neq?: number;
}

export interface SigmaCorrelation {
  readonly kind: 'correlation';
  readonly id: string;
  readonly title: string;
  readonly name?: string;
  readonly level: string;
  readonly type: CorrelationType;
  /** Referenced rules by id or name, in the order given (temporal_ordered's order). */
  readonly rules: readonly string[];
  readonly groupBy: readonly string[];
  readonly timespanMs: number;
  /** alias -> (rule name or id -> field). */
  readonly aliases: Readonly<Record<string, Readonly<Record<string, string>>>>;
  readonly condition: CountCondition;
  /** value_count: the field whose distinct values are counted. */
  readonly field?: string;
  /** Whether the referenced rules also report on their own (Sigma: `generate`, default false). */
  readonly generate: boolean;
  readonly origin: RuleOrigin;
}

export type SigmaDocument = SigmaRule | SigmaCorrelation;
