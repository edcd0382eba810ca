// PowerShell (Windows PowerShell and PowerShell/Operational) and WinRM events → category
// and action. Their payloads (script blocks, pipelines) have no canonical column and stay
// original fields; the host application is the best "acting image" available.

import { setImage, type EventData, type EventRow } from './eventData';

const POWERSHELL: ReadonlyMap<number, string> = new Map([
  [4103, 'module'], [4104, 'script_block'], [4105, 'script_start'], [4106, 'script_stop'],
  [400, 'engine_start'], [403, 'engine_stop'], [600, 'provider_start'], [800, 'pipeline'],
  [40961, 'console_start'], [40962, 'console_ready'], [53504, 'ipc_listen'],
]);

const HOST_APPLICATION_KEYS = ['HostApplication=', 'Host Application = '];

/**
 * The end of the executable's name, found without lower-casing the command line: host command
 * lines carry whole encoded scripts (5 KB in Empire's), and a lower-cased copy of each cost
 * ~4 µs per event; it could also shift positions (some characters lower-case to two).
 */
const EXE_SUFFIX = /\.exe/i;

/**
 * The host command line, from `HostApplication=…` in the classic log's positional text (400,
 * 800) or `Host Application = …` in the operational log's ContextInfo (4103).
 */
function hostApplication(d: EventData): string | null {
  const details = d.first('param3', 'ContextInfo', 'HostApplication');
  if (details === null) return null;
  for (const key of HOST_APPLICATION_KEYS) {
    const at = details.indexOf(key);
    if (at < 0) continue;
    const end = details.indexOf('\n', at);
    return details.slice(at + key.length, end < 0 ? undefined : end).trim() || null;
  }
  return d.text('HostApplication');
}

export function mapPowerShell(d: EventData, row: EventRow, eventId: number): void {
  row.category = 'powershell';
  row.action = POWERSHELL.get(eventId) ?? 'other';
  const commandLine = hostApplication(d);
  if (commandLine === null) return;
  row.command_line = commandLine;
  const exe = EXE_SUFFIX.exec(commandLine)?.index ?? -1;
  setImage(row, exe < 0 ? null : commandLine.slice(commandLine[0] === '"' ? 1 : 0, exe + 4));
}

const WINRM: ReadonlyMap<number, string> = new Map([
  [6, 'session_create'], [91, 'shell_create'], [142, 'operation_failed'], [169, 'user_authenticated'],
]);

export function mapWinRm(d: EventData, row: EventRow, eventId: number): void {
  const action = WINRM.get(eventId);
  if (action === undefined) return;
  row.category = eventId === 169 ? 'logon' : 'network';
  row.action = `winrm_${action}`;
  row.user = d.first('username', 'user');
}
