// One line per event saying what happened ("services.exe accepted 172.18.39.5:56608 → :49726",
// "services.exe started cmd.exe /c ..."), for chain lists and timeline labels. Reads only
// normalized columns, so it works the same for every log format.

import type { Row } from '../types/store';

const MAX = 160;

const VERBS: Readonly<Record<string, string>> = {
  listen: 'listens on', drop: 'dropped', block: 'blocked', reject: 'refused', attempt: 'attempted', share_access: 'accessed a share from',
};

/** Process events other than a start (Sysmon 5, 8, 10, 25; Security 4689; crashes): what the process did. */
const PROCESS_VERBS: Readonly<Record<string, string>> = {
  end: 'ended', access: 'opened another process', remote_thread: 'started a thread in another process', tamper: 'had its image tampered with',
  crash: 'crashed', error_report: 'crash reported',
};

function s(v: unknown): string {
  return v == null ? '' : String(v);
}

function endpoint(ip: unknown, port: unknown): string {
  return `${s(ip)}${port == null ? '' : `:${s(port)}`}`;
}

/** Whitespace that clip() changes: any but a single inner space. */
const UNTIDY_SPACE = /[^\S ]| {2}|^ | $/;

function clip(text: string): string {
  // Most lines are already one line: testing is cheaper than rebuilding the string.
  const one = UNTIDY_SPACE.test(text) ? text.replace(/\s+/g, ' ').trim() : text;
  return one.length > MAX ? `${one.slice(0, MAX - 1)}…` : one;
}

export function summarize(row: Row): string {
  const actor = s(row.process_name) || s(row.image) || '';
  switch (row.category) {
    case 'network': {
      const verdict = [row.conn_state, row.fw_action].filter((v) => v != null).map(s).join(' ');
      const flow = `${endpoint(row.src_ip, row.src_port)} → ${endpoint(row.dst_ip, row.dst_port)}`;
      const verb = VERBS[s(row.action)] ?? (row.direction === 'inbound' ? 'accepted' : 'connected');
      const what = row.action === 'listen' ? `${verb} ${endpoint(row.dst_ip, row.dst_port)}` : `${verb} ${flow}`;
      return clip(`${actor || 'connection'} ${what}${verdict ? ` (${verdict})` : ''}`);
    }
    case 'process': {
      if (row.action != null && row.action !== 'start') return clip(`${actor || 'process'} ${PROCESS_VERBS[s(row.action)] ?? s(row.action)}`);
      const child = s(row.command_line) || s(row.image) || s(row.process_name);
      return clip(`${s(row.parent_name) || 'process'} started ${child}`);
    }
    case 'service':
      return clip(`service ${s(row.service_name)} ${s(row.service_state) || s(row.action)} ${s(row.service_image)}`);
    case 'firewall':
      return clip(`firewall ${s(row.action)} ${s(row.rule_name)}${row.local_ports != null ? ` ports ${s(row.local_ports)}` : ''}${row.fw_action != null ? ` ${s(row.fw_action)}` : ''}`);
    case 'logon':
      return clip(`logon type ${s(row.logon_type)} ${s(row.target_user)}${row.src_ip != null ? ` from ${s(row.src_ip)}` : ''}`);
    case 'dns':
      // Sysmon 22 keeps its query name as an original field: the default line below.
      if (row.query_name != null) return clip(`${actor || s(row.src_ip)} asked ${s(row.query_type)} ${s(row.query_name)}${row.answers != null ? ` → ${s(row.answers)}` : ''}`);
      break;
    case 'dhcp':
      return clip(`DHCP ${s(row.action)} ${s(row.src_ip)}${row.src_host != null ? ` for ${s(row.src_host)}` : ''}${row.dst_ip != null ? ` from ${s(row.dst_ip)}` : ''}`);
  }
  return clip(`${s(row.provider)} ${s(row.event_id)} ${s(row.action)} ${actor}`);
}
