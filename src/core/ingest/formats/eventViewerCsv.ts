// Event Viewer "Save All Events As... CSV": `Level,Date and Time,Source,Event ID,Task
// Category` and an unnamed sixth column holding the rendered message. There is no
// channel, computer or record id, and the time is the exporting machine's local time,
// formatted for its locale, with no zone. The message's "Label: value" lines are the
// only event data: Sysmon's labels are its EventData names already; Security and
// Service Control Manager labels are mapped to theirs by the tables below.

import type { WinEvent } from '../types';

export const EVENT_VIEWER_HEADER = ['Level', 'Date and Time', 'Source', 'Event ID', 'Task Category'] as const;

export function isEventViewerHeader(fields: readonly string[]): boolean {
  return EVENT_VIEWER_HEADER.every((name, i) => fields[i]?.trim() === name);
}

/**
 * The same export from a Windows in another language: five header names, then rows of six
 * fields whose second is a date and time and whose fourth is an event id.
 */
export function hasEventViewerShape(header: readonly string[], firstRow: readonly string[]): boolean {
  return header.length === 5 && firstRow.length === 6 && /^\d+$/.test(firstRow[3]!.trim()) && localTimeAsIso(firstRow[1]!.trim()) !== null;
}

/** Channels of the providers whose events are hunted, since the export drops the channel. */
const CHANNEL_BY_PROVIDER: Record<string, string> = {
  'microsoft-windows-security-auditing': 'Security',
  'microsoft-windows-sysmon': 'Microsoft-Windows-Sysmon/Operational',
  'service control manager': 'System',
  'microsoft-windows-windows firewall with advanced security': 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall',
  'microsoft-windows-powershell': 'Microsoft-Windows-PowerShell/Operational',
  'microsoft-windows-winrm': 'Microsoft-Windows-WinRM/Operational',
};

/** Rendered labels → EventData names; `Section|Label` when the section decides. */
const LABELS: Record<string, string> = {
  'Subject|Security ID': 'SubjectUserSid', 'Subject|Account Name': 'SubjectUserName',
  'Subject|Account Domain': 'SubjectDomainName', 'Subject|Logon ID': 'SubjectLogonId',
  'New Logon|Security ID': 'TargetUserSid', 'New Logon|Account Name': 'TargetUserName',
  'New Logon|Account Domain': 'TargetDomainName', 'New Logon|Logon ID': 'TargetLogonId',
  'Target Subject|Security ID': 'TargetUserSid', 'Target Subject|Account Name': 'TargetUserName',
  'Target Subject|Account Domain': 'TargetDomainName', 'Target Subject|Logon ID': 'TargetLogonId',
  'Account For Which Logon Failed|Account Name': 'TargetUserName', 'Account For Which Logon Failed|Account Domain': 'TargetDomainName',
  'Logon Type': 'LogonType', 'Source Network Address': 'IpAddress', 'Workstation Name': 'WorkstationName',
  'Logon Process': 'LogonProcessName', 'Authentication Package': 'AuthenticationPackageName',
  'New Process ID': 'NewProcessId', 'New Process Name': 'NewProcessName', 'Creator Process ID': 'ProcessId',
  'Creator Process Name': 'ParentProcessName', 'Process Command Line': 'CommandLine', 'Process ID': 'ProcessId',
  'Process Name': 'ProcessName', 'Application Name': 'Application', 'Direction': 'Direction',
  'Source Address': 'SourceAddress', 'Source Port': 'SourcePort', 'Destination Address': 'DestAddress',
  'Destination Port': 'DestPort', 'Protocol': 'Protocol', 'Filter Run-Time ID': 'FilterRTID',
  'Service Name': 'ServiceName', 'Service File Name': 'ServiceFileName', 'Service Type': 'ServiceType',
  'Service Start Type': 'ServiceStartType', 'Service Account': 'ServiceAccount',
  'Rule ID': 'RuleId', 'Rule Name': 'RuleName',
};

/** Service Control Manager 7045 names its data differently from Security 4697. */
const LABELS_BY_PROVIDER: Record<string, Record<string, string>> = {
  'service control manager': { 'Service File Name': 'ImagePath', 'Service Start Type': 'StartType', 'Service Account': 'AccountName' },
};

export interface EventViewerRow {
  readonly event: WinEvent;
  /** The time as exported, before conversion. */
  readonly timeRaw: string;
  /** Whether `timeRaw` could be read (as local time, taken as UTC). */
  readonly timeRead: boolean;
}

export function eventViewerEvent(fields: readonly string[]): EventViewerRow {
  const [level, dateTime = '', source = '', eventId = '', taskCategory, message = ''] = fields;
  const provider = source.trim() || null;
  const providerKey = provider?.toLowerCase() ?? '';
  const time = localTimeAsIso(dateTime.trim());
  const data: Record<string, string> = { ...messageData(message, LABELS_BY_PROVIDER[providerKey] ?? {}) };
  if (level) data.Level = level;
  if (taskCategory) data.TaskCategory = taskCategory;
  if (message) data.Message = message;
  const id = Number(eventId.trim());
  return {
    event: {
      provider,
      channel: CHANNEL_BY_PROVIDER[providerKey] ?? null,
      eventId: eventId.trim() !== '' && Number.isInteger(id) ? id : null,
      recordId: null,
      computer: null,
      timeCreated: time,
      data,
    },
    timeRaw: dateTime,
    timeRead: time !== null,
  };
}

function messageData(message: string, providerLabels: Record<string, string>): Record<string, string> {
  const data: Record<string, string> = {};
  let section = '';
  for (const raw of message.split(/\r?\n/)) {
    const match = /^(\s*)([^:\t]+?):\s*(.*)$/.exec(raw);
    if (!match) continue;
    const [, indent, label, value] = match as unknown as [string, string, string, string];
    if (value === '' && indent === '') {
      section = label;
      continue;
    }
    const name = providerLabels[label] ?? LABELS[`${section}|${label}`] ?? LABELS[label] ?? label.replace(/\s+/g, '');
    if (!(name in data)) data[name] = value.trim();
  }
  return data;
}

/**
 * Event Viewer writes the locale's short date and long time: `9/20/2020 5:14:32 PM`
 * (en-US), `20.09.2020 17:14:32`, `20/09/2020 17:14:32`, `2020-09-20 17:14:32`.
 * Day and month order is taken as month first for `/` with AM/PM, day first otherwise,
 * and whichever order is possible when one part is over 12. Returns `YYYY-MM-DD HH:MM:SS`.
 */
export function localTimeAsIso(text: string): string | null {
  const iso = /^(\d{4})-(\d{1,2})-(\d{1,2})[ T](\d{1,2}):(\d{2}):(\d{2})$/.exec(text);
  if (iso) return format(+iso[1]!, +iso[2]!, +iso[3]!, +iso[4]!, +iso[5]!, +iso[6]!);
  const m = /^(\d{1,2})([/.-])(\d{1,2})\2(\d{4})\s+(\d{1,2}):(\d{2}):(\d{2})\s*([AaPp][Mm])?$/.exec(text);
  if (!m) return null;
  const [a, b, year, hour12, minute, second] = [+m[1]!, +m[3]!, +m[4]!, +m[5]!, +m[6]!, +m[7]!];
  const meridiem = m[8]?.toUpperCase();
  const monthFirst = a > 12 ? false : b > 12 ? true : m[2] === '/' && meridiem !== undefined;
  const [month, day] = monthFirst ? [a, b] : [b, a];
  let hour = hour12;
  if (meridiem === 'PM' && hour < 12) hour += 12;
  if (meridiem === 'AM' && hour === 12) hour = 0;
  return format(year, month, day, hour, minute, second);
}

function format(year: number, month: number, day: number, hour: number, minute: number, second: number): string | null {
  if (month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || second > 60) return null;
  const two = (n: number) => String(n).padStart(2, '0');
  return `${year}-${two(month)}-${two(day)} ${two(hour)}:${two(minute)}:${two(second)}`;
}
