// Helpers shared by the JSON dialect readers: plain-object checks and the EventData shape
// WinEvent expects. Dialects hand over their payload objects as they are (no copying on the
// hot path); mappers read only the fields they know, through text()/int().

import type { WinEvent } from '../../../types/records';
import { fieldsByName } from '../eventFields';

export type JsonObject = Record<string, unknown>;

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function child(value: JsonObject, key: string): JsonObject | undefined {
  const inner = value[key];
  return isObject(inner) ? inner : undefined;
}

/** A scalar JSON value as text; objects and arrays are not scalars. */
export function scalar(value: unknown): string | null {
  if (typeof value === 'string') return value === '' ? null : value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return null;
}

export function integer(value: unknown): number | null {
  if (typeof value === 'number') return Number.isInteger(value) ? value : null;
  if (typeof value !== 'string' || value === '') return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}

/** Payload fields as WinEvent data, merged only when there is a second part (UserData, Properties). Non-scalar members are never read by the mappers. */
export function eventData(fields: JsonObject, more?: JsonObject): WinEvent['data'] {
  return (more === undefined ? fields : { ...fields, ...more }) as WinEvent['data'];
}

/** An object's scalar members as event data (objects and arrays left out: no mapper reads them, and `String()` of one is no value). */
export function scalars(object: Readonly<Record<string, unknown>>): Record<string, string | number | boolean | null> {
  const data = fieldsByName<string | number | boolean | null>();
  for (const [name, value] of Object.entries(object)) {
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') data[name] = value;
  }
  return data;
}
