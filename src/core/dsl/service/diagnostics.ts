// Diagnostics for an open `.hunt` document: the parser's and the checker's, exactly what
// `huntbench check` reports, with what the editor knows about the data (original fields seen,
// lists from the workspace) so the did-you-mean and the raw-field warnings match the session.

import type { Diagnostic } from '../../types/diagnostic';
import { check, type SchemaInfo } from '../check/index';
import { parse } from '../syntax/parser';

export function diagnose(text: string, info: SchemaInfo = {}): Diagnostic[] {
  const { document, diagnostics } = parse(text);
  return [...diagnostics, ...check(document, info)];
}
