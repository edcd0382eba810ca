// What a scenario is made of, independent of file format: Windows events, Zeek conn.log
// rows and pfirewall.log lines, each at a time. Scenarios build these; `render.ts` writes
// them in the formats real exports use.
import type { LabHost } from './lab';

export type DataValue = string | number;

export interface WinRecord {
  readonly kind: 'win';
  readonly ts: number;
  readonly host: LabHost;
  readonly channel: string;
  readonly provider: string;
  readonly providerGuid: string;
  readonly eventId: number;
  readonly version: number;
  readonly task: number;
  readonly keywords: string;
  /** NXLog's Category: the task name as Event Viewer shows it. */
  readonly category: string;
  readonly eventType: 'INFO' | 'AUDIT_SUCCESS' | 'AUDIT_FAILURE' | 'ERROR' | 'WARNING';
  readonly executionPid: number;
  readonly data: Readonly<Record<string, DataValue>>;
}

export interface ZeekConn {
  readonly kind: 'zeek';
  readonly ts: number;
  readonly uid: string;
  readonly origHost: string;
  readonly origPort: number;
  readonly respHost: string;
  readonly respPort: number;
  readonly proto: 'tcp' | 'udp';
  readonly service: string | null;
  readonly duration: number | null;
  readonly origBytes: number | null;
  readonly respBytes: number | null;
  readonly connState: string;
  readonly history: string;
  readonly origPkts: number;
  readonly respPkts: number;
}

export interface PfirewallLine {
  readonly kind: 'pfirewall';
  readonly ts: number;
  readonly action: 'ALLOW' | 'DROP';
  readonly protocol: 'TCP' | 'UDP';
  readonly srcIp: string;
  readonly dstIp: string;
  readonly srcPort: number;
  readonly dstPort: number;
  readonly path: 'SEND' | 'RECEIVE';
  readonly size: number;
  readonly tcpFlags: string;
}

export type SampleRecord = WinRecord | ZeekConn | PfirewallLine;

export type FileFormat = 'nxlog-ndjson' | 'evtx-xml' | 'zeek-tsv' | 'pfirewall';

export interface SampleFile {
  /** Path relative to the scenario folder. */
  readonly path: string;
  readonly format: FileFormat;
  readonly records: readonly SampleRecord[];
}

/** A lab story: its log files and what the trainer needs to know. */
export interface Scenario {
  /** Folder name under samples/. */
  readonly folder: string;
  readonly analytic: string;
  readonly files: readonly SampleFile[];
  readonly readme: string;
  /** What the analytic should report: host of the chain and the summary of its key event. */
  readonly expected: { readonly host: string; readonly keyEvent: string };
}
