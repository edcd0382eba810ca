// What checker rules share: the document, named lists, what is known about the data, and a
// `report` sink. Rules are plain functions (one per file in rules/) so each can be read and
// tested on its own, the way graphql-js validates.

import type { Diagnostic } from '../../types/diagnostic';
import type * as A from '../syntax/ast';

export interface SchemaInfo {
  /** Original field names seen in the loaded data (for did-you-mean and to quiet raw-field warnings). */
  readonly dataFields?: readonly string[];
  /** Lists known from outside the file (e.g. read from list files), by name. */
  readonly externalLists?: readonly string[];
  /** Ids and names of the Sigma rules sigma("…") may name (the rule pack given to the run); absent = none given. */
  readonly sigmaRules?: readonly string[];
}

export interface CheckContext {
  readonly document: A.Document;
  readonly info: SchemaInfo;
  /** Lists declared in the document, by name (first declaration wins). */
  readonly lists: ReadonlyMap<string, A.ListDecl>;
  report(diagnostic: Diagnostic): void;
}

export type Rule = (context: CheckContext) => void;
