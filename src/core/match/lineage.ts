// Process facts for lineage lanes, read from an event's normalized columns when its chain
// event is built (so a timeline needs no lookup of its own): Sysmon events
// carry process/parent GUIDs; Security 4688 and others only process ids, which are unique
// per host only while the process lives, so they are qualified by host (and the lane says
// which pid it is).

import type { ProcessRef } from '../types/chain';
import type { SqlValue } from '../types/store';

export function processRefFromFields(fields: Readonly<Record<string, SqlValue>>): ProcessRef | undefined {
  const pid = wholeNumber(fields.pid);
  const processGuid = nonEmptyText(fields.process_guid);
  if (processGuid === null && pid === null) return undefined;
  const host = nonEmptyText(fields.host) ?? '';
  const ppid = wholeNumber(fields.ppid);
  const guid = processGuid ?? `pid:${host}:${pid}`;
  const parentGuid = nonEmptyText(fields.parent_guid) ?? (ppid !== null ? `pid:${host}:${ppid}` : null);
  // A pid-based lane names its pid: the same process may also have a GUID lane from Sysmon.
  const processName = nonEmptyText(fields.process_name);
  const name = processGuid || pid === null ? processName : `${processName ?? 'process'} (pid ${pid})`;
  return { guid, parentGuid, name };
}

function nonEmptyText(value: SqlValue | undefined): string | null {
  return typeof value === 'string' && value !== '' ? value : null;
}

function wholeNumber(value: SqlValue | undefined): number | null {
  return typeof value === 'number' ? value : null;
}
