// The rendered message of a Windows event ("Process Create:\nImage: C:\\...") as event
// data, for exports that keep only the rendering (Event Viewer CSV, PowerShell
// Export-Csv). Its "Label: value" lines are read by section: Sysmon's labels are its
// EventData names already; Security and Service Control Manager labels are mapped to
// theirs by the tables below; any other label is kept without its spaces. Labels are the
// message's text, so the tables are Maps and the data has no prototype (a `constructor:` line
// is a label like any other).

import { fieldsByName } from '../normalize/eventFields';

/** Rendered labels → EventData names; `Section|Label` when the section decides. */
const LABELS: ReadonlyMap<string, string> = new Map(Object.entries({
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
}));

/** Service Control Manager 7045 names its data differently from Security 4697. */
const LABELS_BY_PROVIDER: ReadonlyMap<string, ReadonlyMap<string, string>> = new Map([
  ['service control manager', new Map([['Service File Name', 'ImagePath'], ['Service Start Type', 'StartType'], ['Service Account', 'AccountName']])],
]);

/** EventData from a rendered message; `provider` picks provider-specific label names. */
export function renderedMessageData(message: string, provider: string | null): Record<string, string> {
  const providerLabels = LABELS_BY_PROVIDER.get(provider?.toLowerCase() ?? '');
  const data = fieldsByName<string>();
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
    const name = providerLabels?.get(label) ?? LABELS.get(`${section}|${label}`) ?? LABELS.get(label) ?? label.replace(/\s+/g, '');
    if (!Object.hasOwn(data, name)) data[name] = value.trim();
  }
  return data;
}

