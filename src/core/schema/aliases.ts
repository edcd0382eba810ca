// Field aliases: a hunter names a field the way their tooling does (Sigma/Windows,
// ECS, Splunk CIM, Zeek) and Huntbench resolves it to a canonical column.
// Lookup is case-insensitive. Names that resolve to no column are "original fields":
// still queryable, read from the raw record (see docs/schema.md).

import { COLUMNS, type ColumnName } from './columns';

export type AliasFamily = 'canonical' | 'sigma' | 'ecs' | 'cim' | 'zeek';

export interface Alias {
  readonly name: string;
  readonly column: ColumnName;
  readonly family: AliasFamily;
}

const TABLE: Record<Exclude<AliasFamily, 'canonical'>, Partial<Record<ColumnName, readonly string[]>>> = {
  sigma: {
    ts: ['UtcTime', 'TimeCreated'],
    host: ['Computer', 'Hostname'],
    provider: ['Provider_Name', 'SourceName'],
    channel: ['Channel'],
    event_id: ['EventID'],
    record_id: ['EventRecordID', 'RecordNumber'],
    process_guid: ['ProcessGuid'],
    pid: ['ProcessId', 'NewProcessId'],
    image: ['Image', 'NewProcessName', 'Application'],
    command_line: ['CommandLine'],
    parent_guid: ['ParentProcessGuid'],
    ppid: ['ParentProcessId'],
    parent_image: ['ParentImage', 'ParentProcessName'],
    user: ['User', 'SubjectUserName'],
    src_ip: ['SourceIp', 'SourceAddress', 'IpAddress'],
    src_port: ['SourcePort'],
    dst_ip: ['DestinationIp', 'DestAddress'],
    dst_port: ['DestinationPort', 'DestPort'],
    protocol: ['Protocol'],
    direction: ['Direction'],
    service_name: ['ServiceName'],
    service_image: ['ImagePath', 'ServiceFileName'],
    logon_type: ['LogonType'],
    logon_id: ['TargetLogonId', 'LogonId'],
    target_user: ['TargetUserName'],
    local_ports: ['LocalPorts', 'LocalPort'],
    rule_id: ['RuleId'],
  },
  ecs: {
    ts: ['@timestamp'],
    host: ['host.name', 'host.hostname'],
    provider: ['event.provider'],
    channel: ['winlog.channel'],
    event_id: ['event.code', 'winlog.event_id'],
    record_id: ['winlog.record_id'],
    category: ['event.category'],
    action: ['event.action'],
    process_guid: ['process.entity_id'],
    pid: ['process.pid'],
    image: ['process.executable'],
    process_name: ['process.name'],
    command_line: ['process.command_line'],
    parent_guid: ['process.parent.entity_id'],
    ppid: ['process.parent.pid'],
    parent_image: ['process.parent.executable'],
    parent_name: ['process.parent.name'],
    user: ['user.name'],
    src_ip: ['source.ip'],
    src_port: ['source.port'],
    dst_ip: ['destination.ip'],
    dst_port: ['destination.port'],
    protocol: ['network.transport'],
    direction: ['network.direction'],
    service_name: ['service.name'],
    rule_id: ['rule.id'],
    rule_name: ['rule.name'],
    logon_type: ['winlog.logon.type'],
    logon_id: ['winlog.logon.id'],
    target_user: ['user.target.name'],
  },
  cim: {
    ts: ['_time'],
    host: ['dvc', 'dest_host'],
    event_id: ['EventCode', 'signature_id'],
    record_id: ['RecordNumber'],
    process_guid: ['process_guid'],
    pid: ['process_id'],
    image: ['process_path'],
    command_line: ['process'],
    parent_guid: ['parent_process_guid'],
    ppid: ['parent_process_id'],
    parent_image: ['parent_process_path'],
    parent_name: ['parent_process_name'],
    src_ip: ['src'],
    dst_ip: ['dest', 'dest_ip'],
    dst_port: ['dest_port'],
    protocol: ['transport'],
    service_image: ['service_path'],
    rule_name: ['rule'],
    fw_action: ['action'],
  },
  zeek: {
    ts: ['ts'],
    src_ip: ['id.orig_h', 'id_orig_h'],
    src_port: ['id.orig_p', 'id_orig_p'],
    dst_ip: ['id.resp_h', 'id_resp_h'],
    dst_port: ['id.resp_p', 'id_resp_p'],
    protocol: ['proto'],
  },
};

function buildAliases(): Alias[] {
  const all: Alias[] = COLUMNS.map((c) => ({ name: c.name, column: c.name, family: 'canonical' as const }));
  for (const [family, columns] of Object.entries(TABLE) as [Exclude<AliasFamily, 'canonical'>, Partial<Record<ColumnName, readonly string[]>>][]) {
    for (const [column, names] of Object.entries(columns) as [ColumnName, readonly string[]][]) {
      for (const name of names) all.push({ name, column, family });
    }
  }
  return all;
}

/** Every name a field can be called by, canonical names first. */
export const ALIASES: readonly Alias[] = buildAliases();

const byLowerName = new Map<string, Alias>();
for (const alias of ALIASES) {
  const key = alias.name.toLowerCase();
  // Canonical names win over an alias spelled the same (e.g. CIM `process_name`).
  if (!byLowerName.has(key)) byLowerName.set(key, alias);
}

/** The canonical column a field name refers to, or undefined for an original (unmapped) field. */
export function resolveField(name: string): ColumnName | undefined {
  return byLowerName.get(name.toLowerCase())?.column;
}
