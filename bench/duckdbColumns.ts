// The 22 NXLog fields DuckDB's `read_json` is told to read from the generated events (the
// columns Huntbench fills from them), shared by the ingest and session benches.
const DECLARED_COLUMNS: Readonly<Record<string, string>> = {
  EventID: 'INTEGER', Hostname: 'VARCHAR', Channel: 'VARCHAR', SourceName: 'VARCHAR', RecordNumber: 'BIGINT', EventTime: 'VARCHAR', UtcTime: 'VARCHAR',
  ProcessGuid: 'VARCHAR', ProcessId: 'INTEGER', Image: 'VARCHAR', CommandLine: 'VARCHAR', ParentProcessGuid: 'VARCHAR', ParentImage: 'VARCHAR', User: 'VARCHAR',
  SourceIp: 'VARCHAR', SourcePort: 'INTEGER', DestinationIp: 'VARCHAR', DestinationPort: 'INTEGER', Protocol: 'VARCHAR', ServiceName: 'VARCHAR', TargetUserName: 'VARCHAR', LogonType: 'INTEGER',
};

/** The `columns = {...}` argument of read_json. */
export function declaredColumnsSql(): string {
  return `{${Object.entries(DECLARED_COLUMNS).map(([k, v]) => `'${k}': '${v}'`).join(', ')}}`;
}
