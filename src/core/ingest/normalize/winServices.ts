// Service Control Manager (System) and application-crash (Application Error, WER) events
// → canonical columns. SCM messages carry positional `param1…` data; which param is the
// service name differs per event id, hence the per-event mappers.

import type { Category } from '../../schema/columns';
import { setImage, type EventData, type EventRow, type Mapper } from './eventData';

function failed(d: EventData, row: EventRow): void {
  row.service_name = d.first('param1', 'ServiceName');
  row.service_state = 'failed';
}

/** 7009: param1 is the timeout in ms, param2 the service. */
function timedOut(d: EventData, row: EventRow): void {
  row.service_name = d.first('param2', 'ServiceName');
  row.service_state = 'timeout';
}

function crashed(d: EventData, row: EventRow): void {
  row.service_name = d.first('param1', 'ServiceName');
  row.service_state = 'crashed';
}

function stateChange(d: EventData, row: EventRow): void {
  row.service_name = d.first('param1', 'ServiceName');
  row.service_state = d.first('param2', 'State')?.toLowerCase() ?? null;
}

/** 7040: param1 service (display name, as in the other SCM events), param2 old start type, param3 new. */
function startTypeChange(d: EventData, row: EventRow): void {
  row.service_name = d.first('param1', 'ServiceName');
  row.service_state = d.first('param3')?.toLowerCase() ?? null;
}

function installed(d: EventData, row: EventRow): void {
  row.service_name = d.first('ServiceName', 'param1');
  row.service_image = d.first('ImagePath', 'param2');
  row.service_state = 'installed';
}

const SCM: ReadonlyMap<number, readonly [string, Mapper]> = new Map<number, readonly [string, Mapper]>([
  [7000, ['fail', failed]],
  [7009, ['timeout', timedOut]],
  [7011, ['timeout', timedOut]],
  [7022, ['fail', failed]],
  [7023, ['fail', failed]],
  [7024, ['fail', failed]],
  [7031, ['crash', crashed]],
  [7034, ['crash', crashed]],
  [7036, ['state', stateChange]],
  [7040, ['start_type_change', startTypeChange]],
  [7045, ['install', installed]],
]);

export function mapServiceControl(d: EventData, row: EventRow, eventId: number): void {
  const entry = SCM.get(eventId);
  if (entry === undefined) return;
  row.category = 'service' satisfies Category;
  row.action = entry[0];
  entry[1](d, row, eventId);
}

/**
 * Application Error 1000: named fields on recent Windows (AppName, AppPath, ProcessId in hex),
 * positional param1…param12 in older renderings (param1 app, param9 pid, param11 path).
 */
export function mapApplicationError(d: EventData, row: EventRow): void {
  row.category = 'process';
  row.action = 'crash';
  const path = d.first('AppPath', 'param11');
  setImage(row, path ?? d.first('AppName', 'param1'));
  row.pid = d.int('ProcessId') ?? d.int('param9');
}

/** Windows Error Reporting 1001: param3 is the event name (APPCRASH…), param6 (P1) the application. */
export function mapErrorReport(d: EventData, row: EventRow): void {
  row.category = 'process';
  row.action = 'error_report';
  setImage(row, d.first('P1', 'param6'));
}
