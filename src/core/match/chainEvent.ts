// One stored event row as a chain event: its identity, time, origin, one-line summary, the
// link back to its raw record, and its process (lineage) where the row names one. Shared by
// the matcher and the session's neighbour lookups.

import type { Row } from '../types/store';
import type { ChainEvent } from '../types/chain';
import { processRefFromFields } from './lineage';
import { summarize } from './summary';

/** `file` is the display name of the row's source (path, with `!member` inside archives). */
export function toChainEvent(row: Row, file: string): ChainEvent {
  const num = (v: Row[string] | undefined): number | null => (v == null ? null : Number(v));
  const str = (v: Row[string] | undefined): string | null => (v == null ? null : String(v));
  const line = num(row.line);
  const process = processRefFromFields(row);
  return {
    id: Number(row.id),
    ts: Number(row.ts),
    host: str(row.host),
    channel: str(row.channel),
    provider: str(row.provider),
    event_id: num(row.event_id),
    record_id: num(row.record_id),
    summary: summarize(row),
    source: line !== null ? { file, line } : { file, offset: num(row.offset) ?? 0 },
    ...(process ? { process } : {}),
  };
}
