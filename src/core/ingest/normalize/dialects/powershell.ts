// Local PowerShell exports: `Get-WinEvent | ConvertTo-Json` (Id, ProviderName, LogName,
// MachineName, TimeCreated as `/Date(ms)/`, positional Properties) and the flattened
// variant (EventID, SourceName, Channel, Hostname, TimeCreated, EventData at top level).
// TimeCreated is in the exporting machine's zone, which is not recorded, even when it
// ends in `Z`: it is a local time, corrected by localClock.ts when Sysmon shows the offset.
// Get-WinEvent's positional Properties name nothing, so its rendered Message gives the names,
// as for Export-Csv (renderedMessage.ts).

import { renderedMessageData } from '../../formats/renderedMessage';
import type { WinEvent } from '../../../types/records';
import { eventData, integer, isObject, scalar, type JsonObject } from './shared';

/**
 * EventLogRecord's own properties, which Get-WinEvent writes beside the event's data (lower
 * case). They are not event data: `ProcessId` is the process that wrote the record, which would
 * shadow the event's own ProcessId (4688's creator, WFP's application).
 */
export const EVENT_RECORD_PROPERTIES: ReadonlySet<string> = new Set(['version', 'qualifiers', 'level', 'task', 'opcode', 'keywords', 'providerid',
  'processid', 'threadid', 'userid', 'activityid', 'relatedactivityid', 'containerlog', 'matchedqueryids', 'bookmark', 'leveldisplayname',
  'opcodedisplayname', 'taskdisplayname', 'keywordsdisplaynames', 'properties']);

export function isPowerShellExport(record: JsonObject): boolean {
  return 'TimeCreated' in record && !('EventTime' in record) && ('Id' in record || 'EventID' in record);
}

/** Properties: [{Value: …}, …] → param1…paramN, the names EventData would have in the classic rendering. */
function properties(record: JsonObject): JsonObject | undefined {
  const list = record.Properties;
  if (!Array.isArray(list)) return undefined;
  const data: JsonObject = {};
  list.forEach((property, index) => {
    const value = isObject(property) ? property.Value : property;
    data[`param${index + 1}`] = scalar(value);
  });
  return data;
}

export function fromPowerShellExport(record: JsonObject): { event: WinEvent; localTime: string | null } {
  const localTime = scalar(record.TimeCreated);
  // SourceName first: in the flattened variant ProviderName can be event data (5058's key storage provider).
  const provider = scalar(record.SourceName) ?? scalar(record.ProviderName);
  const eventId = integer(record.Id) ?? integer(record.EventID);
  return {
    event: {
      provider,
      channel: scalar(record.LogName) ?? scalar(record.Channel),
      eventId,
      recordId: integer(record.RecordId) ?? integer(record.RecordNumber),
      computer: scalar(record.MachineName) ?? scalar(record.Hostname),
      timeCreated: localTime,
      data: Array.isArray(record.Properties) ? eventLogRecordData(record, provider, eventId) : eventData(record),
    },
    localTime,
  };
}

/** Get-WinEvent's record: names from the rendered Message, then fields that are not the record's own properties, then Properties by position. */
function eventLogRecordData(record: JsonObject, provider: string | null, eventId: number | null): WinEvent['data'] {
  const message = scalar(record.Message);
  const data: JsonObject = message === null ? Object.create(null) : renderedMessageData(message, provider, eventId);
  for (const [key, value] of Object.entries(record)) if (!EVENT_RECORD_PROPERTIES.has(key.toLowerCase())) data[key] = value;
  return eventData(data, properties(record));
}
