// Single events for the timeline: an event's normalized columns, and its neighbours (same
// host, within ±N seconds) as ChainEvents with summaries and links back to their raw records.

import type { ChainEvent } from '../core/types/chain';
import { toChainEvent } from '../core/match/chainEvent';
import { displayName } from '../core/raw/reader';
import type { EventStore, SqlValue } from '../core/types/store';

export function eventFields(store: EventStore, eventId: number): Record<string, SqlValue> {
  const row = store.all('SELECT * FROM events WHERE id = ?', [eventId])[0];
  if (!row) throw new Error(`no event with id ${eventId}`);
  return row;
}

export function neighbours(store: EventStore, eventId: number, seconds: number, limit: number): ChainEvent[] {
  const rows = store.all(
    `SELECT e.* FROM events e, (SELECT host, ts FROM events WHERE id = ?) x
     WHERE e.host = x.host AND e.ts BETWEEN x.ts - ? AND x.ts + ? ORDER BY e.ts, e.id LIMIT ?`,
    [eventId, seconds * 1000, seconds * 1000, limit],
  );
  const sources = new Map(store.sources().map((s) => [s.id, displayName(s)]));
  return rows.map((row) => toChainEvent(row, sources.get(Number(row.source_id)) ?? ''));
}
