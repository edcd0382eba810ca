// Winlogbeat 6.x: `event_id`, `log_name`, `source_name`, `computer_name`, `record_number`
// (a string), payload under `event_data` / `user_data`. `@timestamp` is the event time, UTC.

import type { WinEvent } from '../../../types/records';
import { child, eventData, integer, scalar, type JsonObject } from './shared';

export function isWinlogbeat6(record: JsonObject): boolean {
  return 'event_id' in record && ('log_name' in record || 'computer_name' in record || 'source_name' in record);
}

export function fromWinlogbeat6(record: JsonObject): WinEvent {
  return {
    provider: scalar(record.source_name),
    channel: scalar(record.log_name),
    eventId: integer(record.event_id),
    recordId: integer(record.record_number),
    computer: scalar(record.computer_name),
    timeCreated: scalar(record['@timestamp']),
    data: eventData(child(record, 'event_data') ?? {}, child(record, 'user_data')),
  };
}
