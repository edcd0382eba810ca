// Windows events (from any format: EVTX, EVTX-XML, CSV, the JSON dialects; Defender XDR's
// rows read as such, see dialects/defender.ts) → the normalized row. The provider/channel
// picks a mapper (one module per provider family); everything else — host naming, time,
// ids — is common to all events, including unknown ones, which keep
// provider/channel/event_id/host/time with category `other`.
//
// Time: Sysmon's own `UtcTime` when present (exact, ms), else the record's TimeCreated.
// Local-time sources (NXLog EventTime) are corrected after the load: see timeOffsets.ts.
// Where TimeCreated is the record's own UTC time (EVTX, EVTX-XML), a UtcTime more than an
// hour away from it is not trusted (see UTC_TIME_MAX_LAG_MS).

import type { NormalizedEvent } from '../../schema/columns';
import type { WinEvent } from '../../types/records';
import { EventData, type Mapper } from './eventData';
import { shortHost, text } from './fields';
import { emptyRow } from '../../schema/eventRow';
import { parseTime } from './time';
import { mapSecurity } from './winSecurity';
import { mapSysmon } from './winSysmon';
import { mapApplicationError, mapErrorReport, mapServiceControl } from './winServices';
import { mapFirewall } from './winFirewall';
import { mapPowerShell, mapWinRm } from './winScripting';
import { mapDefender } from './winDefender';
import { DEFENDER_PROVIDER } from './dialects/defender';

export const SYSMON_PROVIDER = 'Microsoft-Windows-Sysmon';

/** Names in their canonical spelling, found from any letter case or a known other spelling. */
class Spellings {
  private readonly exact: ReadonlySet<string>;
  private readonly byLower = new Map<string, string>();

  constructor(names: readonly string[], others: Readonly<Record<string, string>> = {}) {
    this.exact = new Set(names);
    for (const name of names) this.byLower.set(name.toLowerCase(), name);
    for (const [other, name] of Object.entries(others)) this.byLower.set(other.toLowerCase(), name);
  }

  canonical(name: string | null): string | null {
    if (name === null || this.exact.has(name)) return name;
    return this.byLower.get(name.toLowerCase()) ?? name;
  }
}

/** Renderers lower-case some channels (NXLog `security`). */
const CHANNELS = new Spellings(['Security', 'System', 'Application', 'Microsoft-Windows-Sysmon/Operational', 'Windows PowerShell',
  'Microsoft-Windows-PowerShell/Operational', 'Microsoft-Windows-WinRM/Operational',
  'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall']);

/** Mappers by provider; the channel decides when the provider is missing or unknown. */
const BY_PROVIDER: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  [SYSMON_PROVIDER, mapSysmon],
  ['Microsoft-Windows-Security-Auditing', mapSecurity],
  ['Service Control Manager', mapServiceControl],
  ['Application Error', mapApplicationError],
  ['Windows Error Reporting', mapErrorReport],
  ['Microsoft-Windows-Windows Firewall With Advanced Security', mapFirewall],
  ['PowerShell', mapPowerShell],
  ['Microsoft-Windows-PowerShell', mapPowerShell],
  ['Microsoft-Windows-WinRM', mapWinRm],
]);

/** Splunk exports providers by their display names. */
const PROVIDERS = new Spellings([...BY_PROVIDER.keys()], { 'Microsoft Windows security auditing.': 'Microsoft-Windows-Security-Auditing' });

const BY_CHANNEL: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  ['Microsoft-Windows-Sysmon/Operational', mapSysmon],
  ['Security', mapSecurity],
  ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall', mapFirewall],
  ['Windows PowerShell', mapPowerShell],
  ['Microsoft-Windows-PowerShell/Operational', mapPowerShell],
  ['Microsoft-Windows-WinRM/Operational', mapWinRm],
]);

/** Takes canonical provider and channel names. */
function mapperFor(provider: string | null, channel: string | null): Mapper | undefined {
  return (provider === null ? undefined : BY_PROVIDER.get(provider)) ?? (channel === null ? undefined : BY_CHANNEL.get(channel));
}

/**
 * Sysmon writes a record seconds after its UtcTime (minutes in the backlog of a boot). A
 * UtcTime hours away from the record's own TimeCreated was stamped by a wrong clock: Sysmon
 * stamps network connections (event 3) with the ETW clock, which in a VM restored from a
 * saved state stays behind the system clock by the time the VM was suspended (8 h and 36 h in
 * EVTX-ATTACK-SAMPLES, beside the same log's process events on time). Then TimeCreated is the
 * event's time.
 */
const UTC_TIME_MAX_LAG_MS = 60 * 60 * 1000;

/**
 * `timeCreatedIsRecordTime`: the event's TimeCreated is the SystemTime its log wrote (binary
 * EVTX, EVTX-XML), not a collector's local or receipt time, so it may overrule a UtcTime
 * from a wrong clock.
 */
export function normalizeWinEvent(event: WinEvent, timeCreatedIsRecordTime = false): NormalizedEvent {
  return normalizeWinEventData(event, new EventData(event.data), timeCreatedIsRecordTime);
}

/** The same with the event's data read through `data`: a binary EVTX record renders only the fields the mappers ask for. */
export function normalizeWinEventData(event: Omit<WinEvent, 'data'>, data: EventData, timeCreatedIsRecordTime: boolean): NormalizedEvent {
  const provider = PROVIDERS.canonical(text(event.provider));
  const channel = CHANNELS.canonical(text(event.channel));
  const utcTime = provider === SYSMON_PROVIDER || channel === 'Microsoft-Windows-Sysmon/Operational' ? data.text('UtcTime') : null;
  const sysmonTs = parseTime(utcTime);
  const recordTs = sysmonTs !== null && timeCreatedIsRecordTime ? parseTime(text(event.timeCreated)) : null;
  const utcTs = recordTs !== null && Math.abs(recordTs - sysmonTs!) > UTC_TIME_MAX_LAG_MS ? null : sysmonTs;
  const timeRaw = utcTs !== null ? utcTime : text(event.timeCreated);
  const hostFqdn = text(event.computer);
  const row = emptyRow();
  row.ts = utcTs ?? parseTime(timeRaw);
  row.ts_raw = timeRaw;
  row.host = shortHost(hostFqdn);
  row.host_fqdn = hostFqdn;
  row.provider = provider;
  row.channel = channel;
  row.event_id = event.eventId;
  row.record_id = event.recordId;
  row.category = 'other';
  // Defender rows have no event id: their ActionType says what happened (winDefender.ts).
  if (provider === DEFENDER_PROVIDER) mapDefender(data, row);
  else if (event.eventId !== null) mapperFor(provider, channel)?.(data, row, event.eventId);
  return row;
}
