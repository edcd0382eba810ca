// Local PowerShell exports: `Get-WinEvent | ConvertTo-Json` (Id, ProviderName, LogName,
// MachineName, TimeCreated as `/Date(ms)/`, positional Properties) and the flattened
// variant (EventID, SourceName, Channel, Hostname, TimeCreated, EventData at top level).
// TimeCreated is in the exporting machine's zone, which is not recorded, even when it
// ends in `Z`: it is a local time, corrected by localClock.ts when Sysmon shows the offset.

import type { WinEvent } from '../../../types/records';
import { eventData, integer, isObject, scalar, type JsonObject } from './shared';

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
  return {
    event: {
      // SourceName first: in the flattened variant ProviderName can be event data (5058's key storage provider).
      provider: scalar(record.SourceName) ?? scalar(record.ProviderName),
      channel: scalar(record.LogName) ?? scalar(record.Channel),
      eventId: integer(record.Id) ?? integer(record.EventID),
      recordId: integer(record.RecordId) ?? integer(record.RecordNumber),
      computer: scalar(record.MachineName) ?? scalar(record.Hostname),
      timeCreated: localTime,
      data: eventData(record, properties(record)),
    },
    localTime,
  };
}
