// A chain told in an analyst's words, from its events' normalized columns: one sentence per
// step ("172.18.39.5 reached WORKSTATION6 on port 49726, accepted by services.exe"; "services.exe
// started cmd.exe /c …"), and per link between consecutive steps the values the second step
// carries over from the first (the pid of the process that accepted, the address that
// connected, the user): what ties the steps together. Pure, reads only the columns of
// docs/schema.md, so every log format tells the same story.

import type { Chain, ChainStory } from '../types/chain';
import type { SqlValue } from '../types/store';

export type Fields = Readonly<Record<string, SqlValue>>;

const MAX_COMMAND = 90;

function text(row: Fields, key: string): string | null {
  const v = row[key];
  return v == null || v === '' ? null : String(v);
}

function short(value: string, max = MAX_COMMAND): string {
  const one = value.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
}

/** What an event did, as a clause with its actor and target ("services.exe started cmd.exe …"). */
export function eventSentence(row: Fields): string {
  const host = text(row, 'host') ?? 'an unknown host';
  const proc = text(row, 'process_name');
  const user = text(row, 'user') ?? text(row, 'target_user');
  const as = user ? ` as ${user}` : '';
  switch (row.category) {
    case 'network': {
      const port = text(row, 'dst_port');
      const blocked = text(row, 'fw_action');
      const verdict = blocked && /block|drop|deny/i.test(blocked) ? ` (${blocked})` : '';
      if (row.action === 'share_access') return `${text(row, 'src_ip') ?? 'a client'} opened a share on ${host}${as}`;
      if (row.direction === 'inbound') {
        return `${text(row, 'src_ip') ?? 'a client'} reached ${host}${port ? ` on port ${port}` : ''}${proc ? `, accepted by ${proc}` : ''}${verdict}`;
      }
      return `${proc ?? host} on ${host} connected to ${text(row, 'dst_ip') ?? 'a peer'}${port ? ` port ${port}` : ''}${verdict}`;
    }
    case 'process': {
      const child = text(row, 'command_line') ?? text(row, 'image') ?? proc ?? 'a process';
      if (row.action === 'start') return `${text(row, 'parent_name') ?? 'a process'} started ${short(child)} on ${host}${as}`;
      return `${proc ?? 'a process'} ${text(row, 'action') ?? 'acted'} on ${host}`;
    }
    case 'service': {
      const name = text(row, 'service_name') ?? 'a service';
      const image = text(row, 'service_image');
      if (row.action === 'install') return `service ${name} was installed on ${host}${image ? ` to run ${short(image)}` : ''}`;
      return `service ${name} ${text(row, 'service_state') ?? text(row, 'action') ?? 'changed'} on ${host}`;
    }
    case 'logon':
      return `${text(row, 'target_user') ?? 'an account'} logged on to ${host}${text(row, 'src_ip') ? ` from ${text(row, 'src_ip')}` : ''}${text(row, 'logon_type') ? ` (type ${text(row, 'logon_type')})` : ''}`;
    case 'pipe':
      return `${proc ?? 'a process'} opened a named pipe on ${host}`;
    default:
      return `${proc ?? text(row, 'provider') ?? 'an event'} ${text(row, 'action') ?? `event ${text(row, 'event_id') ?? ''}`} on ${host}`.replace(/\s+/g, ' ');
  }
}

/**
 * Pairs of columns whose equal values tie an event to a later one, with how the value is
 * named on the link: the process that accepted becomes the parent of the next, a connection's
 * source address comes back as a logon's, a user acts again.
 */
const CARRIED: readonly { readonly from: string; readonly to: string; readonly label: string }[] = [
  { from: 'process_guid', to: 'parent_guid', label: 'parent' },
  { from: 'pid', to: 'ppid', label: 'pid' },
  { from: 'process_guid', to: 'process_guid', label: 'process' },
  { from: 'src_ip', to: 'src_ip', label: 'from' },
  { from: 'dst_ip', to: 'src_ip', label: 'via' },
  { from: 'dst_port', to: 'dst_port', label: 'port' },
  { from: 'user', to: 'user', label: 'user' },
  { from: 'target_user', to: 'user', label: 'user' },
  { from: 'logon_id', to: 'logon_id', label: 'logon' },
  { from: 'service_name', to: 'service_name', label: 'service' },
];

/** The values the later event shares with the earlier one, as short labels ("pid 600", "from 10.0.0.9"). */
export function carriedValues(earlier: Fields, later: Fields): string[] {
  const out: string[] = [];
  const seen = new Set<string>();
  for (const c of CARRIED) {
    const a = earlier[c.from];
    const b = later[c.to];
    if (a == null || a === '' || b == null || String(a).toLowerCase() !== String(b).toLowerCase()) continue;
    // A GUID says the same as the pid next to it, less readably: name the process instead.
    const value = c.from === 'process_guid' ? text(earlier, 'process_name') ?? text(earlier, 'pid') : String(a);
    const label = `${c.label} ${value ?? ''}`.trim();
    if (value === null || seen.has(label)) continue;
    seen.add(label);
    out.push(short(label, 40));
  }
  return out;
}

/** The story of a chain, from the fields of its events (by event id); events without fields are left out. */
export function chainStory(chain: Chain, fields: ReadonlyMap<number, Fields>): ChainStory {
  const firstOf = chain.steps.map((s) => s.events.map((e) => fields.get(e.id)).find((f) => f !== undefined) ?? null);
  // A step may carry a value from any earlier step (the child's parent is the process that
  // accepted two steps before, past an optional service install): nearest step first.
  const carried = firstOf.map((here, i) => {
    if (!here) return [];
    const out = new Set<string>();
    for (let j = i - 1; j >= 0; j--) for (const v of firstOf[j] ? carriedValues(firstOf[j]!, here) : []) out.add(v);
    return [...out];
  });
  return { sentences: firstOf.map((f) => (f ? eventSentence(f) : null)), carried };
}
