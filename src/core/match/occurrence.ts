// An occurrence is what a step contributes to a chain: one event, or for a threshold step the
// events of the burst that met it, with what the search compares (time, id, join-key group).

import type { Row } from '../types/store';

export interface Occurrence {
  /** The event that completes the occurrence (the last of a burst); references read it. */
  readonly row: Row;
  /** The ids of every event of the occurrence, in order. */
  readonly ids: readonly number[];
  /** The time of its first event (of a burst's; else `ts`). */
  readonly start: number;
  readonly ts: number;
  readonly id: number;
  /** Its group under the analytic's join key (null: it joins nothing). */
  readonly group: string | null;
  readonly alternative: string | null;
}

/**
 * The occurrence of one event, its row read. Its list of ids and first time are given when
 * asked: at 10M events AN0327 holds 811k candidates through its run, and an array per
 * candidate was one more object for the collector to keep.
 */
class EventOccurrence implements Occurrence {
  constructor(
    readonly row: Row,
    readonly ts: number,
    readonly id: number,
    readonly group: string | null,
    readonly alternative: string | null,
  ) {}

  get ids(): readonly number[] {
    return [this.id];
  }

  get start(): number {
    return this.ts;
  }
}

/** The occurrence of one event read as a row. */
export function rowOccurrence(row: Row, group: string | null, alternative: string | null): Occurrence {
  return new EventOccurrence(row, Number(row.ts), Number(row.id), group, alternative);
}
