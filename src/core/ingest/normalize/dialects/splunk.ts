// Splunk JSON exports: each line `{"preview":…, "result":{…}}`. A result either carries the
// Windows TA's extracted fields (EventCode, LogName, SourceName, ComputerName, RecordNumber,
// `_time`, EventData fields at top level) or only `_raw` plus Splunk metadata, in which case
// `_raw` is the event itself: JSON is unwrapped and read as its own dialect; rendered XML
// and classic key=value text are not read yet and are rejected saying so.

import type { WinEvent } from '../../../types/records';
import { eventData, integer, isObject, scalar, type JsonObject } from './shared';

/** Splunk's own fields, present in every result next to the event's. */
const SPLUNK_FIELDS = new Set(['_raw', '_time', '_cd', '_bkt', '_si', '_serial', '_indextime', '_sourcetype', '_subsecond',
  'host', 'source', 'sourcetype', 'index', 'linecount', 'splunk_server', 'punct', 'eventtype', 'tag', 'timestartpos', 'timeendpos']);

export function splunkResult(record: JsonObject): JsonObject | undefined {
  const result = record.result;
  return isObject(result) && ('_raw' in result || '_time' in result || 'EventCode' in result) ? result : undefined;
}

export function isSplunkWindows(result: JsonObject): boolean {
  return 'EventCode' in result;
}

export function fromSplunkWindows(result: JsonObject): WinEvent {
  return {
    provider: scalar(result.SourceName) ?? scalar(result.Provider_Name),
    channel: scalar(result.LogName),
    eventId: integer(result.EventCode),
    recordId: integer(result.RecordNumber),
    computer: scalar(result.ComputerName) ?? scalar(result.Computer) ?? scalar(result.host),
    timeCreated: scalar(result._time),
    data: eventData(result),
  };
}

/** The `_raw` text when it is all the result holds besides Splunk metadata. */
export function onlyRaw(result: JsonObject): string | undefined {
  const raw = result._raw;
  if (typeof raw !== 'string') return undefined;
  for (const key in result) if (!SPLUNK_FIELDS.has(key) && !key.startsWith('date_')) return undefined;
  return raw;
}
