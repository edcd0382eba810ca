// A parsed NDJSON batch as the parse pool sends it back to the writer: the events packed
// (packedEvents.ts), and each line's position and result in typed arrays, its strings in the
// same table as the events'.

import type { NormalizedEvent } from '../../schema/columns';
import type { JsonDialect, JsonRecordResult } from '../normalize/json';
import type { ParsedBatch, ParsedLine } from './jsonBatch';
import { eventUnpacker, packedEventBuffers, packEvents, StringTable, type PackedEvents } from './packedEvents';

export interface PackedBatch {
  readonly seq: number;
  readonly padding: number;
  readonly invalidUtf8: ParsedBatch['invalidUtf8'];
  /** The events of the lines not rejected, in order. */
  readonly events: PackedEvents;
  /** Per line: line number, byte offset, byte length, clock sample. */
  readonly positions: Float64Array;
  /** Per line, string indexes or -1: dialect (-1 for a rejected line), data problem, error, unsupported source; then local time and whether there is a clock sample (0/1). */
  readonly results: Int32Array;
}

const POSITION_SLOTS = 4;
const RESULT_SLOTS = 6;

export function packBatch(batch: ParsedBatch): PackedBatch {
  const count = batch.lines.length;
  const table = new StringTable();
  const positions = new Float64Array(count * POSITION_SLOTS);
  const results = new Int32Array(count * RESULT_SLOTS);
  const events: NormalizedEvent[] = [];
  for (let i = 0; i < count; i++) {
    const { line, offset, length, result } = batch.lines[i]!;
    const p = i * POSITION_SLOTS;
    positions[p] = line;
    positions[p + 1] = offset;
    positions[p + 2] = length;
    const r = i * RESULT_SLOTS;
    if ('error' in result) {
      results[r] = -1;
      results[r + 1] = -1;
      results[r + 2] = table.of(result.error);
      results[r + 3] = table.of(result.unsupportedSource);
      continue;
    }
    events.push(result.event);
    results[r] = table.of(result.dialect);
    results[r + 1] = table.of(result.dataProblem);
    results[r + 2] = -1;
    results[r + 3] = -1;
    results[r + 4] = result.localTime ? 1 : 0;
    if (result.clockSample !== null) {
      results[r + 5] = 1;
      positions[p + 3] = result.clockSample;
    }
  }
  return { seq: batch.seq, padding: batch.padding, invalidUtf8: batch.invalidUtf8, events: packEvents(events, table), positions, results };
}

/** The buffers a packed batch hands over with it. */
export function packedBuffers(packed: PackedBatch): ArrayBuffer[] {
  return [packed.positions.buffer, packed.results.buffer, ...packedEventBuffers(packed.events)] as ArrayBuffer[];
}

/** The batch's lines, their numbers counted on from `lineBase` (a file range's are numbered from 0). */
export function unpackBatch(packed: PackedBatch, lineBase = 0): ParsedBatch {
  const { positions, results } = packed;
  const { strings } = packed.events;
  const eventAt = eventUnpacker(packed.events);
  const count = positions.length / POSITION_SLOTS;
  const lines: ParsedLine[] = new Array(count);
  const text = (index: number): string | undefined => (index < 0 ? undefined : strings[index]);
  let events = 0;
  for (let i = 0; i < count; i++) {
    const p = i * POSITION_SLOTS;
    const r = i * RESULT_SLOTS;
    let result: JsonRecordResult;
    if (results[r]! < 0) {
      const unsupportedSource = text(results[r + 3]!);
      result = unsupportedSource === undefined ? { error: strings[results[r + 2]!]! } : { error: strings[results[r + 2]!]!, unsupportedSource };
    } else {
      const dataProblem = text(results[r + 1]!);
      const normalized = { event: eventAt(events++), dialect: strings[results[r]!] as JsonDialect, localTime: results[r + 4] === 1, clockSample: results[r + 5] === 1 ? positions[p + 3]! : null };
      result = dataProblem === undefined ? normalized : { ...normalized, dataProblem };
    }
    lines[i] = { line: lineBase + positions[p]!, offset: positions[p + 1]!, length: positions[p + 2]!, result };
  }
  const { invalidUtf8 } = packed;
  return { seq: packed.seq, lines, padding: packed.padding, invalidUtf8: invalidUtf8.count === 0 ? invalidUtf8 : { ...invalidUtf8, firstLine: lineBase + invalidUtf8.firstLine } };
}
