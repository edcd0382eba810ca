// Windows events (from any format: EVTX, EVTX-XML, CSV, the JSON dialects) → the normalized
// row. The provider/channel picks a mapper (one module per provider family); everything
// else — host naming, time, ids — is common to all events, including unknown ones, which
// keep provider/channel/event_id/host/time with category `other`.
//
// Time: Sysmon's own `UtcTime` when present (exact, ms), else the record's TimeCreated.
// Local-time sources (NXLog EventTime) are corrected after the load: see timeOffsets.ts.

import type { NormalizedEvent } from '../../schema/columns';
import type { WinEvent } from '../types';
import { EventData, type Mapper } from './eventData';
import { shortHost, text } from './fields';
import { emptyRow } from './row';
import { parseTime } from './time';
import { mapSecurity } from './winSecurity';
import { mapSysmon } from './winSysmon';
import { mapApplicationError, mapErrorReport, mapServiceControl } from './winServices';
import { mapFirewall } from './winFirewall';
import { mapPowerShell, mapWinRm } from './winScripting';

export const SYSMON_PROVIDER = 'Microsoft-Windows-Sysmon';

/** Channel names as Windows spells them; renderers lower-case some (NXLog `security`). */
const CHANNELS: ReadonlyMap<string, string> = new Map(
  ['Security', 'System', 'Application', 'Microsoft-Windows-Sysmon/Operational', 'Windows PowerShell',
    'Microsoft-Windows-PowerShell/Operational', 'Microsoft-Windows-WinRM/Operational',
    'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'].map((c) => [c.toLowerCase(), c]),
);

/** Provider names as the manifests spell them, by the other spellings exporters use (Splunk's display names). */
const PROVIDERS: ReadonlyMap<string, string> = new Map([
  ['microsoft windows security auditing.', 'Microsoft-Windows-Security-Auditing'],
  ['microsoft-windows-security-auditing', 'Microsoft-Windows-Security-Auditing'],
  ['microsoft-windows-sysmon', SYSMON_PROVIDER],
  ['service control manager', 'Service Control Manager'],
]);

/** Mappers by provider (lower case); channel decides when the provider is missing. */
const BY_PROVIDER: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  ['microsoft-windows-sysmon', mapSysmon],
  ['microsoft-windows-security-auditing', mapSecurity],
  ['service control manager', mapServiceControl],
  ['application error', mapApplicationError],
  ['windows error reporting', mapErrorReport],
  ['microsoft-windows-windows firewall with advanced security', mapFirewall],
  ['powershell', mapPowerShell],
  ['microsoft-windows-powershell', mapPowerShell],
  ['microsoft-windows-winrm', mapWinRm],
]);

const BY_CHANNEL: ReadonlyMap<string, Mapper> = new Map<string, Mapper>([
  ['microsoft-windows-sysmon/operational', mapSysmon],
  ['security', mapSecurity],
  ['microsoft-windows-windows firewall with advanced security/firewall', mapFirewall],
  ['windows powershell', mapPowerShell],
  ['microsoft-windows-powershell/operational', mapPowerShell],
  ['microsoft-windows-winrm/operational', mapWinRm],
]);

function mapperFor(provider: string | null, channel: string | null): Mapper | undefined {
  return (provider === null ? undefined : BY_PROVIDER.get(provider.toLowerCase()))
    ?? (channel === null ? undefined : BY_CHANNEL.get(channel.toLowerCase()));
}

export function canonicalChannel(channel: string | null): string | null {
  if (channel === null) return null;
  return CHANNELS.get(channel.toLowerCase()) ?? channel;
}

function canonicalProvider(provider: string | null): string | null {
  if (provider === null) return null;
  return PROVIDERS.get(provider.toLowerCase()) ?? provider;
}

export function normalizeWinEvent(event: WinEvent): NormalizedEvent {
  const data = new EventData(event.data);
  const provider = canonicalProvider(text(event.provider));
  const channel = canonicalChannel(text(event.channel));
  const utcTime = provider === SYSMON_PROVIDER || channel === 'Microsoft-Windows-Sysmon/Operational' ? data.text('UtcTime') : null;
  const utcTs = parseTime(utcTime);
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
  if (event.eventId !== null) mapperFor(provider, channel)?.(data, row, event.eventId);
  return row;
}
