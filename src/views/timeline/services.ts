// What the timeline asks of the engine after it opened, declared here and implemented by
// whoever wires the extension (over the engine worker): one event's details, its neighbours,
// and optionally the steps' explanations. Chains arrive with their lineage already attached.

import type { Chain, ChainEvent } from '../../core/types/chain';
import type { EventRecord } from '../../core/types/session';
import type { SqlValue } from '../../core/types/store';

export interface TimelineServices {
  /** The event's normalized columns and raw record, in one request (the session's `event`). */
  event(eventId: number): Promise<EventRecord>;
  /** The columns of many events in one request, by event id (the estate graph's arrows). */
  rows(eventIds: readonly number[]): Promise<ReadonlyMap<number, Readonly<Record<string, SqlValue>>>>;
  /** Events on the same host within ±`seconds` of the event, in time order (the session's `neighbours`). */
  neighbours(eventId: number, seconds: number): Promise<readonly ChainEvent[]>;
  /** Per step, the explanation from the analytic's comments, for trainer mode. */
  stepNotes?(chain: Chain): Promise<readonly (string | null)[]>;
}
