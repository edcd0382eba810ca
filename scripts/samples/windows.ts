// Builders for the Windows events the scenarios need, with the field sets Sysmon, the
// Security auditing provider, the Service Control Manager and the Windows Firewall really
// log (names as NXLog flattens EventData, which are also the EVTX-XML <Data Name>s).
import { devicePath, type LabHost } from './lab';
import type { DataValue, WinRecord } from './records';

export interface Proc {
  readonly guid: string;
  readonly pid: number;
  readonly image: string;
  readonly commandLine: string;
  readonly user: string;
}

const SYSMON = { provider: 'Microsoft-Windows-Sysmon', guid: '{5770385F-C22A-43E0-BF4C-06F5698FFBD9}', channel: 'Microsoft-Windows-Sysmon/Operational' };
const SECURITY = { provider: 'Microsoft-Windows-Security-Auditing', guid: '{54849625-5478-4994-A5BA-3E3B0328C30D}', channel: 'Security' };
const SCM = { provider: 'Service Control Manager', guid: '{555908D1-A6D7-4695-8E1E-26931D2012F4}', channel: 'System' };
const FIREWALL = {
  provider: 'Microsoft-Windows-Windows Firewall With Advanced Security',
  guid: '{D1BC9AFF-2ABF-4D71-9146-ECB2A986EB85}',
  channel: 'Microsoft-Windows-Windows Firewall With Advanced Security/Firewall',
};

/** Sysmon's UtcTime: "2020-09-20 16:16:56.010". */
export function sysmonTime(ts: number): string {
  return new Date(ts).toISOString().replace('T', ' ').replace('Z', '');
}

function fileName(image: string): string {
  return image.slice(image.lastIndexOf('\\') + 1);
}

function sysmon(ts: number, host: LabHost, eventId: number, category: string, task: number, data: Record<string, DataValue>): WinRecord {
  return {
    kind: 'win', ts, host, channel: SYSMON.channel, provider: SYSMON.provider, providerGuid: SYSMON.guid,
    eventId, version: eventId === 1 ? 5 : 5, task, keywords: '0x8000000000000000', category, eventType: 'INFO',
    executionPid: 3392, data: { RuleName: '-', UtcTime: sysmonTime(ts), ...data },
  };
}

export function sysmonProcessCreate(ts: number, host: LabHost, proc: Proc, parent: Proc, extra: { integrity?: string; logonId?: string } = {}): WinRecord {
  return sysmon(ts, host, 1, 'Process Create (rule: ProcessCreate)', 1, {
    ProcessGuid: proc.guid, ProcessId: proc.pid, Image: proc.image,
    FileVersion: '10.0.17763.1', Description: fileName(proc.image), Product: 'Microsoft® Windows® Operating System', Company: 'Microsoft Corporation',
    OriginalFileName: fileName(proc.image), CommandLine: proc.commandLine, CurrentDirectory: 'C:\\Windows\\system32\\',
    User: proc.user, LogonGuid: `{${host.guidPrefix}-e865-5f64-e703-000000000000}`, LogonId: extra.logonId ?? '0x3e7', TerminalSessionId: 0,
    IntegrityLevel: extra.integrity ?? 'System',
    Hashes: 'SHA1=5009839791AAD710921715D5B51E7A9A963B09F5,MD5=91C04C34E7145EDF11B0A9E96698763E,IMPHASH=DE31D6A28F9C02A2C0EEBBE6E4B686A2',
    ParentProcessGuid: parent.guid, ParentProcessId: parent.pid, ParentImage: parent.image, ParentCommandLine: parent.commandLine,
  });
}

export interface Flow {
  readonly protocol: 'tcp' | 'udp';
  /** True when the logging host opened the connection. */
  readonly initiated: boolean;
  readonly srcIp: string;
  readonly srcPort: number;
  readonly dstIp: string;
  readonly dstPort: number;
}

export function sysmonNetworkConnect(ts: number, host: LabHost, proc: Proc, flow: Flow): WinRecord {
  return sysmon(ts, host, 3, 'Network connection detected (rule: NetworkConnect)', 3, {
    ProcessGuid: proc.guid, ProcessId: proc.pid, Image: proc.image, User: proc.user, Protocol: flow.protocol,
    Initiated: String(flow.initiated), SourceIsIpv6: 'false', SourceIp: flow.srcIp, SourceHostname: '-', SourcePort: flow.srcPort, SourcePortName: '-',
    DestinationIsIpv6: 'false', DestinationIp: flow.dstIp, DestinationHostname: '-', DestinationPort: flow.dstPort, DestinationPortName: '-',
  });
}

function security(ts: number, host: LabHost, eventId: number, category: string, task: number, data: Record<string, DataValue>, eventType: WinRecord['eventType'] = 'AUDIT_SUCCESS'): WinRecord {
  return {
    kind: 'win', ts, host, channel: SECURITY.channel, provider: SECURITY.provider, providerGuid: SECURITY.guid,
    eventId, version: eventId === 4688 ? 2 : eventId === 5156 ? 1 : 0, task,
    keywords: eventType === 'AUDIT_FAILURE' ? '0x8010000000000000' : '0x8020000000000000', category, eventType, executionPid: 4, data,
  };
}

function subject(host: LabHost, user: string, logonId: string): Record<string, DataValue> {
  const machine = user.endsWith('$');
  return {
    SubjectUserSid: machine ? 'S-1-5-18' : 'S-1-5-21-4228717743-1032521047-1810997296-1104',
    SubjectUserName: user, SubjectDomainName: host.fqdn.split('.')[1]?.toUpperCase() === 'THESHIRE' ? 'THESHIRE' : 'THESHIRE', SubjectLogonId: logonId,
  };
}

export function securityProcessCreate(ts: number, host: LabHost, proc: Proc, parent: Proc, subjectUser: string, logonId = '0x3e7'): WinRecord {
  return security(ts, host, 4688, 'Process Creation', 13312, {
    ...subject(host, subjectUser, logonId),
    NewProcessId: `0x${proc.pid.toString(16)}`, NewProcessName: proc.image, TokenElevationType: '%%1936',
    ProcessId: `0x${parent.pid.toString(16)}`, CommandLine: proc.commandLine,
    TargetUserSid: 'S-1-0-0', TargetUserName: '-', TargetDomainName: '-', TargetLogonId: '0x0',
    ParentProcessName: parent.image, MandatoryLabel: 'S-1-16-16384',
  });
}

export function securityLogon(ts: number, host: LabHost, user: string, logonType: number, ipAddress: string, ipPort: number, logonId: string): WinRecord {
  return security(ts, host, 4624, 'Logon', 12544, {
    SubjectUserSid: 'S-1-0-0', SubjectUserName: '-', SubjectDomainName: '-', SubjectLogonId: '0x0',
    TargetUserSid: 'S-1-5-21-4228717743-1032521047-1810997296-1104', TargetUserName: user, TargetDomainName: 'THESHIRE.LOCAL', TargetLogonId: logonId,
    LogonType: String(logonType), LogonProcessName: 'Kerberos', AuthenticationPackageName: 'Kerberos', WorkstationName: '-',
    LogonGuid: '{f1b93498-ce83-d667-f3b7-7d3bc595a088}', TransmittedServices: '-', LmPackageName: '-', KeyLength: 0,
    ProcessId: '0x0', ProcessName: '-', IpAddress: ipAddress, IpPort: String(ipPort),
    ImpersonationLevel: '%%1833', RestrictedAdminMode: '-', TargetOutboundUserName: '-', TargetOutboundDomainName: '-',
    VirtualAccount: '%%1843', TargetLinkedLogonId: '0x0', ElevatedToken: '%%1842',
  });
}

const WFP_LAYERS = { inbound: { name: '%%14610', id: '44' }, outbound: { name: '%%14611', id: '48' } } as const;

/** Security 5156 (permitted) or 5152 (dropped packet); Source is the initiator, as logged. */
export function securityWfpConnection(ts: number, host: LabHost, eventId: 5156 | 5152, pid: number, image: string, inbound: boolean, flow: Omit<Flow, 'initiated'>): WinRecord {
  const layer = inbound ? WFP_LAYERS.inbound : WFP_LAYERS.outbound;
  return security(ts, host, eventId, eventId === 5156 ? 'Filtering Platform Connection' : 'Filtering Platform Packet Drop', eventId === 5156 ? 12810 : 12809, {
    ProcessID: String(pid), Application: pid === 0 ? '-' : pid === 4 ? 'System' : devicePath(image), Direction: inbound ? '%%14592' : '%%14593',
    SourceAddress: flow.srcIp, SourcePort: String(flow.srcPort), DestAddress: flow.dstIp, DestPort: String(flow.dstPort),
    Protocol: flow.protocol === 'tcp' ? '6' : '17', FilterRTID: String(eventId === 5156 ? 79935 : 0), LayerName: layer.name, LayerRTID: layer.id,
    ...(eventId === 5156 ? { RemoteUserID: 'S-1-0-0', RemoteMachineID: 'S-1-0-0' } : {}),
  }, eventId === 5152 ? 'AUDIT_FAILURE' : 'AUDIT_SUCCESS');
}

/** Security 5158 (bind) or 5154 (listen): the local port a process took. */
export function securityWfpListen(ts: number, host: LabHost, eventId: 5158 | 5154, pid: number, image: string, port: number): WinRecord {
  return security(ts, host, eventId, 'Filtering Platform Connection', 12810, {
    ProcessId: String(pid), Application: devicePath(image), SourceAddress: '0.0.0.0', SourcePort: String(port), Protocol: '6',
    FilterRTID: '0', LayerName: eventId === 5158 ? '%%14608' : '%%14609', LayerRTID: eventId === 5158 ? '36' : '38',
  });
}

export interface FirewallRule {
  readonly id: string;
  readonly name: string;
  readonly localPorts: string;
  readonly applicationPath: string;
  readonly protocol: 'TCP' | 'UDP';
}

export function securityFirewallRuleAdded(ts: number, host: LabHost, rule: FirewallRule): WinRecord {
  return security(ts, host, 4946, 'MPSSVC Rule-Level Policy Change', 13571, {
    SubjectUserSid: 'S-1-5-19', SubjectUserName: 'LOCAL SERVICE', SubjectDomainName: 'NT AUTHORITY', SubjectLogonId: '0x3e5',
    ProfileChanged: 'Domain', RuleId: rule.id, RuleName: rule.name,
  });
}

/** Firewall 2004 (Windows 10 / Server 2019) or 2097 (Windows 11): a rule was added. */
export function firewallRuleAdded(ts: number, host: LabHost, eventId: 2004 | 2097, rule: FirewallRule, modifyingUserSid: string): WinRecord {
  return {
    kind: 'win', ts, host, channel: FIREWALL.channel, provider: FIREWALL.provider, providerGuid: FIREWALL.guid,
    eventId, version: 0, task: 0, keywords: '0x8000020000000000', category: '-', eventType: 'INFO', executionPid: 2828,
    data: {
      RuleId: rule.id, RuleName: rule.name, Origin: '1', ApplicationPath: rule.applicationPath, ServiceName: '', Direction: '1', Protocol: rule.protocol === 'UDP' ? '17' : '6',
      LocalPorts: rule.localPorts, RemotePorts: '*', Action: '3', Profiles: '1', LocalAddresses: '*', RemoteAddresses: '*',
      RemoteMachineAuthorizationList: '', RemoteUserAuthorizationList: '', EmbeddedContext: '', Flags: '1', Active: '1', EdgeTraversal: '0',
      LooseSourceMapped: '0', SecurityOptions: '0', ModifyingUser: modifyingUserSid, ModifyingApplication: 'C:\\Windows\\System32\\netsh.exe',
      SchemaVersion: '542', RuleStatus: '65536', LocalOnlyMapped: '0',
    },
  };
}

function scm(ts: number, host: LabHost, eventId: number, eventType: WinRecord['eventType'], data: Record<string, DataValue>): WinRecord {
  return {
    kind: 'win', ts, host, channel: SCM.channel, provider: SCM.provider, providerGuid: SCM.guid,
    eventId, version: 0, task: 0, keywords: '0x8080000000000000', category: '-', eventType, executionPid: 704, data,
  };
}

export function serviceInstalled(ts: number, host: LabHost, name: string, imagePath: string, account = 'LocalSystem'): WinRecord {
  return scm(ts, host, 7045, 'INFO', { ServiceName: name, ImagePath: imagePath, ServiceType: 'user mode service', StartType: 'demand start', AccountName: account });
}

export function serviceStateChanged(ts: number, host: LabHost, name: string, state: 'running' | 'stopped'): WinRecord {
  return scm(ts, host, 7036, 'INFO', { param1: name, param2: state });
}

/** Service Control Manager 7031: a service terminated unexpectedly. */
export function serviceCrashed(ts: number, host: LabHost, name: string, times: number): WinRecord {
  return scm(ts, host, 7031, 'ERROR', { param1: name, param2: String(times), param3: '60000', param4: '1', param5: 'Restart the service' });
}
