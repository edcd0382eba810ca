// Diagnostics for an open `.hunt` document: the parser's and the checker's, exactly what
// `huntbench check` reports, with what the editor knows about the data (original fields seen,
// lists from the workspace) so the did-you-mean and the raw-field warnings match the session.

import type { Diagnostic } from '../../types/diagnostic';
import { check, type SchemaInfo } from '../check/index';
import type { HuntSource } from './source';

export function diagnose(source: HuntSource, info: SchemaInfo = {}): Diagnostic[] {
  return [...source.diagnostics, ...check(source.document, info)];
}
