// The catalogue of every diagnostic the DSL can report: a stable code, a default severity and
// a message template. Lexer, parser, checker and runtime report through `diag()` so codes and
// wording live in one place; tests and editors key on the codes, never on the text.

import type { Diagnostic, DiagnosticSeverity, QuickFix, Span } from '../types/diagnostic';

export interface CodeSpec {
  readonly code: string;
  readonly severity: DiagnosticSeverity;
  /** `{name}` placeholders are filled from the arguments given to `diag()`. */
  readonly template: string;
}

export const CODES = {
  // 1xxx: lexer and parser
  invalidCharacter: { code: 'HUNT1001', severity: 'error', template: 'Unexpected character {char}.' },
  unterminatedString: { code: 'HUNT1002', severity: 'error', template: 'Unterminated string literal.' },
  unterminatedRegex: { code: 'HUNT1003', severity: 'error', template: 'Unterminated regular expression.' },
  badDuration: { code: 'HUNT1004', severity: 'error', template: 'Invalid duration {text}: use a number and one of ms, s, m, h, d.' },
  expected: { code: 'HUNT1005', severity: 'error', template: 'Expected {expected} but found {found}.' },
  // 2xxx: checker
  unknownField: { code: 'HUNT2001', severity: 'error', template: 'Unknown field {name}.{hint}' },
  originalField: { code: 'HUNT2002', severity: 'warning', template: 'Field {name} is not in the schema: it is read from the raw record, which is slow.' },
  typeMismatch: { code: 'HUNT2003', severity: 'error', template: '{detail}' },
  unknownStep: { code: 'HUNT2004', severity: 'error', template: 'Unknown step {name} in reference {ref}.' },
  laterStep: { code: 'HUNT2005', severity: 'error', template: 'Step {name} is not before step {from}: a reference can only read an earlier step.' },
  unreachableStep: { code: 'HUNT2006', severity: 'warning', template: 'Step {name} can never match: {reason}.' },
  windowTooLarge: { code: 'HUNT2007', severity: 'warning', template: 'Window {window} is too large: {reason}.' },
  unknownList: { code: 'HUNT2008', severity: 'error', template: 'Unknown list {name}.{hint}' },
  duplicate: { code: 'HUNT2009', severity: 'error', template: 'Duplicate {what} {name}.' },
  badMetadata: { code: 'HUNT2010', severity: 'error', template: '{detail}' },
  badPattern: { code: 'HUNT2011', severity: 'error', template: 'Invalid {what}: {reason}.' },
  unknownFunction: { code: 'HUNT2012', severity: 'error', template: '{detail}' },
  valueNotAllowed: { code: 'HUNT2013', severity: 'warning', template: 'Field {field} never has the value {value}; it is one of {values}.' },
  keyArity: { code: 'HUNT2014', severity: 'error', template: 'Step {name} joins on {count} field(s) but the first keyed step joins on {expected}.' },
  noBaseline: { code: 'HUNT2015', severity: 'warning', template: '{fn}() needs a baseline: add `baseline first <duration>` or run with --baseline.' },
  missingSequence: { code: 'HUNT2016', severity: 'error', template: 'Analytic {id} has no `sequence` block.' },
  listFile: { code: 'HUNT2017', severity: 'error', template: 'Cannot read list file {path}: {reason}.' },
  badTest: { code: 'HUNT2018', severity: 'error', template: '{detail}' },
  unknownSigmaRule: { code: 'HUNT2020', severity: 'error', template: 'Unknown Sigma rule {id}: {reason}.' },
  unsupportedRegex: { code: 'HUNT2019', severity: 'error', template: 'Regular expression not supported: {reason}; rewrite it without them.' },
  // 4xxx: exporters (huntbench export): a construct the target language cannot carry exactly
  exportReference: { code: 'HUNT4001', severity: 'warning', template: '{target}: {detail}' },
  exportStepKey: { code: 'HUNT4002', severity: 'warning', template: '{target}: {detail}' },
  exportBaseline: { code: 'HUNT4003', severity: 'warning', template: '{target}: {detail}' },
  exportAbsence: { code: 'HUNT4004', severity: 'warning', template: '{target}: {detail}' },
  exportThreshold: { code: 'HUNT4005', severity: 'warning', template: '{target}: {detail}' },
  exportOptional: { code: 'HUNT4006', severity: 'info', template: '{target}: {detail}' },
  exportOrder: { code: 'HUNT4007', severity: 'warning', template: '{target}: {detail}' },
  exportField: { code: 'HUNT4008', severity: 'warning', template: '{target}: {detail}' },
  exportOperator: { code: 'HUNT4009', severity: 'warning', template: '{target}: {detail}' },
  exportMatching: { code: 'HUNT4010', severity: 'info', template: '{target}: {detail}' },
} as const satisfies Record<string, CodeSpec>;

export type CodeName = keyof typeof CODES;

/** Builds a diagnostic from the catalogue; `args` fill the `{name}` placeholders. */
export function diag(
  name: CodeName,
  span: Span,
  args: Record<string, string | number> = {},
  extra: { severity?: DiagnosticSeverity; fixes?: readonly QuickFix[] } = {},
): Diagnostic {
  const spec: CodeSpec = CODES[name];
  const message = fillTemplate(spec.template, args);
  const d: Diagnostic = { code: spec.code, severity: extra.severity ?? spec.severity, message, span };
  return extra.fixes ? { ...d, fixes: extra.fixes } : d;
}

/** A message template with its `{name}` placeholders filled (missing ones left empty). */
export function fillTemplate(template: string, args: Record<string, string | number>): string {
  return template.replace(/\{(\w+)\}/g, (_, key: string) => String(args[key] ?? ''));
}
