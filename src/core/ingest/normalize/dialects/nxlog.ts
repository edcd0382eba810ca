// NXLog (im_msvistalog → JSON): EventData flattened into the top level next to NXLog's own
// fields. `Hostname` is the event's computer (FQDN or short); `host` is the collector and
// is ignored. `EventTime` is the collector's local time (1 s): the event's time for
// everything but Sysmon (which has UtcTime) and is corrected by localClock.ts.
// `@timestamp` is only the receipt time, used when EventTime is missing.

import type { WinEvent } from '../../../types/records';
import { eventData, integer, scalar, type JsonObject } from './shared';

/** Checked after the PowerShell export, which shares these keys but has TimeCreated instead of EventTime. */
export function isNxlog(record: JsonObject): boolean {
  return 'EventID' in record && ('Channel' in record || 'SourceName' in record);
}

export function fromNxlog(record: JsonObject): { event: WinEvent; localTime: string | null } {
  const localTime = scalar(record.EventTime);
  return {
    event: {
      provider: scalar(record.SourceName) ?? scalar(record.ProviderName),
      channel: scalar(record.Channel),
      eventId: integer(record.EventID),
      recordId: integer(record.RecordNumber),
      computer: scalar(record.Hostname),
      timeCreated: localTime ?? scalar(record['@timestamp']),
      data: eventData(record),
    },
    localTime,
  };
}
