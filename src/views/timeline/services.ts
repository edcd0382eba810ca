// What the timeline needs from the engine, declared here and implemented by whoever wires
// the extension (over the engine worker): raw record text, normalized fields, neighbours,
// and optionally process lineage and step explanations.

import type { Chain, ChainEvent } from '../../core/types/chain';
import type { SqlValue } from '../../core/types/store';
import type { RawEvent } from '../../core/types/session';
import type { ProcessRef } from '../../protocol/webview';

export interface TimelineServices {
  /** The event's raw record and where it lives (worker `raw`). */
  raw(eventId: number): Promise<RawEvent>;
  /** The event's normalized columns, e.g. `SELECT * FROM events WHERE id = ?`. */
  fields(eventId: number): Promise<Readonly<Record<string, SqlValue>>>;
  /** Events on the same host within ±`seconds` of the event, in time order (the store's neighbours query). */
  neighbours(eventId: number, seconds: number): Promise<readonly ChainEvent[]>;
  /**
   * Process facts per event id, for lineage lanes, in one call. Without it the timeline reads
   * them from `fields` one event at a time, for sets of up to 400 events.
   */
  processes?(eventIds: readonly number[]): Promise<Readonly<Record<number, ProcessRef>>>;
  /** Normalized columns of many events in one call (for the chain's story); without it, `fields` per event for up to 400. */
  rows?(eventIds: readonly number[]): Promise<ReadonlyMap<number, Readonly<Record<string, SqlValue>>>>;
  /** Per step, the explanation from the analytic's comments, for trainer mode. */
  stepNotes?(chain: Chain): Promise<readonly (string | null)[]>;
}
