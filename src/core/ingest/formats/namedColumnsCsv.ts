// CSVs with named columns: Splunk exports (`_time`, `host`, `EventCode`, `LogName`,
// `SourceName`, then EventData-named columns such as `Image`, `CommandLine`), PowerShell
// `Get-WinEvent | Export-Csv` (`TimeCreated`, `Id`, `ProviderName`, `LogName`,
// `MachineName`, `RecordId`, `Message`) and the like. Known columns fill the WinEvent's
// system fields and every other column becomes its data by name; a `Message` column adds
// the rendered message's fields (renderedMessage.ts) where no column has them. Splunk's
// bookkeeping columns (`_raw`, `punct`, `index`, ...) are left out. Sentinel / Log Analytics
// tables (SecurityEvent, Event, WindowsEvent: told by their columns) are read by their own
// dialect (normalize/dialects/sentinel.ts); the portal's export names its time column
// `TimeGenerated [UTC]`, and a time column so marked is UTC, not a local time. Defender XDR's
// advanced hunting tables (dialects/defender.ts, told by their columns too) are read by name
// alike; their `Timestamp` is UTC.

import type { ReaderContext } from '../../types/records';
import { parseTime } from '../normalize/time';
import { hasHeaderWidth, type RowMapper } from './csvRecords';
import { localTimeAsIso } from './localTime';
import { renderedMessageData } from './renderedMessage';
import { EVENT_RECORD_PROPERTIES } from '../normalize/dialects/powershell';
import { channelFromSplunkSource } from '../normalize/dialects/splunk';
import { fieldsByName } from '../normalize/eventFields';
import { fromSentinel, sentinelTable } from '../normalize/dialects/sentinel';
import { defenderTables, fromDefender } from '../normalize/dialects/defender';
import { uniqueColumnNames } from '../../raw/field';

/** Column names (lower case) that fill each system field, in order of preference. */
const SYSTEM_COLUMNS = {
  time: ['_time', 'timecreated', 'timegenerated', 'systemtime', '@timestamp'],
  eventId: ['eventcode', 'eventid', 'event_id', 'id'],
  recordId: ['recordnumber', 'eventrecordid', 'record_number', 'recordid'],
  computer: ['computername', 'computer', 'machinename', 'hostname', 'host'],
  provider: ['sourcename', 'providername', 'provider_name', 'provider'],
  channel: ['logname', 'channel', 'log_name'],
} as const;

/** Splunk's own fields: about the indexing, not the event. */
const SPLUNK_META = new Set(['_raw', 'host', 'source', 'sourcetype', 'index', 'splunk_server', 'linecount', 'punct', 'eventtype', 'tag', 'timestartpos', 'timeendpos', 'splunk_server_group']);

/** How many repeated columns the load's warning names; the rest are counted (a header may repeat one name 100,000 times). */
const REPEATS_NAMED = 5;

/** The display zone the Azure portal's export appends to time columns: `TimeGenerated [UTC]`. */
const ZONE_SUFFIX = /\s*\[[^\]]*\]$/;

export function namedColumnRows(header: readonly string[], context: ReaderContext): RowMapper {
  const bare = header.map((h) => h.trim().replace(ZONE_SUFFIX, ''));
  const lower = bare.map((h) => h.toLowerCase());
  const sentinel = sentinelTable((name) => bare.includes(name));
  const defender = sentinel ? [] : defenderTables((name) => bare.includes(name));
  const isDefender = defender.length > 0;
  const splunk = lower.includes('_time') || lower.includes('_raw') || lower.includes('sourcetype');
  const powershell = !splunk && ['providername', 'timecreated', 'message'].every((name) => lower.includes(name));
  context.dialect?.(sentinel ?? (isDefender ? 'defender-xdr' : splunk ? 'splunk' : powershell ? 'powershell' : 'columns'));
  const isMeta = (name: string): boolean => {
    const key = name.toLowerCase();
    if (splunk) return SPLUNK_META.has(key) || key.startsWith('_') || key.startsWith('date_');
    return powershell && EVENT_RECORD_PROPERTIES.has(key);
  };
  const pick = (names: readonly string[]): number => {
    for (const name of names) {
      const i = lower.indexOf(name);
      if (i >= 0) return i;
    }
    return -1;
  };
  const at = {
    // A Defender table in Sentinel has TimeGenerated too: the time it was ingested.
    time: isDefender ? lower.indexOf('timestamp') : pick(SYSTEM_COLUMNS.time),
    eventId: pick(SYSTEM_COLUMNS.eventId),
    recordId: pick(SYSTEM_COLUMNS.recordId),
    computer: pick(SYSTEM_COLUMNS.computer),
    provider: pick(SYSTEM_COLUMNS.provider),
    channel: pick(SYSTEM_COLUMNS.channel),
  };
  const timeInUtc = isDefender || (at.time >= 0 && /\[UTC\]$/i.test(header[at.time]!.trim()));
  // Splunk's `source` is `WinEventLog:Security` or `XmlWinEventLog:Microsoft-Windows-Sysmon/Operational`.
  const sourceColumn = splunk ? lower.indexOf('source') : -1;
  const messageColumn = lower.indexOf('message');
  const system = new Set(Object.values(at).filter((i) => i >= 0));
  // A repeated column name: the first column keeps it (system columns are picked the same way),
  // later ones are read under Name2, Name3 (as raw_field() names them), and the load says so.
  const names = uniqueColumnNames(header);
  const renamed = names.flatMap((name, i) => (name === header[i]!.trim() ? [] : [i]));
  if (renamed.length > 0) {
    const named = renamed.slice(0, REPEATS_NAMED).map((i) => `${header[i]!.trim()} (column ${i + 1}, read as ${names[i]})`).join(', ');
    const more = renamed.length > REPEATS_NAMED ? ` and ${renamed.length - REPEATS_NAMED} more` : '';
    context.warn(`CSV header repeats column name(s): ${named}${more}; the first column of a name keeps it`);
  }
  const dataColumns = names
    .map((name, i) => ({ name, i }))
    .filter(({ name, i }) => !system.has(i) && name !== '' && !isMeta(name));
  if (at.eventId < 0 && at.time < 0) {
    context.warn(`CSV header (${header.slice(0, 6).join(',')}${header.length > 6 ? ',...' : ''}) has neither an event id column (EventCode, EventID) nor a time column (_time, TimeCreated): not a Windows event export; rows skipped`);
    return () => undefined;
  }
  return (fields, record) => {
    if (!hasHeaderWidth(fields, header, record, context)) return undefined;
    const value = (i: number): string | null => (i >= 0 ? nonEmpty(fields[i]) : null);
    const timeRaw = value(at.time);
    const timeCreated = readTime(timeRaw);
    if (timeCreated === undefined) {
      context.reject({ line: record.line, offset: record.offset, reason: `unreadable time "${fields[at.time]}" in column ${header[at.time]}` });
      return undefined;
    }
    const localTimeRaw = timeCreated === timeRaw || timeInUtc ? null : timeRaw;
    if (sentinel || isDefender) {
      const row = fieldsByName<string>();
      names.forEach((name, i) => {
        if (fields[i] !== '') row[name] = fields[i]!;
      });
      if (isDefender) return { event: { ...fromDefender(defender, row, row), timeCreated }, localTimeRaw };
      const { event, dataProblem } = fromSentinel(sentinel!, row, timeCreated);
      return { event, localTimeRaw, dataProblem };
    }
    const provider = value(at.provider);
    const message = value(messageColumn);
    const eventId = integer(value(at.eventId));
    const data = message === null ? fieldsByName<string>() : renderedMessageData(message, provider, eventId);
    for (const { name, i } of dataColumns) {
      const v = fields[i];
      if (v !== undefined && v !== '') data[name] = v;
    }
    const event = {
      provider,
      channel: value(at.channel) ?? channelFromSplunkSource(value(sourceColumn)),
      eventId,
      recordId: integer(value(at.recordId)),
      computer: value(at.computer),
      timeCreated,
      data,
    };
    return { event, localTimeRaw };
  };
}

/**
 * A time column's value as the normalizer reads it: ISO 8601 as is; a locale-formatted
 * local time (Export-Csv's `9/4/2020 8:07:02 PM`) converted to `YYYY-MM-DD HH:MM:SS`
 * (see csv.ts for its correction); undefined when unreadable.
 */
function readTime(value: string | null): string | null | undefined {
  if (value === null || parseTime(value) !== null) return value;
  return localTimeAsIso(value) ?? undefined;
}

function nonEmpty(value: string | undefined): string | null {
  const v = value?.trim();
  return v ? v : null;
}

function integer(value: string | null): number | null {
  if (value === null) return null;
  const n = Number(value);
  return Number.isInteger(n) ? n : null;
}
