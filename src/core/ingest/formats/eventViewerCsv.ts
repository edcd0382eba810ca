// Event Viewer "Save All Events As... CSV": `Level,Date and Time,Source,Event ID,Task
// Category` and an unnamed sixth column holding the rendered message. There is no
// channel, computer or record id, and the time is the exporting machine's local time,
// formatted for its locale, with no zone. The message's "Label: value" lines are the
// only event data (renderedMessage.ts).

import type { ReaderContext, WinEvent } from '../../types/records';
import type { RowMapper } from './csvRecords';
import { localTimeAsIso } from './localTime';
import { renderedMessageData } from './renderedMessage';

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

/**
 * Channels of the providers whose events are hunted, since the export drops the channel. A Map:
 * the provider is the log's text, and an object would answer `constructor` with its own.
 */
const CHANNEL_BY_PROVIDER: ReadonlyMap<string, string> = new Map([
  ['microsoft-windows-security-auditing', 'Security'],
  ['microsoft-windows-sysmon', 'Microsoft-Windows-Sysmon/Operational'],
  ['service control manager', 'System'],
  ['microsoft-windows-windows firewall with advanced security', 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  ['microsoft-windows-powershell', 'Microsoft-Windows-PowerShell/Operational'],
  ['microsoft-windows-winrm', 'Microsoft-Windows-WinRM/Operational'],
]);

export interface EventViewerRow {
  readonly event: WinEvent;
  /** The time as exported, before conversion. */
  readonly timeRaw: string;
  /** Whether `timeRaw` could be read (as a local wall-clock time). */
  readonly timeRead: boolean;
}

export function eventViewerEvent(fields: readonly string[]): EventViewerRow {
  const [level, dateTime = '', source = '', eventId = '', taskCategory, message = ''] = fields;
  const provider = source.trim() || null;
  const providerKey = provider?.toLowerCase() ?? '';
  const time = localTimeAsIso(dateTime.trim());
  const id = Number(eventId.trim());
  const knownId = eventId.trim() !== '' && Number.isInteger(id) ? id : null;
  const data = renderedMessageData(message, provider, knownId);
  if (level) data.Level = level;
  if (taskCategory) data.TaskCategory = taskCategory;
  if (message) data.Message = message;
  return {
    event: {
      provider,
      channel: CHANNEL_BY_PROVIDER.get(providerKey) ?? null,
      eventId: knownId,
      recordId: null,
      computer: null,
      timeCreated: time,
      data,
    },
    timeRaw: dateTime,
    timeRead: time !== null,
  };
}

/** Rows of an Event Viewer export, whose times are all local (see csv.ts for their correction). */
export function eventViewerRows(context: ReaderContext): RowMapper {
  context.dialect?.('event-viewer');
  context.warn('Event Viewer CSV has no computer name, channel or record id: the channel is inferred from the provider, host and record id stay empty');
  return (fields, record) => {
    const row = eventViewerEvent(fields);
    if (!row.timeRead) {
      context.reject({ line: record.line, offset: record.offset, reason: `unreadable date and time "${row.timeRaw}"` });
      return undefined;
    }
    return { event: row.event, localTimeRaw: row.timeRaw };
  };
}
