// Splunk JSON exports: each line `{"preview":…, "result":{…}}`. A result either carries the
// Windows TA's extracted fields (EventCode, LogName, SourceName, ComputerName, RecordNumber,
// `_time`, EventData fields at top level) or only `_raw` plus Splunk metadata, in which case
// `_raw` is the event itself: JSON is unwrapped and read as its own dialect, XML
// (XmlWinEventLog) as an <Event> element; classic key=value text is not read yet and is
// rejected saying so. Classic events
// name their extracted fields after the rendered message's labels (`Logon_Type`), not the
// EventData names, so their message is read as the CSV readers read it.

import type { WinEvent } from '../../../types/records';
import { renderedMessageData } from '../../formats/renderedMessage';
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
  const provider = scalar(result.SourceName) ?? scalar(result.Provider_Name);
  const eventId = integer(result.EventCode);
  const message = renderedMessage(result);
  return {
    provider,
    channel: scalar(result.LogName) ?? scalar(result.Channel) ?? channelFromSplunkSource(scalar(result.source)),
    eventId,
    recordId: integer(result.RecordNumber),
    computer: scalar(result.ComputerName) ?? scalar(result.Computer) ?? scalar(result.host),
    timeCreated: scalar(result._time),
    // The result's own fields win over the message's, as columns do in a CSV export.
    data: message === null ? eventData(result) : eventData(renderedMessageData(message, provider, eventId), result),
  };
}

/** The rendered message: Splunk's extracted `Message`, else the `Message=` part of a classic `_raw`. */
function renderedMessage(result: JsonObject): string | null {
  const message = scalar(result.Message);
  if (message !== null) return message;
  const raw = scalar(result._raw);
  const at = raw === null ? -1 : raw.search(/^Message=/m);
  return at < 0 ? null : raw!.slice(at + 'Message='.length);
}

/** The channel in Splunk's `source`: `WinEventLog:Security`, `XmlWinEventLog:Microsoft-Windows-Sysmon/Operational`. */
export function channelFromSplunkSource(source: string | null): string | null {
  if (source === null) return null;
  const colon = source.indexOf(':');
  return colon > 0 && /WinEventLog$/i.test(source.slice(0, colon)) ? source.slice(colon + 1) : null;
}

/** The `_raw` text when it is all the result holds besides Splunk metadata. */
export function onlyRaw(result: JsonObject): string | undefined {
  const raw = result._raw;
  if (typeof raw !== 'string') return undefined;
  for (const key in result) if (!SPLUNK_FIELDS.has(key) && !key.startsWith('date_')) return undefined;
  return raw;
}
