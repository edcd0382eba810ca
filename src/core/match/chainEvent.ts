// One stored event row as a chain event: its identity, time, origin, one-line summary, the
// link back to its raw record, and its process (lineage) where the row names one. Shared by
// the matcher and the session's neighbour lookups.

import type { Row } from '../types/store';
import type { ChainEvent } from '../types/chain';
import { processRefFromFields } from './lineage';
import { summarize } from './summary';
import type { Mutable } from '../types/mutable';

/** Where a record stands in its observation (match/observations.ts), when it has other records. */
export interface ObservationPlace {
  readonly obs_id?: number;
  readonly corrected_ts?: number;
}

/** `file` is the display name of the row's source (path, with `!member` inside archives). */
export function toChainEvent(row: Row, file: string, place: ObservationPlace = {}): ChainEvent {
  const line = numberOrNull(row.line);
  const process = processRefFromFields(row);
  const event: Mutable<ChainEvent> = {
    id: Number(row.id),
    ts: Number(row.ts),
    host: textOrNull(row.host),
    channel: textOrNull(row.channel),
    provider: textOrNull(row.provider),
    event_id: numberOrNull(row.event_id),
    record_id: numberOrNull(row.record_id),
    summary: summarize(row),
    source: line !== null ? { file, line } : { file, offset: numberOrNull(row.offset) ?? 0 },
  };
  // Set after, not spread in: a chain event is made per record a chain lists (275k per run at 10M events).
  if (process) event.process = process;
  if (place.obs_id !== undefined) event.obs_id = place.obs_id;
  if (place.corrected_ts !== undefined) event.corrected_ts = place.corrected_ts;
  return event;
}

function numberOrNull(v: Row[string] | undefined): number | null {
  return v == null ? null : Number(v);
}

function textOrNull(v: Row[string] | undefined): string | null {
  return v == null ? null : String(v);
}
