// Winlogbeat 7/8 and Elastic Agent (ECS): the Windows event under `winlog` (event_data,
// channel, provider_name, record_id, computer_name), the id in `event.code`, the time in
// `@timestamp` (UTC). ECS fields (`process.*`, `source.*`, `destination.*`, …) fill
// canonical columns the Windows mapping left empty, which also covers ECS events that
// carry no `winlog` at all (Elastic Defend). Exports may flatten keys (`winlog.channel`,
// down to `winlog.event_data.Image`), so every path is looked up both ways.

import type { NormalizedEvent } from '../../../schema/columns';
import type { WinEvent } from '../../../types/records';
import { account, address, drivePath, fileName, int, protocol, text, type FieldValue } from '../fields';
import { eventData, integer, isObject, scalar, type JsonObject } from './shared';

export function isEcs(record: JsonObject): boolean {
  return 'winlog' in record || 'winlog.channel' in record || 'ecs' in record || ('event' in record && isObject(record.event) && 'code' in record.event);
}

/** `a.b.c` from nested objects, or from a flattened `a.b.c` key. */
function at(record: JsonObject, path: string): unknown {
  if (path in record) return record[path];
  let value: unknown = record;
  for (const key of path.split('.')) {
    if (!isObject(value)) return undefined;
    value = value[key];
  }
  return value;
}

/**
 * The object at `path`, nested or flattened; a fully flattened export has no such object,
 * only its members as `path.Name` keys, which are gathered into one.
 */
function objectAt(record: JsonObject, path: string): JsonObject | undefined {
  const value = at(record, path);
  if (isObject(value)) return value;
  const prefix = `${path}.`;
  let members: JsonObject | undefined;
  for (const key of Object.keys(record)) {
    if (!key.startsWith(prefix)) continue;
    members ??= Object.create(null) as JsonObject;
    members[key.slice(prefix.length)] = record[key];
  }
  return members;
}

/**
 * EventData fields that Winlogbeat's modules rename into ECS fields (as [EventData name, ECS
 * path]) where the ECS field's column would misread them. The Security module moves 4688's new
 * process, and for the other events it processes the acting process and the client
 * (renameCommonAuthFields): read back as event data, the Windows mapping gives them each
 * event's own meaning (4648's IpAddress is the server the credentials were used on, dst_ip,
 * where `source.ip` would make it the initiator; 4624's WorkstationName is src_host). The
 * Sysmon module moves event 20's Destination, the WMI consumer's command, to
 * `process.executable`, though the event has no acting process.
 */
type Renames = readonly (readonly [string, string])[];
const NEW_PROCESS_RENAMES: Renames = [['NewProcessId', 'process.pid'], ['NewProcessName', 'process.executable'], ['ParentProcessName', 'process.parent.executable']];
const AUTH_RENAMES: Renames = [['ProcessId', 'process.pid'], ['ProcessName', 'process.executable'], ['IpAddress', 'source.ip'], ['IpPort', 'source.port'], ['WorkstationName', 'source.domain']];
const WMI_CONSUMER_RENAMES: Renames = [['Destination', 'process.executable']];

function moduleRenames(channel: string | null, eventId: number | null): Renames {
  const name = channel?.toLowerCase();
  if (name === 'security') return eventId === 4688 ? NEW_PROCESS_RENAMES : AUTH_RENAMES;
  if (name === 'microsoft-windows-sysmon/operational' && eventId === 20) return WMI_CONSUMER_RENAMES;
  return [];
}

function channelOf(record: JsonObject): string | null {
  return scalar(at(record, 'winlog.channel')) ?? scalar(at(record, 'event.dataset'));
}

function eventIdOf(record: JsonObject): number | null {
  return integer(at(record, 'event.code')) ?? integer(at(record, 'winlog.event_id'));
}

export function fromEcs(record: JsonObject): WinEvent {
  const channel = channelOf(record);
  const eventId = eventIdOf(record);
  const data = eventData(objectAt(record, 'winlog.event_data') ?? {}, objectAt(record, 'winlog.user_data'));
  const renames = moduleRenames(channel, eventId);
  return {
    provider: scalar(at(record, 'winlog.provider_name')) ?? scalar(at(record, 'event.provider')),
    channel,
    eventId,
    recordId: integer(at(record, 'winlog.record_id')),
    computer: scalar(at(record, 'winlog.computer_name')) ?? scalar(at(record, 'host.hostname')) ?? scalar(at(record, 'host.name')),
    timeCreated: scalar(record['@timestamp']),
    data: renames.length === 0 ? data : withRenamedBack(data, record, renames),
  };
}

/** The event data with each renamed field the module took out of it put back. */
function withRenamedBack(data: WinEvent['data'], record: JsonObject, renames: Renames): WinEvent['data'] {
  // Without a prototype, as the readers hold fields: a log's own `constructor` stays data.
  const restored: Record<string, WinEvent['data'][string]> = Object.assign(Object.create(null), data);
  for (const [name, path] of renames) {
    const value = at(record, path);
    if (restored[name] === undefined && (typeof value === 'string' || typeof value === 'number')) restored[name] = value;
  }
  return restored;
}

/** ECS fields by column, read through the same coercions as event data (`-` is nothing, addresses in one spelling). */
const COLUMNS: readonly (readonly [keyof NormalizedEvent, string, (value: FieldValue) => string | number | null])[] = [
  ['process_guid', 'process.entity_id', text],
  ['command_line', 'process.command_line', text],
  ['parent_guid', 'process.parent.entity_id', text],
  ['src_ip', 'source.ip', address],
  ['dst_ip', 'destination.ip', address],
  ['service_name', 'service.name', text],
  ['rule_id', 'rule.id', text],
  ['rule_name', 'rule.name', text],
  ['target_user', 'user.target.name', text],
  ['query_name', 'dns.question.name', text],
  ['query_type', 'dns.question.type', text],
  ['pid', 'process.pid', int],
  ['ppid', 'process.parent.pid', int],
  ['src_port', 'source.port', int],
  ['dst_port', 'destination.port', int],
  ['protocol', 'network.transport', protocol],
];

/** A Map, looked up by the log's text: an object would answer `constructor` with its own. */
const ECS_DIRECTIONS: ReadonlyMap<string, string> = new Map([
  ['ingress', 'inbound'], ['inbound', 'inbound'], ['egress', 'outbound'], ['outbound', 'outbound'], ['internal', 'local'],
]);

function empty(value: unknown): boolean {
  return value === undefined || value === null;
}

/** The scalar at `path`; objects and arrays are no column's value. */
function valueAt(record: JsonObject, path: string): FieldValue {
  const value = at(record, path);
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? value : null;
}

/**
 * Fills the columns the Windows mapping left empty from the record's ECS fields, but for those
 * read back as event data (moduleRenames): the mapping has placed them, or left them out.
 */
export function fillFromEcs(row: NormalizedEvent, record: JsonObject): void {
  const renamed = new Set<string>(moduleRenames(channelOf(record), eventIdOf(record)).map(([, path]) => path));
  const fill = (column: keyof NormalizedEvent, path: string): boolean => empty(row[column]) && !renamed.has(path);
  for (const [column, path, read] of COLUMNS) if (fill(column, path)) (row[column] as string | number | null) = read(valueAt(record, path));
  if (fill('image', 'process.executable')) {
    const image = drivePath(text(valueAt(record, 'process.executable')));
    row.image = image;
    row.process_name = fileName(image) ?? text(valueAt(record, 'process.name'))?.toLowerCase() ?? null;
  }
  if (fill('parent_image', 'process.parent.executable')) {
    const image = drivePath(text(valueAt(record, 'process.parent.executable')));
    row.parent_image = image;
    row.parent_name = fileName(image) ?? text(valueAt(record, 'process.parent.name'))?.toLowerCase() ?? null;
  }
  // Security events keep their Subject and Target accounts as event data; the Security module's
  // user.* is a copy of one or the other (4624's is the Target), not the acting account.
  if (empty(row.user) && channelOf(record)?.toLowerCase() !== 'security') row.user = account(valueAt(record, 'user.domain'), valueAt(record, 'user.name'));
  if (empty(row.answers)) row.answers = dnsAnswers(at(record, 'dns.answers'), at(record, 'dns.resolved_ip'));
  if (empty(row.direction)) {
    const direction = text(valueAt(record, 'network.direction'));
    row.direction = direction === null ? null : ECS_DIRECTIONS.get(direction.toLowerCase()) ?? null;
  }
}

/** Answer types the `answers` column keeps, as for Sysmon 22 (docs/schema.md): a CNAME chain, then addresses. */
const ANSWER_TYPES = new Set(['CNAME', 'A', 'AAAA']);

/**
 * `answers` from ECS `dns.answers` ([{type, data}], in response order; Winlogbeat's Sysmon
 * module moves Sysmon 22's QueryResults there), else from `dns.resolved_ip`.
 */
function dnsAnswers(answers: unknown, resolved: unknown): string | null {
  const values: string[] = [];
  if (Array.isArray(answers)) {
    for (const answer of answers) {
      if (!isObject(answer)) continue;
      const type = scalar(answer.type)?.toUpperCase();
      const data = scalar(answer.data);
      if (type === undefined || data === null || !ANSWER_TYPES.has(type)) continue;
      values.push(type === 'CNAME' ? data : address(data)!);
    }
  } else if (Array.isArray(resolved)) {
    for (const ip of resolved) {
      const value = address(scalar(ip));
      if (value !== null) values.push(value);
    }
  }
  return values.length ? values.join(',') : null;
}
