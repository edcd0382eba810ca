// EvtxECmd (Eric Zimmerman's; what KAPE usually leaves of event logs), read alike from its CSV
// (formats/evtxECmdCsv.ts turns a row into such a record) and its JSON: one record per event,
// the System fields by name (TimeCreated, EventId, Provider, Channel, Computer, EventRecordId;
// Level as a .NET level name) and the event's data in `Payload`, the JSON text of its EventData
// or UserData element as Newtonsoft writes XML
// (`{"EventData":{"Data":[{"@Name":"SubjectUserSid","#text":"S-1-5-18"},…]}}`), read as
// evtx_dump's elements are (evtxDump.ts), so the event normalizes as it does from EVTX.
// Deliberately not event data:
//   - ProcessId, ThreadId: the log writer's (System/Execution); as data they would shadow the
//     event's own ProcessId (4624's logon process, WFP's application);
//   - MapDescription, UserName, RemoteHost, ExecutableInfo, PayloadData1..6: EvtxECmd's map
//     renderings of the payload (`Target: CORP\bob`), kept in the raw record (raw_field reads
//     them) but never standing in for the event's own fields.
// Payload is the log's text: its size is bounded by the record's (the JSON and CSV readers'
// record limits), its nesting is walked without recursion (evtxDump.ts); one that cannot be read
// costs its event the event data, not the event, and is handed back as `dataProblem`.

import { parseEventXml } from '../../formats/evtxXml';
import type { WinEvent } from '../../../types/records';
import { fieldsByName } from '../eventFields';
import { eventElementData } from './evtxDump';
import { integer, isObject, scalar, type JsonObject } from './shared';

/** EvtxECmd names its records' keys so; EventId in this spelling is its own (NXLog and PowerShell write EventID). */
export function isEvtxECmd(record: JsonObject): boolean {
  return 'EventId' in record && 'EventRecordId' in record && ('Payload' in record || 'ChunkNumber' in record);
}

/** .NET's StandardEventLevel names, as EvtxECmd writes Level, to the numbers of System/Level. */
const LEVELS: ReadonlyMap<string, number> = new Map([['logalways', 0], ['critical', 1], ['error', 2], ['warning', 3], ['informational', 4], ['info', 4], ['verbose', 5]]);

function level(value: unknown): number | null {
  const name = scalar(value);
  return name === null ? null : (LEVELS.get(name.toLowerCase()) ?? integer(name));
}

interface PayloadData {
  readonly data: WinEvent['data'];
  readonly problem: string | null;
}

function unreadable(problem: string): PayloadData {
  return { data: fieldsByName(), problem: `EvtxECmd Payload ${problem}` };
}

/** The event data in Payload: JSON (EvtxECmd 0.6 on), or the element's XML (older versions). */
function payloadData(payload: unknown): PayloadData {
  if (payload === undefined || payload === null || payload === '') return { data: fieldsByName(), problem: null };
  if (typeof payload !== 'string') return unreadable(`is ${Array.isArray(payload) ? 'an array' : typeof payload}, not text`);
  if (payload.trimStart().startsWith('<')) {
    const event = parseEventXml(`<Event>${payload}</Event>`);
    return typeof event === 'string' ? unreadable(`is not a well-formed EventData or UserData element: ${event}`) : { data: event.data, problem: null };
  }
  let element: unknown;
  try {
    element = JSON.parse(payload);
  } catch (error) {
    return unreadable(`is not valid JSON: ${(error as Error).message}`);
  }
  if (!isObject(element)) return unreadable('is not a JSON object');
  try {
    return { data: eventElementData(element), problem: null };
  } catch (error) {
    // Arrays nested far deeper than any event overflow the stack when joined as text.
    return unreadable(`cannot be read: ${(error as Error).message}`);
  }
}

export function fromEvtxECmd(record: JsonObject): { event: WinEvent; dataProblem: string | null } {
  const payload = payloadData(record.Payload);
  return {
    event: {
      provider: scalar(record.Provider),
      channel: scalar(record.Channel),
      eventId: integer(record.EventId),
      recordId: integer(record.EventRecordId) ?? integer(record.RecordNumber),
      computer: scalar(record.Computer),
      timeCreated: scalar(record.TimeCreated),
      level: level(record.Level),
      data: payload.data,
    },
    dataProblem: payload.problem,
  };
}
