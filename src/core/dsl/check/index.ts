// The checker: runs every rule over a parsed document and returns the diagnostics, sorted by
// position. Rules never throw; a document with syntax errors is checked as far as it parsed.

import type { Diagnostic } from '../../types/diagnostic';
import type * as A from '../syntax/ast';
import type { CheckContext, Rule, SchemaInfo } from './context';
import { checkFields } from './rules/fields';
import { checkFunctions } from './rules/functions';
import { checkLists } from './rules/lists';
import { checkMetadata } from './rules/metadata';
import { checkSteps } from './rules/steps';
import { checkTests } from './rules/tests';
import { checkTypes } from './rules/types';
import { checkWindows } from './rules/windows';

export const RULES: readonly Rule[] = [checkMetadata, checkSteps, checkFields, checkTypes, checkLists, checkFunctions, checkWindows, checkTests];

export function check(document: A.Document, info: SchemaInfo = {}): Diagnostic[] {
  const diagnostics: Diagnostic[] = [];
  const lists = new Map<string, A.ListDecl>();
  for (const item of document.items) if (item.kind === 'ListDecl' && !lists.has(item.name.name)) lists.set(item.name.name, item);
  const context: CheckContext = { document, info, lists, report: (d) => diagnostics.push(d) };
  for (const rule of RULES) rule(context);
  return diagnostics.sort((a, b) => a.span.start - b.span.start || a.span.end - b.span.end || (a.code < b.code ? -1 : 1));
}

export type { SchemaInfo } from './context';
