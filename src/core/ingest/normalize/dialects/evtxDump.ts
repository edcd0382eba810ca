// evtx_dump / evtx-rs JSON (what Chainsaw, Hayabusa and SigmaHQ's regression samples use):
// `{"Event": {"System": {...}, "EventData": {...} | "UserData": {...}}}`, XML attributes under
// `#attributes`, element text under `#text` when the element also has attributes. The System
// fields are read as the EVTX reader reads them; EventData by name (an unnamed `Data` list as
// Data1..N); UserData's leaves by name, as the EVTX reader flattens them.

import type { WinEvent } from '../../../types/records';
import { EventFields } from '../eventFields';
import { child, integer, isObject, scalar, type JsonObject } from './shared';

export function isEvtxDump(record: JsonObject): boolean {
  const event = child(record, 'Event');
  return event !== undefined && isObject(event.System);
}

/** An element's value: itself, or its `#text` when it carries attributes. */
function text(value: unknown): unknown {
  return isObject(value) && '#text' in value ? value['#text'] : value;
}

function attribute(value: unknown, name: string): string | null {
  return isObject(value) ? scalar(child(value, '#attributes')?.[name]) : null;
}

type Value = string | number | boolean | null;

/**
 * Leaves of a UserData (or nested EventData) object by element name, in document order; a
 * repeated name gets 2, 3, ... Walked with a stack of its own, not by recursion: the nesting
 * is the log writer's, and 10,000 levels overflowed the call stack, which ended the reading
 * of the whole file there.
 */
function leaves(value: JsonObject, out: EventFields<Value>): void {
  const open: Iterator<[string, unknown]>[] = [Object.entries(value)[Symbol.iterator]()];
  while (open.length > 0) {
    const next = open[open.length - 1]!.next();
    if (next.done) {
      open.pop();
      continue;
    }
    const [key, v] = next.value;
    if (key === '#attributes') continue;
    const inner = text(v);
    if (isObject(inner)) open.push(Object.entries(inner)[Symbol.iterator]());
    else out.addLeaf(key, Array.isArray(inner) ? inner.map(String).join(', ') : (inner as Value));
  }
}

export function fromEvtxDump(record: JsonObject): WinEvent {
  const event = child(record, 'Event')!;
  const system = child(event, 'System')!;
  const data = new EventFields<Value>();
  const eventData = child(event, 'EventData');
  if (eventData) {
    for (const [key, v] of Object.entries(eventData)) {
      if (key === '#attributes') continue;
      const inner = text(v);
      if (key === 'Data' && Array.isArray(inner)) inner.forEach((d, i) => data.set(`Data${i + 1}`, scalar(text(d))));
      else if (isObject(inner)) leaves(inner, data);
      else data.set(key, inner as Value);
    }
  }
  const userData = child(event, 'UserData');
  if (userData) leaves(userData, data);
  return {
    provider: attribute(system.Provider, 'Name'),
    channel: scalar(text(system.Channel)),
    eventId: integer(text(system.EventID)),
    recordId: integer(text(system.EventRecordID)),
    computer: scalar(text(system.Computer)),
    timeCreated: attribute(system.TimeCreated, 'SystemTime'),
    data: data.data,
  };
}
