// Writes scenario records in the formats real exports use: NXLog NDJSON (EventData
// flattened, as in the OTRF sets), EVTX-XML (wevtutil/Get-WinEvent ToXml, one <Event> per
// line inside <Events>), Zeek conn.log TSV, and Windows Firewall pfirewall.log (v1.5).
// The lab hosts run on UTC (the Azure default), so local times equal UTC times.
import type { PfirewallLine, SampleRecord, WinRecord, ZeekConn } from './records';

/** Record numbers per host and channel, assigned in time order like a real event log. */
export class RecordNumbers {
  private readonly next = new Map<string, number>();
  constructor(private readonly start: (key: string) => number) {}
  take(record: WinRecord): number {
    const key = `${record.host.name}|${record.channel}`;
    const value = this.next.get(key) ?? this.start(key);
    this.next.set(key, value + 1);
    return value;
  }
}

function localTime(ts: number): string {
  return new Date(ts).toISOString().slice(0, 19).replace('T', ' ');
}

export function nxlogLine(record: WinRecord, recordNumber: number, threadId: number): string {
  const received = record.ts + 1800;
  return JSON.stringify({
    EventTime: localTime(record.ts),
    Hostname: record.host.fqdn,
    Keywords: record.keywords,
    EventType: record.eventType,
    SeverityValue: record.eventType === 'ERROR' ? 4 : 2,
    Severity: record.eventType === 'ERROR' ? 'ERROR' : 'INFO',
    EventID: record.eventId,
    SourceName: record.provider,
    ProviderGuid: record.providerGuid,
    Version: record.version,
    Task: record.task,
    OpcodeValue: 0,
    RecordNumber: recordNumber,
    ExecutionProcessID: record.executionPid,
    ThreadID: threadId,
    Channel: record.channel,
    Category: record.category,
    Opcode: 'Info',
    ...record.data,
    EventReceivedTime: localTime(received),
    SourceModuleName: 'eventlog',
    SourceModuleType: 'im_msvistalog',
    '@timestamp': new Date(received).toISOString(),
    '@version': '1',
    host: 'wec.theshire.local',
    port: 64545,
    tags: ['huntbench-lab'],
  });
}

function escapeXml(value: string): string {
  return value.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

const LEVELS: Record<WinRecord['eventType'], number> = { INFO: 4, AUDIT_SUCCESS: 0, AUDIT_FAILURE: 0, ERROR: 2, WARNING: 3 };

export function evtxXmlLine(record: WinRecord, recordNumber: number, threadId: number): string {
  const data = Object.entries(record.data)
    .map(([name, value]) => (value === '' ? `<Data Name="${name}"/>` : `<Data Name="${name}">${escapeXml(String(value))}</Data>`))
    .join('');
  const systemTime = new Date(record.ts).toISOString().replace('Z', '0000Z');
  return (
    `<Event xmlns="http://schemas.microsoft.com/win/2004/08/events/event"><System>` +
    `<Provider Name="${escapeXml(record.provider)}" Guid="${record.providerGuid}"/>` +
    `<EventID>${record.eventId}</EventID><Version>${record.version}</Version><Level>${LEVELS[record.eventType]}</Level>` +
    `<Task>${record.task}</Task><Opcode>0</Opcode><Keywords>${record.keywords}</Keywords>` +
    `<TimeCreated SystemTime="${systemTime}"/><EventRecordID>${recordNumber}</EventRecordID><Correlation/>` +
    `<Execution ProcessID="${record.executionPid}" ThreadID="${threadId}"/><Channel>${escapeXml(record.channel)}</Channel>` +
    `<Computer>${record.host.fqdn}</Computer><Security/></System><EventData>${data}</EventData></Event>`
  );
}

export function evtxXmlDocument(lines: readonly string[]): string {
  return `<?xml version="1.0" encoding="utf-8"?>\n<Events>\n${lines.join('\n')}\n</Events>\n`;
}

const ZEEK_FIELDS = ['ts', 'uid', 'id.orig_h', 'id.orig_p', 'id.resp_h', 'id.resp_p', 'proto', 'service', 'duration', 'orig_bytes', 'resp_bytes', 'conn_state', 'local_orig', 'local_resp', 'missed_bytes', 'history', 'orig_pkts', 'orig_ip_bytes', 'resp_pkts', 'resp_ip_bytes', 'tunnel_parents'];
const ZEEK_TYPES = ['time', 'string', 'addr', 'port', 'addr', 'port', 'enum', 'string', 'interval', 'count', 'count', 'string', 'bool', 'bool', 'count', 'string', 'count', 'count', 'count', 'count', 'set[string]'];

function zeekTime(ts: number): string {
  return (ts / 1000).toFixed(6);
}

function zeekOpen(ts: number): string {
  return new Date(ts).toISOString().slice(0, 19).replace('T', '-').replace(/:/g, '-');
}

export function zeekHeader(openTs: number): string[] {
  return ['#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn', `#open\t${zeekOpen(openTs)}`, `#fields\t${ZEEK_FIELDS.join('\t')}`, `#types\t${ZEEK_TYPES.join('\t')}`];
}

export function zeekLine(conn: ZeekConn): string {
  const unset = (value: number | string | null, format: (v: never) => string = String): string => (value === null ? '-' : format(value as never));
  const isLocal = (ip: string): string => (ip.startsWith('172.18.') ? 'T' : 'F');
  return [
    zeekTime(conn.ts), conn.uid, conn.origHost, conn.origPort, conn.respHost, conn.respPort, conn.proto, unset(conn.service),
    unset(conn.duration, (d: number) => d.toFixed(6)), unset(conn.origBytes), unset(conn.respBytes), conn.connState,
    isLocal(conn.origHost), isLocal(conn.respHost), 0, conn.history, conn.origPkts, conn.origPkts * 44 + (conn.origBytes ?? 0),
    conn.respPkts, conn.respPkts * 40 + (conn.respBytes ?? 0), '-',
  ].join('\t');
}

export function zeekFooter(closeTs: number): string {
  return `#close\t${zeekOpen(closeTs)}`;
}

export const PFIREWALL_HEADER = [
  '#Version: 1.5',
  '#Software: Microsoft Windows Firewall',
  '#Time Format: Local',
  '#Fields: date time action protocol src-ip dst-ip src-port dst-port size tcpflags tcpsyn tcpack tcpwin icmptype icmpcode info path',
  '',
];

export function pfirewallLine(line: PfirewallLine): string {
  const [date, time] = localTime(line.ts).split(' ');
  return [date, time, line.action, line.protocol, line.srcIp, line.dstIp, line.srcPort, line.dstPort, line.size, line.tcpFlags, 0, 0, 0, '-', '-', '-', line.path].join(' ');
}

/** Renders one file's records (sorted by time) to its text. */
export function renderFile(format: 'nxlog-ndjson' | 'evtx-xml' | 'zeek-tsv' | 'pfirewall', records: readonly SampleRecord[], numbers: RecordNumbers): string {
  const sorted = [...records].sort((a, b) => a.ts - b.ts);
  const threadId = (r: WinRecord): number => 1000 + ((r.eventId * 7919 + r.host.ip.length * 31) % 9000);
  const win = (r: SampleRecord): WinRecord => {
    if (r.kind !== 'win') throw new Error(`a ${r.kind} record cannot be written as ${format}`);
    return r;
  };
  switch (format) {
    case 'nxlog-ndjson':
      return sorted.map((r) => nxlogLine(win(r), numbers.take(win(r)), threadId(win(r)))).join('\n') + '\n';
    case 'evtx-xml':
      return evtxXmlDocument(sorted.map((r) => evtxXmlLine(win(r), numbers.take(win(r)), threadId(win(r)))));
    case 'zeek-tsv': {
      const rows = sorted.map((r) => {
        if (r.kind !== 'zeek') throw new Error(`a ${r.kind} record cannot be written as conn.log`);
        return zeekLine(r);
      });
      const first = sorted[0]?.ts ?? 0;
      return [...zeekHeader(first), ...rows, zeekFooter((sorted.at(-1)?.ts ?? first) + 60_000)].join('\n') + '\n';
    }
    case 'pfirewall':
      return PFIREWALL_HEADER.join('\n') + sorted.map((r) => {
        if (r.kind !== 'pfirewall') throw new Error(`a ${r.kind} record cannot be written as pfirewall.log`);
        return pfirewallLine(r);
      }).join('\n') + '\n';
  }
}
