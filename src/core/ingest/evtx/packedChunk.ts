// A decoded chunk as the EVTX pool's workers send it back: its events packed
// (parallel/packedEvents.ts) and each record's place in a typed array; problems (rare) as they are.

import type { NormalizedEvent } from '../../schema/columns';
import { eventUnpacker, packedEventBuffers, packEvents, StringTable, type PackedEvents } from '../parallel/packedEvents';
import type { DecodedChunk, DecodedRecord } from './chunk';

export interface PackedChunk extends Omit<DecodedChunk<NormalizedEvent>, 'records'> {
  /** Per record: file offset, size, record id. */
  readonly places: Float64Array;
  readonly events: PackedEvents;
}

const PLACE_SLOTS = 3;

export function packChunk(decoded: DecodedChunk<NormalizedEvent>): PackedChunk {
  const { records, ...rest } = decoded;
  const places = new Float64Array(records.length * PLACE_SLOTS);
  records.forEach((record, i) => {
    if (record.chunk !== decoded.chunk) throw new Error(`record ${record.recordId} names chunk ${record.chunk} in chunk ${decoded.chunk}`);
    const p = i * PLACE_SLOTS;
    places[p] = record.offset;
    places[p + 1] = record.size;
    places[p + 2] = record.recordId;
  });
  return { ...rest, places, events: packEvents(records.map((record) => record.event), new StringTable()) };
}

/** The buffers a packed chunk hands over with it. */
export function packedChunkBuffers(packed: PackedChunk): ArrayBuffer[] {
  return [packed.places.buffer as ArrayBuffer, ...packedEventBuffers(packed.events)];
}

export function unpackChunk(packed: PackedChunk): DecodedChunk<NormalizedEvent> {
  const { places, events, ...rest } = packed;
  const eventAt = eventUnpacker(events);
  const records: DecodedRecord<NormalizedEvent>[] = new Array(places.length / PLACE_SLOTS);
  for (let i = 0; i < records.length; i++) {
    const p = i * PLACE_SLOTS;
    records[i] = { chunk: packed.chunk, offset: places[p]!, size: places[p + 1]!, recordId: places[p + 2]!, event: eventAt(i) };
  }
  return { ...rest, records };
}
