// Microsoft Sentinel / Azure Monitor Log Analytics tables of Windows events, as the portal's
// "Export to CSV", `az monitor log-analytics query` JSON and other KQL results give them. One
// row is read by column name here, whether a CSV row (formats/namedColumnsCsv.ts) or a JSON
// record (normalize/json.ts). The table is told by its columns, never by a value (the `Type`
// column names it, but a projection may drop it):
//
//   SecurityEvent (Security, agent or AMA): EventSourceName, Channel; EventData the event's own
//     `<EventData><Data Name=…>` XML; without it, the columns the service parsed out of it
//     (NewProcessName, CommandLine, LogonType, IpAddress, …, EventData's names) are the data.
//   Event (other channels, Sysmon too, agent): Source, EventLog; EventData as
//     `<DataItem …><EventData><Data Name=…>` XML; without it, ParameterXml's positional
//     `<Param>` values as Data1…N (the EVTX-XML reader's names for unnamed <Data>).
//   WindowsEvent (AMA): Provider, Channel, EventRecordId, TimeCreated; EventData a JSON object
//     of the data by name (dynamic; JSON text in a CSV or in some API answers).
//
// The XML is the log writer's text: it goes through the bounded EVTX-XML parser
// (formats/evtxXml.ts), and only its data is taken. One that does not parse costs its record
// only the event data (the caller reports it by line); the columns still give the event.

import type { WinEvent } from '../../../types/records';
import { parseEventXml } from '../../formats/evtxXml';
import { fieldsByName } from '../eventFields';
import { integer, isObject, scalar, scalars } from './shared';

export type SentinelDialect = 'sentinel-securityevent' | 'sentinel-event' | 'sentinel-windowsevent';

/** The table a row comes from, by its column names (as the export spells them, a CSV's ` [UTC]` left off). */
export function sentinelTable(has: (name: string) => boolean): SentinelDialect | undefined {
  if (!has('TimeGenerated') || !has('EventID')) return undefined;
  if (has('EventSourceName')) return 'sentinel-securityevent';
  if (has('EventLog') && has('Source')) return 'sentinel-event';
  if (has('Provider') && has('Channel')) return 'sentinel-windowsevent';
  return undefined;
}

const SYSTEM: Readonly<Record<SentinelDialect, { readonly provider: string; readonly channel: string }>> = {
  'sentinel-securityevent': { provider: 'EventSourceName', channel: 'Channel' },
  'sentinel-event': { provider: 'Source', channel: 'EventLog' },
  'sentinel-windowsevent': { provider: 'Provider', channel: 'Channel' },
};

/**
 * Columns that are not the event's data: the system fields read above, Log Analytics'
 * bookkeeping (names starting `_` too), and what the agent or service derived from the event
 * (SecurityEvent's `Activity`, `Account`, …), which EVTX does not have.
 */
const NOT_EVENT_DATA: ReadonlySet<string> = new Set([
  'TimeGenerated', 'TimeCreated', 'Computer', 'EventID', 'EventRecordId', 'EventSourceName', 'Channel', 'EventLog', 'Source', 'Provider',
  'EventData', 'ParameterXml', 'RawEventData',
  'TenantId', 'SourceSystem', 'MG', 'ManagementGroupName', 'Type', 'SourceComputerId', 'EventOriginId', 'TimeCollected',
  'AzureDeploymentID', 'Role', 'PartitionKey', 'RowKey', 'StorageAccount', 'AzureTableName',
  'Account', 'AccountType', 'Activity', 'Level', 'Task', 'SubjectAccount', 'TargetAccount', 'LogonTypeName', 'Process',
  'EventLevel', 'EventLevelName', 'EventCategory', 'UserName', 'Message', 'RenderedDescription',
  'Keywords', 'Opcode', 'Correlation', 'SystemProcessId', 'SystemThreadId', 'SystemUserId',
]);

export interface SentinelEvent {
  readonly event: WinEvent;
  /** Why the row's EventData (or ParameterXml) could not be read; its event data is then the named columns'. */
  readonly dataProblem: string | null;
}

type Data = Record<string, string | number | boolean | null>;

/** One row (column name → value) of a table; `timeCreated` is the time the caller read for it. */
export function fromSentinel(dialect: SentinelDialect, row: Readonly<Record<string, unknown>>, timeCreated: string | null): SentinelEvent {
  const system = SYSTEM[dialect];
  const read = dialect === 'sentinel-windowsevent' ? jsonEventData(row.EventData) : xmlEventData(row.EventData, dialect === 'sentinel-event' ? row.ParameterXml : undefined);
  const problem = typeof read === 'string' ? read : null;
  return {
    event: {
      provider: scalar(row[system.provider]),
      channel: scalar(row[system.channel]),
      eventId: integer(row.EventID),
      recordId: integer(row.EventRecordId),
      computer: scalar(row.Computer),
      timeCreated,
      data: typeof read === 'object' ? read : namedColumns(row),
    },
    dataProblem: problem,
  };
}

/** Elements whose text is the <EventData> itself, not a wrapper of it (DataItem, Event): parsed inside an <Event>. */
const BARE_SECTION = /^<(?:[\w.-]+:)?(?:EventData|UserData)[\s>/]/;

/** The data of EventData's XML (else of ParameterXml), undefined when there is none, or what is wrong with it. */
function xmlEventData(eventData: unknown, parameterXml: unknown): Data | string | undefined {
  const xml = scalar(eventData)?.trim();
  if (xml) {
    const parsed = parseEventXml(BARE_SECTION.test(xml) ? `<Event>${xml}</Event>` : xml);
    return typeof parsed === 'string' ? `EventData is not well-formed XML: ${parsed}` : parsed.data;
  }
  const params = scalar(parameterXml)?.trim();
  if (!params) return undefined;
  // `<Param>a</Param><Param>b</Param>`: UserData leaves, which a repeated name numbers Param, Param2, …
  const parsed = parseEventXml(`<Event><UserData><ParameterXml>${params}</ParameterXml></UserData></Event>`);
  if (typeof parsed === 'string') return `ParameterXml is not well-formed XML: ${parsed}`;
  const data = fieldsByName<string | number | boolean | null>();
  for (const [name, value] of Object.entries(parsed.data)) {
    const n = /^Param(\d*)$/.exec(name);
    if (n) data[`Data${n[1] || '1'}`] = value;
  }
  return data;
}

/** WindowsEvent's EventData: an object, or its JSON text. */
function jsonEventData(eventData: unknown): Data | string | undefined {
  if (isObject(eventData)) return scalars(eventData);
  const text = scalar(eventData)?.trim();
  if (!text) return undefined;
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return `EventData is not valid JSON: ${(error as Error).message}`;
  }
  return isObject(parsed) ? scalars(parsed) : 'EventData is not a JSON object';
}

/** The columns named after the event's data, for rows without a readable EventData. */
function namedColumns(row: Readonly<Record<string, unknown>>): Data {
  const data = fieldsByName<string | number | boolean | null>();
  for (const [name, value] of Object.entries(row)) {
    if (NOT_EVENT_DATA.has(name) || name.startsWith('_')) continue;
    if ((typeof value === 'string' && value !== '') || typeof value === 'number' || typeof value === 'boolean') data[name] = value;
  }
  return data;
}
