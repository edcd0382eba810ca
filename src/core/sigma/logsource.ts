// Sigma `logsource` → which Huntbench events a rule reads, as data (pySigma's Windows and
// Sysmon pipelines, and the THOR log-source configuration SigmaHQ's regression runner uses,
// tests/thor.yml: same tables where they agree, the union where one names more): a category
// becomes Sysmon event ids (and, for process_creation, also Security 4688 with its field
// names; for antivirus, Defender's detection events; for process_creation and
// network_connection, also Defender XDR's DeviceProcessEvents and DeviceNetworkEvents rows with
// their column names), a service becomes event log channels.
// A rule runs once per branch; each branch may rename the rule's fields.

import { DEFENDER_PROVIDER } from '../ingest/normalize/dialects/defender';
import { DEFENDER_PROCESS_CREATED, defenderConnectionActions } from '../ingest/normalize/winDefender';
import type { SigmaEvent } from './event';
import type { SigmaLogsource } from './model';

export interface LogsourceBranch {
  /** Providers (manifest names) the events come from; absent = any. Compared case-insensitively. */
  readonly providers?: readonly string[];
  /** Event log channels; absent = any. Compared case-insensitively. */
  readonly channels?: readonly string[];
  readonly eventIds?: readonly number[];
  /** Rule field name → the event's field name, for sources that name the taxonomy's fields differently. */
  readonly fields?: Readonly<Record<string, string>>;
  /** A field of the record as logged and the values one of which the branch's events have (Defender's ActionType tells a connection's direction). */
  readonly where?: { readonly field: string; readonly values: readonly string[] };
  /** Rule field name → the value every event of the branch has without logging it (`Initiated` of Defender's inbound connections is false). */
  readonly constants?: Readonly<Record<string, string>>;
}

const SYSMON = 'Microsoft-Windows-Sysmon';

const SYSMON_CATEGORIES: Readonly<Record<string, readonly number[]>> = {
  process_creation: [1],
  file_change: [2],
  network_connection: [3],
  sysmon_status: [4, 16],
  process_termination: [5],
  driver_load: [6],
  image_load: [7],
  create_remote_thread: [8],
  raw_access_thread: [9],
  process_access: [10],
  file_event: [11],
  registry_add: [12],
  registry_delete: [12],
  registry_set: [13],
  registry_rename: [14],
  registry_event: [12, 13, 14],
  create_stream_hash: [15],
  pipe_created: [17, 18],
  wmi_event: [19, 20, 21],
  dns_query: [22],
  file_delete: [23, 26],
  clipboard_capture: [24],
  clipboard_change: [24],
  process_tampering: [25],
  file_delete_detected: [26],
  file_block_executable: [27],
  file_block_shredding: [28],
  file_executable_detected: [29],
  sysmon_error: [255],
};

const PS_OPERATIONAL = ['Microsoft-Windows-PowerShell/Operational', 'PowerShellCore/Operational'];
const PS_CLASSIC = ['Windows PowerShell'];

const CHANNEL_CATEGORIES: Readonly<Record<string, LogsourceBranch>> = {
  ps_module: { channels: PS_OPERATIONAL, eventIds: [4103] },
  ps_script: { channels: PS_OPERATIONAL, eventIds: [4104] },
  ps_classic_start: { channels: PS_CLASSIC, eventIds: [400] },
  ps_classic_provider_start: { channels: PS_CLASSIC, eventIds: [600] },
  ps_classic_script: { channels: PS_CLASSIC, eventIds: [800] },
};

/** Security 4688 names the process_creation taxonomy's fields its own way. */
const SECURITY_PROCESS_CREATION: LogsourceBranch = {
  channels: ['Security'],
  eventIds: [4688],
  fields: {
    Image: 'NewProcessName',
    ParentImage: 'ParentProcessName',
    ProcessId: 'NewProcessId',
    ParentProcessId: 'ProcessId',
    User: 'SubjectUserName',
    LogonId: 'SubjectLogonId',
    IntegrityLevel: 'MandatoryLabel',
  },
};

const DEFENDER = 'Microsoft-Windows-Windows Defender/Operational';

/** Defender's events that name a threat or a path (THOR's antivirus mapping), with its field names. */
const DEFENDER_DETECTIONS: LogsourceBranch = {
  channels: [DEFENDER],
  eventIds: [1006, 1007, 1008, 1009, 1010, 1011, 1012, 1017, 1018, 1019, 1115, 1116],
  fields: { Signature: 'ThreatName', Filename: 'Path' },
};

/**
 * Microsoft Defender XDR's advanced hunting tables that the loader reads (provider
 * Microsoft-Defender-XDR, the table as channel), with the Sysmon taxonomy's fields under the
 * tables' column names: pySigma's Microsoft XDR pipeline's mapping, but for connections, which
 * are read by their direction (below). Not mapped, as there: `Hashes` (MD5, SHA1 and SHA256
 * are columns of their own), so rules that test it do not match these rows.
 */
const XDR_CATEGORIES: Readonly<Record<string, readonly LogsourceBranch[]>> = {
  process_creation: [{
    providers: [DEFENDER_PROVIDER],
    channels: ['DeviceProcessEvents'],
    // A row of another table the loader took for this one by its columns (DeviceFileEvents also has FolderPath) is no process start.
    where: { field: 'ActionType', values: [DEFENDER_PROCESS_CREATED] },
    fields: {
      Image: 'FolderPath',
      CommandLine: 'ProcessCommandLine',
      OriginalFileName: 'ProcessVersionInfoOriginalFileName',
      FileVersion: 'ProcessVersionInfoProductVersion',
      Description: 'ProcessVersionInfoFileDescription',
      Product: 'ProcessVersionInfoProductName',
      Company: 'ProcessVersionInfoCompanyName',
      User: 'AccountName',
      IntegrityLevel: 'ProcessIntegrityLevel',
      md5: 'MD5',
      sha1: 'SHA1',
      sha256: 'SHA256',
      ParentProcessId: 'InitiatingProcessId',
      ParentImage: 'InitiatingProcessFolderPath',
      ParentCommandLine: 'InitiatingProcessCommandLine',
      ParentUser: 'InitiatingProcessAccountName',
    },
  }],
  network_connection: [xdrConnections(false), xdrConnections(true)],
};

/**
 * Defender's connections of one direction. Sysmon 3 names the initiator Source (an accepted
 * inbound connection's SourceIp is the peer's), Defender the device Local: for an inbound row
 * Source is Remote and Destination Local, so a rule reads the row as it reads the Sysmon event
 * of the same connection (the loader swaps them alike, normalize/winDefender.ts).
 */
function xdrConnections(inbound: boolean): LogsourceBranch {
  const [source, destination] = inbound ? ['Remote', 'Local'] : ['Local', 'Remote'];
  return {
    providers: [DEFENDER_PROVIDER],
    channels: ['DeviceNetworkEvents'],
    where: { field: 'ActionType', values: defenderConnectionActions(inbound) },
    constants: { Initiated: inbound ? 'false' : 'true' },
    fields: {
      ProcessId: 'InitiatingProcessId',
      Image: 'InitiatingProcessFolderPath',
      User: 'InitiatingProcessAccountName',
      SourceIp: `${source}IP`,
      SourcePort: `${source}Port`,
      DestinationIp: `${destination}IP`,
      DestinationPort: `${destination}Port`,
      // The device's own name, and the name Defender resolved for the peer.
      [inbound ? 'DestinationHostname' : 'SourceHostname']: 'DeviceName',
      [inbound ? 'SourceHostname' : 'DestinationHostname']: 'RemoteUrl',
    },
  };
}

const SERVICE_BUS = ['Microsoft-ServiceBus-Client', 'Microsoft-ServiceBus-Client/Admin', 'Microsoft-ServiceBus-Client/Operational'];

const SERVICES: Readonly<Record<string, readonly string[]>> = {
  security: ['Security'],
  application: ['Application'],
  system: ['System'],
  sysmon: ['Microsoft-Windows-Sysmon/Operational'],
  powershell: PS_OPERATIONAL,
  'powershell-classic': PS_CLASSIC,
  taskscheduler: ['Microsoft-Windows-TaskScheduler/Operational'],
  wmi: ['Microsoft-Windows-WMI-Activity/Operational'],
  'dns-server': ['DNS Server'],
  'dns-server-audit': ['Microsoft-Windows-DNS-Server/Audit'],
  'dns-server-analytic': ['Microsoft-Windows-DNS-Server/Analytical'],
  'driver-framework': ['Microsoft-Windows-DriverFrameworks-UserMode/Operational'],
  ntlm: ['Microsoft-Windows-NTLM/Operational'],
  dhcp: ['Microsoft-Windows-DHCP-Server/Operational'],
  'msexchange-management': ['MSExchange Management'],
  applocker: ['Microsoft-Windows-AppLocker/MSI and Script', 'Microsoft-Windows-AppLocker/EXE and DLL', 'Microsoft-Windows-AppLocker/Packaged app-Deployment', 'Microsoft-Windows-AppLocker/Packaged app-Execution'],
  'printservice-admin': ['Microsoft-Windows-PrintService/Admin'],
  'printservice-operational': ['Microsoft-Windows-PrintService/Operational'],
  'codeintegrity-operational': ['Microsoft-Windows-CodeIntegrity/Operational'],
  'smbclient-security': ['Microsoft-Windows-SmbClient/Security'],
  'smbclient-connectivity': ['Microsoft-Windows-SmbClient/Connectivity'],
  'smbserver-connectivity': ['Microsoft-Windows-SMBServer/Connectivity'],
  'firewall-as': ['Microsoft-Windows-Windows Firewall With Advanced Security/Firewall'],
  'bits-client': ['Microsoft-Windows-Bits-Client/Operational'],
  windefend: [DEFENDER],
  'terminalservices-localsessionmanager': ['Microsoft-Windows-TerminalServices-LocalSessionManager/Operational'],
  'microsoft-servicebus-client': SERVICE_BUS,
  'servicebus-client': SERVICE_BUS,
  ldap_debug: ['Microsoft-Windows-LDAP-Client/Debug'],
  ldap: ['Microsoft-Windows-LDAP-Client/Debug'],
  'security-mitigations': ['Microsoft-Windows-Security-Mitigations/Kernel Mode', 'Microsoft-Windows-Security-Mitigations/User Mode'],
  'diagnosis-scripted': ['Microsoft-Windows-Diagnosis-Scripted/Operational'],
  'shell-core': ['Microsoft-Windows-Shell-Core/Operational'],
  openssh: ['OpenSSH/Operational'],
  bitlocker: ['Microsoft-Windows-BitLocker/BitLocker Management'],
  vhdmp: ['Microsoft-Windows-VHDMP/Operational'],
  'appxdeployment-server': ['Microsoft-Windows-AppXDeploymentServer/Operational'],
  'lsa-server': ['Microsoft-Windows-LSA/Operational'],
  'appxpackaging-om': ['Microsoft-Windows-AppxPackaging/Operational'],
  'dns-client': ['Microsoft-Windows-DNS Client Events/Operational'],
  'appmodel-runtime': ['Microsoft-Windows-AppModel-Runtime/Admin'],
  capi2: ['Microsoft-Windows-CAPI2/Operational'],
  'certificateservicesclient-lifecycle-system': ['Microsoft-Windows-CertificateServicesClient-Lifecycle-System/Operational'],
  'iis-configuration': ['Microsoft-IIS-Configuration/Operational'],
  'kernel-shimengine': ['Microsoft-Windows-Kernel-ShimEngine/Operational', 'Microsoft-Windows-Kernel-ShimEngine/Diagnostic'],
  'application-experience': ['Microsoft-Windows-Application-Experience/Program-Telemetry', 'Microsoft-Windows-Application-Experience/Program-Compatibility-Assistant'],
  ntfs: ['Microsoft-Windows-Ntfs/Operational'],
  'hyper-v-worker': ['Microsoft-Windows-Hyper-V-Worker'],
  'kernel-event-tracing': ['Microsoft-Windows-Kernel-EventTracing'],
  sense: ['Microsoft-Windows-SENSE/Operational'],
};

/** The branches a logsource reads, or undefined when Huntbench has no such events. */
export function logsourceBranches(logsource: SigmaLogsource): LogsourceBranch[] | undefined {
  const { product, category, service } = logsource;
  if (product === 'zeek') return service === 'conn' && category === undefined ? [{ providers: ['zeek'], channels: ['conn'] }] : undefined;
  if (product !== undefined && product !== 'windows') return undefined;
  if (category === 'antivirus') return service === undefined ? [DEFENDER_DETECTIONS] : undefined;
  if (category !== undefined) {
    const ids = SYSMON_CATEGORIES[category];
    const branches: LogsourceBranch[] = [];
    if (ids) branches.push({ providers: [SYSMON], eventIds: ids });
    if (category === 'process_creation') branches.push(SECURITY_PROCESS_CREATION);
    const channel = CHANNEL_CATEGORIES[category];
    if (channel) branches.push(channel);
    // A service next to a category narrows it to that service's channels (Windows event logs, never Defender's tables).
    if (service === undefined) branches.push(...(XDR_CATEGORIES[category] ?? []));
    if (branches.length === 0) return undefined;
    const channels = service === undefined ? undefined : SERVICES[service];
    if (service !== undefined && !channels) return undefined;
    return channels ? branches.map((b) => ({ ...b, channels })) : branches;
  }
  if (service !== undefined) {
    const channels = SERVICES[service];
    return channels ? [{ channels }] : undefined;
  }
  return product === 'windows' ? [{}] : undefined;
}

/**
 * The branch a matched event was read through: the first whose providers, channels, event ids
 * and `where` it has (compared as run.ts does). A rule's other field names (correlation
 * group-by, aliases, value_count's field) are renamed as that branch renames its detection's fields.
 */
export function branchOfEvent(branches: readonly LogsourceBranch[], event: SigmaEvent): LogsourceBranch | undefined {
  const has = (list: readonly string[] | undefined, value: string | undefined): boolean => !list || (value !== undefined && list.some((x) => x.toLowerCase() === value.toLowerCase()));
  const eventId = Number(event.text('EventID'));
  return branches.find((b) => has(b.providers, event.text('Provider_Name')) && has(b.channels, event.text('Channel'))
    && (!b.eventIds || (Number.isInteger(eventId) && b.eventIds.includes(eventId))) && isWhere(b, event));
}

/** Whether the event passes the branch's `where` (true without one). */
export function isWhere(branch: LogsourceBranch, event: SigmaEvent): boolean {
  const where = branch.where;
  if (!where) return true;
  const value = event.text(where.field);
  return value !== undefined && where.values.includes(value);
}

export function describeLogsource(logsource: SigmaLogsource): string {
  return Object.entries(logsource).map(([k, v]) => `${k}: ${v}`).join(', ') || '(empty)';
}
