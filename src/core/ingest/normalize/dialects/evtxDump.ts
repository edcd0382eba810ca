// evtx_dump / evtx-rs JSON (what Chainsaw, Hayabusa and SigmaHQ's regression samples use):
// `{"Event": {"System": {...}, "EventData": {...} | "UserData": {...}}}`, XML attributes under
// `#attributes`, element text under `#text` when the element also has attributes. The System
// fields are read as the EVTX reader reads them; EventData by name (an unnamed `Data` list as
// Data1..N); UserData's leaves by name, as the EVTX reader flattens them. Converters built on
// xmltodict write the same XML with attributes as `@Name` keys and EventData as a list of
// `<Data>` elements (`{"@Name": "IpAddress", "#text": "10.0.0.5"}`): read alike. OpenWEC's JSON
// has no `Event` wrapper (`System`, `EventData` at the top), attributes as plain keys
// (`Provider.Name`) and TimeCreated as a time string.

import type { WinEvent } from '../../../types/records';
import { EventFields } from '../eventFields';
import { child, integer, isObject, scalar, type JsonObject } from './shared';

/** The `<Event>` element: under `Event`, or the record itself when System is at the top (OpenWEC). */
function eventElement(record: JsonObject): JsonObject | undefined {
  const event = child(record, 'Event');
  if (event !== undefined) return isObject(event.System) ? event : undefined;
  return isObject(record.System) ? record : undefined;
}

export function isEvtxDump(record: JsonObject): boolean {
  return eventElement(record) !== undefined;
}

/** An element's value: itself, or its `#text` when it carries attributes. */
function text(value: unknown): unknown {
  return isObject(value) && '#text' in value ? value['#text'] : value;
}

/** An XML attribute: under `#attributes` (evtx_dump), an `@name` key (xmltodict) or a plain key (OpenWEC). */
function attribute(value: unknown, name: string): string | null {
  if (!isObject(value)) return null;
  return scalar(child(value, '#attributes')?.[name]) ?? scalar(value[`@${name}`]) ?? scalar(value[name]);
}

/** `<Data>` elements given one by one, a list or a lone element with its Name: by Name, else by position (Data1..N). */
function dataElements(value: unknown): unknown[] | undefined {
  if (Array.isArray(value)) return value;
  return attribute(value, 'Name') === null ? undefined : [value];
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
  const event = eventElement(record)!;
  const system = child(event, 'System')!;
  const data = new EventFields<Value>();
  const eventData = child(event, 'EventData');
  if (eventData) {
    for (const [key, v] of Object.entries(eventData)) {
      if (key === '#attributes' || key.startsWith('@')) continue;
      const elements = key === 'Data' ? dataElements(v) : undefined;
      if (elements) {
        elements.forEach((d, i) => data.set(attribute(d, 'Name') ?? `Data${i + 1}`, scalar(text(d))));
        continue;
      }
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
    timeCreated: attribute(system.TimeCreated, 'SystemTime') ?? scalar(system.TimeCreated),
    level: integer(text(system.Level)),
    keywords: scalar(text(system.Keywords)),
    data: data.data,
  };
}
