// evtx_dump / evtx-rs JSON (what Chainsaw, Hayabusa and SigmaHQ's regression samples use):
// `{"Event": {"System": {...}, "EventData": {...} | "UserData": {...}}}`, XML attributes under
// `#attributes`, element text under `#text` when the element also has attributes. The System
// fields are read as the EVTX reader reads them; EventData by name (an unnamed `Data` list as
// Data1..N); UserData's leaves by name, as the EVTX reader flattens them. Converters built on
// xmltodict write the same XML with attributes as `@Name` keys and EventData as a list of
// `<Data>` elements (`{"@Name": "IpAddress", "#text": "10.0.0.5"}`): read alike. OpenWEC's JSON
// has no `Event` wrapper (`System`, `EventData` at the top), attributes as plain keys
// (`Provider.Name`) and TimeCreated as a time string. Velociraptor's parse_evtx() rows (and the
// Windows.EventLogs.* artifacts that select `*` from it) have the same layout as OpenWEC's, but
// an element with attributes holds its text under `Value` (`EventID: {Value: 4624, Qualifiers}`,
// as Go EVTX parsers write it) and TimeCreated's SystemTime is epoch seconds as a number: told
// apart by those, and reported as their own dialect. EvtxECmd's Payload (evtxECmd.ts) is this
// shape's EventData or UserData element alone, read by eventElementData.

import type { WinEvent } from '../../../types/records';
import { EventFields } from '../eventFields';
import { child, integer, isObject, scalar, type JsonObject } from './shared';

/** The `<Event>` element: under `Event`, or the record itself when System is at the top (OpenWEC). */
function eventElement(record: JsonObject): JsonObject | undefined {
  const event = child(record, 'Event');
  if (event !== undefined) return isObject(event.System) ? event : undefined;
  return isObject(record.System) ? record : undefined;
}

/** Which writer's shape a record with an `<Event>` element is, if it has one. */
export function eventJsonDialect(record: JsonObject): 'evtxdump' | 'velociraptor' | undefined {
  const event = eventElement(record);
  if (event === undefined) return undefined;
  const system = child(event, 'System')!;
  const systemTime = child(system, 'TimeCreated')?.SystemTime;
  const eventId = system.EventID;
  return event === record && (typeof systemTime === 'number' || (isObject(eventId) && 'Value' in eventId)) ? 'velociraptor' : 'evtxdump';
}

/** An element's value: itself, or its `#text` when it carries attributes. */
function text(value: unknown): unknown {
  return isObject(value) && '#text' in value ? value['#text'] : value;
}

/**
 * A System element's value: Go EVTX parsers (Velociraptor) write an element with attributes
 * as `{Value, Qualifiers}`. Only for System, whose elements are known: in UserData an element
 * may well be named Value.
 */
function systemText(value: unknown): unknown {
  const inner = text(value);
  return isObject(inner) && 'Value' in inner ? inner.Value : inner;
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
    // `#attributes` (evtx_dump) and `@name` keys (xmltodict, Newtonsoft: `@xmlns`) are attributes, not leaves.
    if (key === '#attributes' || key.startsWith('@')) continue;
    const inner = text(v);
    if (isObject(inner)) open.push(Object.entries(inner)[Symbol.iterator]());
    else out.addLeaf(key, Array.isArray(inner) ? inner.map(String).join(', ') : (inner as Value));
  }
}

/** The event data of an `<Event>` element (or of EvtxECmd's Payload, which holds only that part): EventData by name, UserData's leaves. */
export function eventElementData(event: JsonObject): WinEvent['data'] {
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
  return data.data;
}

/**
 * TimeCreated's SystemTime as the EVTX reader gives it: a time string as written (or
 * TimeCreated itself as one, OpenWEC); Velociraptor's epoch seconds (a number) as ISO 8601.
 */
function systemTime(element: unknown): string | null {
  const seconds = isObject(element) ? element.SystemTime : undefined;
  if (typeof seconds === 'number') return epochSecondsIso(seconds);
  return attribute(element, 'SystemTime') ?? scalar(element);
}

/**
 * Epoch seconds as ISO 8601, the fraction taken from the number's decimal digits: multiplying
 * by 1000 in floating point drops a millisecond now and then (…400.123 gives …400122.99…).
 */
function epochSecondsIso(value: number): string | null {
  const [whole = '', fraction = ''] = String(value).split('.');
  // A negative or exponent-notation number is no event time.
  if (!/^\d{1,12}$/.test(whole) || !/^\d*$/.test(fraction)) return null;
  const date = new Date(Number(whole) * 1000);
  return Number.isNaN(date.getTime()) ? null : `${date.toISOString().slice(0, 19)}${fraction === '' ? '' : `.${fraction}`}Z`;
}

export function fromEvtxDump(record: JsonObject): WinEvent {
  const event = eventElement(record)!;
  const system = child(event, 'System')!;
  return {
    provider: attribute(system.Provider, 'Name'),
    channel: scalar(systemText(system.Channel)),
    eventId: integer(systemText(system.EventID)),
    recordId: integer(systemText(system.EventRecordID)),
    computer: scalar(systemText(system.Computer)),
    timeCreated: systemTime(system.TimeCreated),
    level: integer(systemText(system.Level)),
    keywords: scalar(systemText(system.Keywords)),
    data: eventElementData(event),
  };
}
