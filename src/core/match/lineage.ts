// Process facts for lineage lanes, read from an event's normalized columns when its chain
// event is built (so a timeline needs no lookup of its own): Sysmon events
// carry process/parent GUIDs; Security 4688 and others only process ids, which are unique
// per host only while the process lives, so they are qualified by host (and the lane says
// which pid it is).

import type { ProcessRef } from '../types/chain';
import type { SqlValue } from '../types/store';

export function processRefFromFields(fields: Readonly<Record<string, SqlValue>>): ProcessRef | undefined {
  const text = (k: string) => (typeof fields[k] === 'string' && fields[k] !== '' ? (fields[k] as string) : null);
  const num = (k: string) => (typeof fields[k] === 'number' ? (fields[k] as number) : null);
  const host = text('host') ?? '';
  const pid = num('pid');
  const ppid = num('ppid');
  const guid = text('process_guid') ?? (pid !== null ? `pid:${host}:${pid}` : null);
  if (!guid) return undefined;
  const parentGuid = text('parent_guid') ?? (ppid !== null ? `pid:${host}:${ppid}` : null);
  // A pid-based lane names its pid: the same process may also have a GUID lane from Sysmon.
  const processName = text('process_name');
  const name = text('process_guid') || pid === null ? processName : `${processName ?? 'process'} (pid ${pid})`;
  return { guid, parentGuid, name };
}
