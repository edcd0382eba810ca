// The store side of naming creators (ingest/creators.ts): the process starts and ends it reads
// and the write-back of the names it found. SQL against the event tables stays in the store.

import type { SqlValue } from '../types/store';
import type { SqlStore } from './sqlStore';

/** A process start or end, as the creator pass reads it. */
export interface ProcessLifeRow {
  readonly id: number;
  readonly host: string;
  readonly ts: number;
  readonly ends: boolean;
  readonly pid: number;
  readonly image: string | null;
  /** The creator's id of a start that names no parent image (null otherwise). */
  readonly unnamedCreator: number | null;
}

const STARTS_WITHOUT_PARENT = `category = 'process' AND action = 'start' AND ppid IS NOT NULL AND parent_image IS NULL AND host IS NOT NULL AND ts IS NOT NULL`;

/**
 * Visits the process starts and ends of every host that has a start naming its creator only by
 * id, in time order per host (ties in load order), one row at a time: a host's millions of
 * process events are never held at once.
 */
export function visitProcessLives(store: SqlStore, visit: (row: ProcessLifeRow) => void): void {
  store.each(
    `SELECT id, host, ts, action, pid, image, CASE WHEN parent_image IS NULL THEN ppid END AS unnamed_creator
       FROM events
      WHERE category = 'process' AND action IN ('start', 'end') AND pid IS NOT NULL AND ts IS NOT NULL
        AND host IN (SELECT DISTINCT host FROM events WHERE ${STARTS_WITHOUT_PARENT})
      ORDER BY host, ts, id`,
    [],
    (r) => visit({
      id: Number(r.id), host: String(r.host), ts: Number(r.ts), ends: r.action === 'end', pid: Number(r.pid),
      image: r.image === null ? null : String(r.image), unnamedCreator: r.unnamed_creator === null ? null : Number(r.unnamed_creator),
    }),
  );
}

/** The columns the creator pass sets, in the order writeCreatorNames() takes them. */
const CREATOR_COLUMNS = ['parent_image', 'parent_name'] as const;

/** Sets the creators found: each row is parent_image, parent_name, then the event id; in id order. */
export function writeCreatorNames(store: SqlStore, rows: readonly (readonly SqlValue[])[]): void {
  store.updateEvents(CREATOR_COLUMNS, rows);
}
