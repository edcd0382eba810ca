// A parsed batch as the parse pool sends it back to the writer: every event field as a kind
// and a number in two typed arrays (transferred, not copied), and each distinct string of the
// batch once. Structured clones of the events themselves made the writer read every field of
// every event, and a fresh copy of every repeated string (image paths, hosts, providers) whose
// dictionary lookup then hashed it again (docs/benchmarks.md). Unpacked events are full rows
// (emptyRow's shape) with the same values as the parsed ones.

import { copyFields, emptyRow, EVENT_FIELD_COUNT, fillFields } from '../../schema/eventRow';
import type { EventField, NormalizedEvent } from '../../schema/columns';
import type { JsonDialect, JsonRecordResult } from '../normalize/json';
import type { ParsedBatch, ParsedLine } from './jsonBatch';

export interface PackedBatch {
  readonly seq: number;
  readonly padding: number;
  readonly invalidUtf8: ParsedBatch['invalidUtf8'];
  /** The batch's distinct strings; `values` and `results` refer to them by index. */
  readonly strings: string[];
  /** Per line: line number, byte offset, byte length, clock sample. */
  readonly positions: Float64Array;
  /** Per line, string indexes or -1: dialect (-1 for a rejected line), data problem, error, unsupported source; then local time and whether there is a clock sample (0/1). */
  readonly results: Int32Array;
  /** Per line and event field, in COLUMNS order: the kind of value. */
  readonly kinds: Uint8Array;
  /** Per line and event field: the number, or the string's index. */
  readonly values: Float64Array;
}

const POSITION_SLOTS = 4;
const RESULT_SLOTS = 6;

/** Longer strings (command lines) are seldom repeated in a batch and cost most to hash: sent as they come. */
const LOOKED_UP_LENGTH = 128;

const enum Kind {
  Null = 0,
  Undefined = 1,
  Number = 2,
  String = 3,
}

/** A batch's distinct strings, each given its index at first sight. */
class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  of(value: string | undefined): number {
    if (value === undefined) return -1;
    if (value.length > LOOKED_UP_LENGTH) return this.strings.push(value) - 1;
    let at = this.index.get(value);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(value);
      this.index.set(value, at);
    }
    return at;
  }
}

export function packBatch(batch: ParsedBatch): PackedBatch {
  const count = batch.lines.length;
  const table = new StringTable();
  const positions = new Float64Array(count * POSITION_SLOTS);
  const results = new Int32Array(count * RESULT_SLOTS);
  const kinds = new Uint8Array(count * EVENT_FIELD_COUNT);
  const values = new Float64Array(count * EVENT_FIELD_COUNT);
  const fields: unknown[] = new Array(EVENT_FIELD_COUNT);
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
    results[r] = table.of(result.dialect);
    results[r + 1] = table.of(result.dataProblem);
    results[r + 2] = -1;
    results[r + 3] = -1;
    results[r + 4] = result.localTime ? 1 : 0;
    if (result.clockSample !== null) {
      results[r + 5] = 1;
      positions[p + 3] = result.clockSample;
    }
    copyFields(result.event, fields, 0);
    const base = i * EVENT_FIELD_COUNT;
    for (let f = 0; f < EVENT_FIELD_COUNT; f++) {
      const value = fields[f];
      if (value === null) continue; // Kind.Null is the arrays' zero
      if (typeof value === 'number') {
        kinds[base + f] = Kind.Number;
        values[base + f] = value;
      } else if (typeof value === 'string') {
        kinds[base + f] = Kind.String;
        values[base + f] = table.of(value);
      } else if (value === undefined) {
        kinds[base + f] = Kind.Undefined;
      } else {
        throw new Error(`line ${line}: event field ${f} holds a value of type ${typeof value}, not text, a number or null`);
      }
    }
  }
  return { seq: batch.seq, padding: batch.padding, invalidUtf8: batch.invalidUtf8, strings: table.strings, positions, results, kinds, values };
}

/** The buffers a packed batch hands over with it. */
export function packedBuffers(packed: PackedBatch): ArrayBuffer[] {
  return [packed.positions.buffer, packed.results.buffer, packed.kinds.buffer, packed.values.buffer] as ArrayBuffer[];
}

export function unpackBatch(packed: PackedBatch): ParsedBatch {
  const { strings, positions, results, kinds, values } = packed;
  const count = positions.length / POSITION_SLOTS;
  const lines: ParsedLine[] = new Array(count);
  const fields: NormalizedEvent[EventField][] = new Array(EVENT_FIELD_COUNT);
  const text = (index: number): string | undefined => (index < 0 ? undefined : strings[index]);
  for (let i = 0; i < count; i++) {
    const p = i * POSITION_SLOTS;
    const r = i * RESULT_SLOTS;
    let result: JsonRecordResult;
    if (results[r]! < 0) {
      const unsupportedSource = text(results[r + 3]!);
      result = unsupportedSource === undefined ? { error: strings[results[r + 2]!]! } : { error: strings[results[r + 2]!]!, unsupportedSource };
    } else {
      const base = i * EVENT_FIELD_COUNT;
      for (let f = 0; f < EVENT_FIELD_COUNT; f++) {
        const kind = kinds[base + f];
        fields[f] = kind === Kind.Null ? null : kind === Kind.Number ? values[base + f] : kind === Kind.String ? strings[values[base + f]!] : undefined;
      }
      const event = emptyRow();
      fillFields(fields, 0, event);
      const dataProblem = text(results[r + 1]!);
      const normalized = { event, dialect: strings[results[r]!] as JsonDialect, localTime: results[r + 4] === 1, clockSample: results[r + 5] === 1 ? positions[p + 3]! : null };
      result = dataProblem === undefined ? normalized : { ...normalized, dataProblem };
    }
    lines[i] = { line: positions[p]!, offset: positions[p + 1]!, length: positions[p + 2]!, result };
  }
  return { seq: packed.seq, lines, padding: packed.padding, invalidUtf8: packed.invalidUtf8 };
}
