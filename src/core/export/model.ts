// Shared types of the exporters (`huntbench export`): what a target is, what it produces and
// the shape of a field mapping. A target turns one checked analytic into text in its language;
// everything it cannot carry exactly is a HUNT4xxx diagnostic with the span of the construct.

import type { Diagnostic } from '../types/diagnostic';
import type { HuntFile } from '../dsl/load';
import type * as A from '../dsl/syntax/ast';

export const TARGETS = ['eql', 'kql', 'spl', 'sigma'] as const;
export type TargetName = (typeof TARGETS)[number];

/**
 * A target's field mapping, kept as data (`mappings/<target>.json`, overridable per workspace
 * with `--schema`): canonical column -> target field, and category -> the target's notion of
 * a log source. KQL maps per source table (`sources`), since Sentinel tables differ.
 */
export interface Mapping {
  readonly target: TargetName;
  readonly description?: string;
  readonly fields?: Readonly<Record<string, string>>;
  readonly categories?: Readonly<Record<string, unknown>>;
  readonly sources?: Readonly<Record<string, readonly KqlSource[]>>;
  /** Closed vocabularies translated per column: `direction` inbound -> the target's word. */
  readonly values?: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Per category, the values a column always has in the target's log source (`process`: action start). */
  readonly implied?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
  /** Columns holding a file name that the target only has as the last part of a path field. */
  readonly suffixFields?: Readonly<Record<string, string>>;
}

/** One Sentinel table feeding a category, with a KQL expression per canonical column. */
export interface KqlSource {
  readonly table: string;
  /** A KQL predicate selecting the table's rows of this category. */
  readonly where?: string;
  readonly columns: Readonly<Record<string, string>>;
}

/** What the exporter produces for one analytic. */
export interface AnalyticExport {
  readonly id: string;
  readonly text: string;
  readonly diagnostics: readonly Diagnostic[];
  /** Target fields the text refers to (checked against the mapping by the tests). */
  readonly fields: readonly string[];
}

export interface ExportContext {
  readonly file: HuntFile;
  readonly analytic: A.Analytic;
  readonly mapping: Mapping;
  report(d: Diagnostic): void;
}

export interface Target {
  readonly name: TargetName;
  /** File extension of the output. */
  readonly extension: string;
  /** One line of comment in the target language, for the header and the approximations footer. */
  comment(text: string): string;
  exportAnalytic(ctx: ExportContext): { text: string; fields: string[] };
}
