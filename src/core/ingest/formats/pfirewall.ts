// Windows Firewall logs (pfirewall.log, W3C extended format). One packet verdict per
// line, laid out by the `#Fields:` header (Windows 10+ adds `pid`). Rows map like the
// Security WFP events they mirror (normalize/winSecurity.ts): ALLOW -> network/connect,
// DROP -> network/drop with fw_action drop, and a dropped bare SYN (or a dropped UDP or
// ICMP packet: nothing answered it) gets conn_state S0. `path` SEND/RECEIVE gives the
// direction. Times are the machine's local time with no zone recorded (`#Time Format:
// Local`): they are taken as UTC and the load says so in a warning.

import type { NormalizedEvent } from '../../schema/columns';
import type { FormatReader, LoadedRecord, ReaderContext } from '../../types/records';
import { address, int, protocol, text } from '../normalize/fields';
import { parseTime } from '../normalize/time';
import { textLines, type TextLine } from './lines';

/** The directives of the W3C extended log format, and Windows Firewall's `#Time Format:`. */
const W3C_DIRECTIVE = /^#(Version|Fields|Software|Time Format|Start-Date|End-Date|Date|Remark):/;

// Maps, looked up by the log's text: an object would answer `constructor` with its own.
const DIRECTIONS: ReadonlyMap<string, string> = new Map([['SEND', 'outbound'], ['RECEIVE', 'inbound']]);
const ACTIONS: ReadonlyMap<string, { action: string; fw_action: string }> = new Map([
  ['ALLOW', { action: 'connect', fw_action: 'allow' }],
  ['DROP', { action: 'drop', fw_action: 'drop' }],
]);

export const readPfirewall: FormatReader = async function* (bytes, context) {
  const { batches } = await textLines(bytes, context);
  let fields: string[] | undefined;
  let timeFormat = 'Local';
  let warnedTime = false;
  let lostReports = 0;
  for await (const batch of batches) {
    const records: LoadedRecord[] = [];
    for (const line of batch) {
      const textLine = line.text.trim();
      if (textLine === '') continue;
      if (textLine.startsWith('#')) {
        if (textLine.startsWith('#Fields:')) fields = textLine.slice('#Fields:'.length).trim().split(/\s+/);
        if (textLine.startsWith('#Time Format:')) timeFormat = textLine.slice('#Time Format:'.length).trim();
        // A `#` line that is no W3C directive may be a data line made invisible: say so.
        if (!W3C_DIRECTIVE.test(textLine)) context.reject({ line: line.line, offset: line.offset, reason: 'not a W3C header line (#Version:, #Fields:, ...); skipped' });
        continue;
      }
      if (!fields) {
        context.reject({ line: line.line, offset: line.offset, reason: 'data line before the #Fields: header' });
        continue;
      }
      const values = textLine.split(/\s+/);
      if (values.length !== fields.length) {
        context.reject({ line: line.line, offset: line.offset, reason: `expected ${fields.length} space-separated fields (${fields.join(' ')}), found ${values.length}` });
        continue;
      }
      const row = Object.fromEntries(fields.map((name, i) => [name, values[i]!]));
      if (row.action === 'INFO-EVENTS-LOST') {
        lostReports++;
        continue;
      }
      const record = toRecord(row, line, context);
      if (!record) continue;
      if (!warnedTime && timeFormat.toLowerCase() !== 'utc') {
        warnedTime = true;
        context.warn(`firewall log times are local time without a zone (#Time Format: ${timeFormat}); they are read as UTC`);
      }
      records.push(record);
    }
    if (records.length > 0) yield records;
  }
  if (lostReports > 0) context.warn(`the firewall reported lost events (INFO-EVENTS-LOST) ${lostReports} time(s); the log has gaps`);
};

function toRecord(row: Record<string, string>, line: TextLine, context: ReaderContext): LoadedRecord | undefined {
  const tsRaw = `${row.date ?? ''} ${row.time ?? ''}`;
  const ts = parseTime(tsRaw);
  if (ts === null) {
    context.reject({ line: line.line, offset: line.offset, reason: `invalid date/time "${tsRaw}"` });
    return undefined;
  }
  const verdict = ACTIONS.get(row.action ?? '');
  const proto = protocol(row.protocol);
  const event: NormalizedEvent = {
    ts,
    ts_raw: tsRaw,
    provider: 'pfirewall',
    channel: 'pfirewall',
    category: 'network',
    action: verdict?.action ?? text(row.action)?.toLowerCase() ?? null,
    fw_action: verdict?.fw_action ?? null,
    protocol: proto,
    src_ip: address(row['src-ip']),
    dst_ip: address(row['dst-ip']),
    src_port: int(row['src-port']),
    dst_port: int(row['dst-port']),
    direction: DIRECTIONS.get(row.path ?? '') ?? null,
    pid: int(row.pid),
    conn_state: row.action === 'DROP' && unanswered(proto, text(row.tcpflags)) ? 'S0' : null,
  };
  return { pointer: { line: line.line, offset: line.offset, length: line.length }, event };
}

/** A dropped packet that opened a conversation: a bare TCP SYN, or any UDP/ICMP packet. */
function unanswered(proto: string | null, tcpFlags: string | null): boolean {
  if (proto === 'tcp') return tcpFlags === 'S';
  return proto !== null;
}
