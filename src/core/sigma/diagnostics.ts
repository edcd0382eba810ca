// The catalogue of every diagnostic the Sigma loader and compiler can report: a stable code,
// a default severity and a message template (the model is dsl/diagnosticCodes.ts). An error
// means the rule does not run; Huntbench never drops or approximates a construct silently.
// Tests and editors key on the codes, never on the text.

import type { Diagnostic, Span } from '../types/diagnostic';
import { fillTemplate, type CodeSpec } from '../dsl/diagnosticCodes';

export const SIGMA_CODES = {
  // 1xxx: the file and the rule's structure
  yamlSyntax: { code: 'SIGMA1001', severity: 'error', template: 'Not valid YAML: {detail}.' },
  badStructure: { code: 'SIGMA1002', severity: 'error', template: '{detail}' },
  duplicateId: { code: 'SIGMA1003', severity: 'warning', template: 'Rule id {id} is also used in {other}; the later rule is ignored.' },
  globalAction: { code: 'SIGMA1004', severity: 'error', template: 'Rule collection action {action} is not supported (Sigma 2 has no rule collections): {detail}.' },
  // 2xxx: detection rules
  unsupportedLogsource: { code: 'SIGMA2001', severity: 'error', template: 'Log source {logsource} has no mapping to Huntbench events.' },
  unknownModifier: { code: 'SIGMA2002', severity: 'error', template: 'Unknown modifier {name}.' },
  badModifierUse: { code: 'SIGMA2003', severity: 'error', template: '{detail}' },
  conditionSyntax: { code: 'SIGMA2004', severity: 'error', template: 'Condition {condition}: {detail}.' },
  unknownIdentifier: { code: 'SIGMA2005', severity: 'error', template: 'Condition names {name}, which is not a search identifier of this rule.' },
  unresolvedPlaceholder: { code: 'SIGMA2006', severity: 'error', template: 'Placeholder {name} is not resolved (expand needs a value list for it, and Huntbench has none).' },
  badRegex: { code: 'SIGMA2007', severity: 'error', template: 'Regular expression {pattern} cannot run: {reason}.' },
  aggregation: { code: 'SIGMA2008', severity: 'error', template: 'Aggregation {detail} in the condition (Sigma 1) is not supported; write it as a correlation rule.' },
  tooManyValues: { code: 'SIGMA2009', severity: 'error', template: '{what} expands to more than {limit} values.' },
  badValue: { code: 'SIGMA2010', severity: 'error', template: '{detail}' },
  // 3xxx: correlation rules
  unknownRuleReference: { code: 'SIGMA3001', severity: 'error', template: 'Correlation {id} refers to rule {name}, which is not loaded.' },
  badCorrelation: { code: 'SIGMA3002', severity: 'error', template: 'Correlation: {detail}.' },
  unsupportedCorrelation: { code: 'SIGMA3003', severity: 'error', template: 'Correlation type {type} is not supported.' },
  referencedRuleUnsupported: { code: 'SIGMA3004', severity: 'error', template: 'Correlation {id} needs rule {name}, which cannot run.' },
} as const satisfies Record<string, CodeSpec>;

export type SigmaCodeName = keyof typeof SIGMA_CODES;

/** A Sigma diagnostic: where it is (file and span in that file's text) and which rule it concerns. */
export interface SigmaDiagnostic extends Diagnostic {
  readonly file: string;
  /** The rule's id (or title when it has none); absent for problems of the file itself. */
  readonly rule?: string;
}

export function sigmaDiag(name: SigmaCodeName, file: string, span: Span, args: Record<string, string | number> = {}, rule?: string): SigmaDiagnostic {
  const spec: CodeSpec = SIGMA_CODES[name];
  return { code: spec.code, severity: spec.severity, message: fillTemplate(spec.template, args), span, file, ...(rule !== undefined ? { rule } : {}) };
}
