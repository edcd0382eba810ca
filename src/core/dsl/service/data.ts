// What the language service knows about the loaded data, passed in as plain values so every
// service function stays pure: the editor fetches these from the engine worker (or leaves
// them out when nothing is loaded) and hands them to completion and hover.

import type { ValueCount } from '../../types/session';

export interface LoadedData {
  /** Events in the session; 0 or absent when nothing is loaded. */
  readonly events?: number;
  /** Top values of one field, keyed by the field name as the service asked for it. */
  readonly values?: Readonly<Record<string, readonly ValueCount[]>>;
  /** Field names seen in the data beyond the schema (original fields). */
  readonly originalFields?: readonly string[];
  /** List names available from workspace list files, besides the lists the document declares. */
  readonly lists?: readonly string[];
}
