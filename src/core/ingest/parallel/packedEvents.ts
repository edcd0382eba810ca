// Normalized events as parse workers send them to the writer: every field as a kind and a
// number in two typed arrays (transferred, not copied), each distinct string once per message.
// Structured clones of the events themselves made the writer read every field of every event,
// and a fresh copy of every repeated string (image paths, hosts, providers) whose dictionary
// lookup then hashed it again (docs/benchmarks.md). Unpacked events are full rows (emptyRow's
// shape) with the same values as the packed ones.

import type { EventField, NormalizedEvent } from '../../schema/columns';
import { copyFields, emptyRow, EVENT_FIELD_COUNT, fillFields } from '../../schema/eventRow';

export interface PackedEvents {
  /** The message's distinct strings; `values` refers to them by index. */
  readonly strings: string[];
  /** Per event and field, in COLUMNS order: the kind of value. */
  readonly kinds: Uint8Array;
  /** Per event and field: the number, or the string's index. */
  readonly values: Float64Array;
}

const enum Kind {
  Null = 0,
  Undefined = 1,
  Number = 2,
  String = 3,
}

/** A message's distinct strings, each given its index at first sight. */
export class StringTable {
  readonly strings: string[] = [];
  private readonly index = new Map<string, number>();

  /** The index of `value`, or -1 for undefined. */
  of(value: string | undefined): number {
    if (value === undefined) return -1;
    let at = this.index.get(value);
    if (at === undefined) {
      at = this.strings.length;
      this.strings.push(value);
      this.index.set(value, at);
    }
    return at;
  }
}

export function packEvents(events: readonly NormalizedEvent[], table: StringTable): PackedEvents {
  const count = events.length;
  const kinds = new Uint8Array(count * EVENT_FIELD_COUNT);
  const values = new Float64Array(count * EVENT_FIELD_COUNT);
  const fields: unknown[] = new Array(EVENT_FIELD_COUNT);
  for (let i = 0; i < count; i++) {
    copyFields(events[i]!, fields, 0);
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
        throw new Error(`event ${i}: field ${f} holds a value of type ${typeof value}, not text, a number or null`);
      }
    }
  }
  return { strings: table.strings, kinds, values };
}

/** The buffers packed events hand over with them. */
export function packedEventBuffers(packed: PackedEvents): ArrayBuffer[] {
  return [packed.kinds.buffer, packed.values.buffer] as ArrayBuffer[];
}

/** Unpacks events by position, one at a time (a reusable scratch row of values is kept). */
export function eventUnpacker(packed: PackedEvents): (position: number) => NormalizedEvent {
  const { strings, kinds, values } = packed;
  const fields: NormalizedEvent[EventField][] = new Array(EVENT_FIELD_COUNT);
  return (position) => {
    const base = position * EVENT_FIELD_COUNT;
    for (let f = 0; f < EVENT_FIELD_COUNT; f++) {
      const kind = kinds[base + f];
      fields[f] = kind === Kind.Null ? null : kind === Kind.Number ? values[base + f] : kind === Kind.String ? strings[values[base + f]!] : undefined;
    }
    const event = emptyRow();
    fillFields(fields, 0, event);
    return event;
  };
}
