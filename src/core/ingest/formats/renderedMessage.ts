// The rendered message of a Windows event ("Process Create:\nImage: C:\\...") as event
// data, for exports that keep only the rendering (Event Viewer CSV, PowerShell
// Export-Csv, Splunk's classic WinEventLog). Its "Label: value" lines are read by section:
// Sysmon's labels are its EventData names already; Security and Service Control Manager
// labels are mapped to theirs by the tables below; any other label is kept without its spaces. Labels are the
// message's text, so the tables are Maps and the data has no prototype (a `constructor:` line
// is a label like any other).

import { fieldsByName } from '../normalize/eventFields';

/** Rendered labels → EventData names; `Section|Label` when the section decides. */
const LABELS: ReadonlyMap<string, string> = new Map(Object.entries({
  'Subject|Security ID': 'SubjectUserSid', 'Subject|Account Name': 'SubjectUserName',
  'Subject|Account Domain': 'SubjectDomainName', 'Subject|Logon ID': 'SubjectLogonId',
  'Creator Subject|Security ID': 'SubjectUserSid', 'Creator Subject|Account Name': 'SubjectUserName',
  'Creator Subject|Account Domain': 'SubjectDomainName', 'Creator Subject|Logon ID': 'SubjectLogonId',
  'Account Whose Credentials Were Used|Account Name': 'TargetUserName', 'Account Whose Credentials Were Used|Account Domain': 'TargetDomainName',
  'Account Information|Account Name': 'TargetUserName', 'Account Information|Account Domain': 'TargetDomainName',
  'Supplied Realm Name': 'TargetDomainName', 'Logon Account': 'TargetUserName',
  'New Account|Account Name': 'TargetUserName', 'New Account|Account Domain': 'TargetDomainName',
  'Group|Group Name': 'TargetUserName', 'Group|Group Domain': 'TargetDomainName',
  'Client Address': 'IpAddress', 'Client Port': 'IpPort', 'Network Address': 'IpAddress', 'Port': 'IpPort',
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
}));

/** Service Control Manager 7045 names its data differently from Security 4697. */
const LABELS_BY_PROVIDER: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['service control manager', new Map([['Service File Name', 'ImagePath'], ['Service Start Type', 'StartType'], ['Service Account', 'AccountName']])],
]);

/**
 * Security events whose labels mean other EventData names than in the events above: the same
 * `Network Information` section holds the WFP events' SourceAddress/SourcePort but the logon
 * and share events' IpAddress/IpPort, and a logoff's `Subject` is the account logged off.
 */
const CLIENT_ADDRESS = new Map([['Network Information|Source Address', 'IpAddress'], ['Network Information|Source Port', 'IpPort']]);
const LOGGED_OFF = new Map([['Subject|Security ID', 'TargetUserSid'], ['Subject|Account Name', 'TargetUserName'],
  ['Subject|Account Domain', 'TargetDomainName'], ['Subject|Logon ID', 'TargetLogonId']]);
const LABELS_BY_SECURITY_EVENT: ReadonlyMap<number, ReadonlyMap<string, string>> = new Map([
  [4624, CLIENT_ADDRESS], [4625, CLIENT_ADDRESS], [5140, CLIENT_ADDRESS], [5145, CLIENT_ADDRESS],
  [4634, LOGGED_OFF], [4647, LOGGED_OFF],
]);

/** Security-Auditing as its manifest names it, or as Splunk displays it (`Microsoft Windows security auditing.`). */
function isSecurityProvider(provider: string | null): boolean {
  return provider !== null && /^microsoft[- ]windows[- ]security[- ]auditing\.?$/i.test(provider);
}

/**
 * Service Control Manager messages that are sentences, not labels: their English templates
 * (the manifest's %1, %2, ...) read back into param1, param2, ... A message in another
 * language matches none and gives no params.
 */
const SCM_SENTENCES: ReadonlyMap<number, RegExp> = new Map([
  [7000, /^The (.+) service failed to start due to the following error:\s*(.*)$/s],
  [7009, /^A timeout was reached \((\d+) milliseconds\) while waiting for the (.+) service to connect\./],
  [7011, /^A timeout \((\d+) milliseconds\) was reached while waiting for a transaction response from the (.+) service\./],
  [7022, /^The (.+) service hung on starting\./],
  [7023, /^The (.+) service terminated with the following error:\s*(.*)$/s],
  [7024, /^The (.+) service terminated with the following service-specific error:\s*(.*)$/s],
  [7031, /^The (.+) service terminated unexpectedly\.\s+It has done this (\d+) time/],
  [7034, /^The (.+) service terminated unexpectedly\.\s+It has done this (\d+) time/],
  [7036, /^The (.+) service entered the (.+) state\./],
  [7040, /^The start type of the (.+) service was changed from (.+) to (.+)\./],
]);

function scmSentenceParams(message: string, eventId: number, data: Record<string, string>): void {
  const match = SCM_SENTENCES.get(eventId)?.exec(message.trim());
  match?.slice(1).forEach((value, i) => {
    data[`param${i + 1}`] = value.trim();
  });
}

/** EventData from a rendered message; `provider` and `eventId` pick provider- and event-specific label names. */
export function renderedMessageData(message: string, provider: string | null, eventId: number | null): Record<string, string> {
  const providerKey = provider?.toLowerCase() ?? '';
  const providerLabels = LABELS_BY_PROVIDER.get(providerKey);
  const eventLabels = isSecurityProvider(provider) && eventId !== null ? LABELS_BY_SECURITY_EVENT.get(eventId) : undefined;
  const data = fieldsByName<string>();
  if (providerKey === 'service control manager' && eventId !== null) scmSentenceParams(message, eventId, data);
  let section = '';
  for (const raw of message.split(/\r?\n/)) {
    // The label starts with a non-blank: when it could start with a blank too, a line of blanks
    // without a colon was tried once per blank it began with (quadratic: 150,000 spaces, 15 s).
    const match = /^(\s*)([^:\t\s][^:\t]*?):\s*(.*)$/.exec(raw);
    if (!match) continue;
    const [, indent, label, value] = match as unknown as [string, string, string, string];
    if (value === '' && indent === '') {
      section = label;
      continue;
    }
    const name = providerLabels?.get(label) ?? eventLabels?.get(`${section}|${label}`) ?? LABELS.get(`${section}|${label}`) ?? LABELS.get(label) ?? label.replace(/\s+/g, '');
    if (!Object.hasOwn(data, name)) data[name] = value.trim();
  }
  return data;
}

