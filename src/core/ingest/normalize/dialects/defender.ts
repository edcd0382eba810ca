// Microsoft Defender XDR (Defender for Endpoint) advanced hunting rows of DeviceProcessEvents,
// DeviceNetworkEvents and DeviceLogonEvents, as the portal's "Export" (CSV) and the API or
// "Export to JSON" give them, and as Sentinel holds the same tables. One row is read by column
// name here, whether a CSV row (formats/namedColumnsCsv.ts) or a JSON record (normalize/json.ts),
// and becomes a WinEvent of provider `Microsoft-Defender-XDR`, no event id and the row's
// columns as its data; winDefender.ts maps it. The dialect is told by the columns (Timestamp,
// DeviceName, ActionType and one of a table's own), never by a file name or a value.
//
// The table is the row's ActionType's (ProcessCreated is only DeviceProcessEvents', the
// Connection… ones only DeviceNetworkEvents', the Logon… ones only DeviceLogonEvents'), so a
// union of the tables (`union Device*Events`) reads alike; a row of another ActionType is of
// the one table the columns fit, but never DeviceProcessEvents (ProcessCreated is its only
// ActionType), else of no known table.

import type { WinEvent } from '../../../types/records';
import { scalar } from './shared';
import { defenderTableOf } from '../winDefender';

export const DEFENDER_PROVIDER = 'Microsoft-Defender-XDR';

export type DefenderTable = 'DeviceProcessEvents' | 'DeviceNetworkEvents' | 'DeviceLogonEvents';

/** Columns only one of the three tables has (DeviceEvents has most of them, and is not read). */
const OWN_COLUMNS: ReadonlyArray<readonly [DefenderTable, readonly string[]]> = [
  ['DeviceProcessEvents', ['ProcessCommandLine', 'FolderPath']],
  ['DeviceNetworkEvents', ['LocalIP', 'LocalPort']],
  ['DeviceLogonEvents', ['LogonType']],
];

/** The tables a row's columns may come from; empty when it is no Defender row. */
export function defenderTables(has: (name: string) => boolean): DefenderTable[] {
  if (!has('Timestamp') || !has('DeviceName') || !has('ActionType')) return [];
  return OWN_COLUMNS.filter(([, columns]) => columns.some(has)).map(([table]) => table);
}

/** One row (column name → scalar value) of tables `tables` (defenderTables of its columns); `data` is what the mapper reads. */
export function fromDefender(tables: readonly DefenderTable[], row: Readonly<Record<string, unknown>>, data: WinEvent['data']): WinEvent {
  const actionType = scalar(row.ActionType);
  const known = actionType === null ? undefined : defenderTableOf(actionType);
  // DeviceProcessEvents holds ProcessCreated rows only: a row of another ActionType with its columns
  // (DeviceFileEvents and DeviceImageLoadEvents also have FolderPath) is of another table.
  const others = known === undefined ? tables.filter((t) => t !== 'DeviceProcessEvents') : tables;
  const table = known !== undefined && tables.includes(known) ? known : others.length === 1 ? others[0]! : null;
  return {
    provider: DEFENDER_PROVIDER,
    channel: table,
    eventId: null,
    recordId: null,
    computer: scalar(row.DeviceName),
    timeCreated: scalar(row.Timestamp),
    data,
  };
}
