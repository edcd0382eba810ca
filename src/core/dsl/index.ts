// The `.hunt` language's public API. The pipeline:
//
//   text ──lex──▶ tokens ──parse──▶ Document (syntax/ast.ts, spans on every node)
//                                     │
//                                     ▼ check (check/, one rule per file) ──▶ Diagnostic[]
//                                     │          + resolved names: fields → columns or raw
//                                     │            fields, `step.field` → step references
//                                     ▼ compile (compile/)
//   per step/alternative: parameterized SQL over `events` (indexed columns, bound values)
//                         + a JS predicate for what SQL cannot say (step references,
//                           regex, first_seen, lists of wildcards)
//                                     │
//                                     ▼ match (match/, not part of the DSL; the session runs it): every step probed with a cap; the most
//                                       selective required step narrows the others (join keys,
//                                       time ranges); candidates grouped by join key in total
//                                       order (ts, id); earliest completion per first-step event
//                                       ──▶ Chain[] (types/chain.ts) + stats
//
// Diagnostics are data (diagnosticCodes.ts); nothing here throws on bad input.

export { parse } from './syntax/parser';
export type { ParseResult } from './syntax/parser';
export { lex } from './syntax/lexer';
export * as ast from './syntax/ast';
export { walk, children } from './syntax/visit';
export type { Visitor } from './syntax/visit';
export { CODES, diag } from './diagnosticCodes';
export { check } from './check';
export type { SchemaInfo } from './check';
export { compileAnalytic } from './compile/plan';
export type { AnalyticPlan, StepPlan, AlternativePlan } from './compile/plan';
export { loadHuntFile, loadHuntText, huntFiles, formatDiagnostic, lineColumn } from './load';
export type { HuntFile } from './load';
