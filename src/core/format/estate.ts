// The estate graph: the session's hosts as nodes and its chains as arrows between them, who
// moved to whom, when and how. A chain's network events say where it came from and went: an
// inbound connection is an arrow from its source (the host the address book names, else the
// address) to the chain's host; an outbound one from the host to its destination. A chain with
// no network event stays on its host. Arrows between the same two nodes are one edge with every
// chain on it. Pure: reads the normalized columns of the chain's events.

import type { Chain } from '../types/chain';
import type { Fields } from './story';

export interface EstateNode {
  readonly id: string;
  /** True for a host the logs name; false for a bare address (no host known for it). */
  readonly host: boolean;
  /** Chains that happened on this node without an arrow (no network event). */
  readonly local: readonly number[];
  readonly first: number;
}

export interface EstateEdge {
  readonly from: string;
  readonly to: string;
  /** Indexes of the chains on this arrow, in time order. */
  readonly chains: readonly number[];
  readonly first: number;
  /** Analytics that found these chains. */
  readonly analytics: readonly string[];
  /** How: the service ports reached ("445 SMB", "49726 RPC"). */
  readonly how: readonly string[];
}

export interface EstateGraph {
  readonly nodes: readonly EstateNode[];
  readonly edges: readonly EstateEdge[];
}

const SERVICES: Readonly<Record<number, string>> = {
  22: 'SSH', 135: 'RPC', 139: 'NetBIOS', 445: 'SMB', 3389: 'RDP', 5985: 'WinRM', 5986: 'WinRM', 88: 'Kerberos', 389: 'LDAP', 636: 'LDAPS', 1433: 'MSSQL',
};

/** "445 SMB", "49726 RPC" (the dynamic range RPC services listen on), or the port alone. */
export function portName(port: number): string {
  const name = SERVICES[port] ?? (port >= 49152 ? 'RPC' : null);
  return name ? `${port} ${name}` : String(port);
}

function text(row: Fields, key: string): string | null {
  const v = row[key];
  return v == null || v === '' ? null : String(v);
}

export function estateGraph(chains: readonly Chain[], fields: ReadonlyMap<number, Fields>): EstateGraph {
  const nodes = new Map<string, { host: boolean; local: number[]; first: number }>();
  const node = (id: string, host: boolean, ts: number) => {
    const n = nodes.get(id);
    if (!n) nodes.set(id, { host, local: [], first: ts });
    else { n.first = Math.min(n.first, ts); n.host ||= host; }
    return nodes.get(id)!;
  };
  const edges = new Map<string, { from: string; to: string; chains: number[]; first: number; analytics: Set<string>; how: Set<string> }>();
  chains.forEach((chain, index) => {
    const home = Object.values(chain.key).find((v) => typeof v === 'string') as string | undefined
      ?? chain.steps.flatMap((s) => s.events).find((e) => e.host)?.host ?? '(no host)';
    node(home, true, chain.start);
    const arrows = new Map<string, { from: string; to: string; ts: number; how: string | null }>();
    for (const step of chain.steps) for (const e of step.events) {
      const row = fields.get(e.id);
      if (!row || row.category !== 'network') continue;
      const host = text(row, 'host') ?? home;
      const port = typeof row.dst_port === 'number' ? portName(row.dst_port) : null;
      const [from, to, fromHost, toHost] = row.direction === 'inbound'
        ? [text(row, 'src_host') ?? text(row, 'src_ip'), host, text(row, 'src_host') !== null, true]
        : row.direction === 'outbound' ? [host, text(row, 'dst_host') ?? text(row, 'dst_ip'), true, text(row, 'dst_host') !== null] : [null, null, false, false];
      if (!from || !to || from === to) continue;
      node(from, fromHost, e.ts);
      node(to, toHost, e.ts);
      const key = `${from}\u0000${to}`;
      if (!arrows.has(key)) arrows.set(key, { from, to, ts: e.ts, how: port });
    }
    if (!arrows.size) nodes.get(home)!.local.push(index);
    for (const a of arrows.values()) {
      const key = `${a.from}\u0000${a.to}`;
      let edge = edges.get(key);
      if (!edge) edges.set(key, (edge = { from: a.from, to: a.to, chains: [], first: a.ts, analytics: new Set(), how: new Set() }));
      edge.chains.push(index);
      edge.first = Math.min(edge.first, a.ts);
      edge.analytics.add(chain.analytic);
      if (a.how) edge.how.add(a.how);
    }
  });
  return {
    nodes: [...nodes].map(([id, n]) => ({ id, host: n.host, local: n.local, first: n.first })).sort((a, b) => a.first - b.first || (a.id < b.id ? -1 : 1)),
    edges: [...edges.values()].map((e) => ({ from: e.from, to: e.to, chains: e.chains.sort((a, b) => chains[a]!.start - chains[b]!.start), first: e.first, analytics: [...e.analytics].sort(), how: [...e.how] }))
      .sort((a, b) => a.first - b.first),
  };
}

/** The graph's heading: "Estate graph: 3 chains on 2 hosts". */
export function estateTitle(chains: readonly Chain[]): string {
  const hosts = new Set(chains.map((c) => c.key.host).filter((h) => h != null)).size;
  return `Estate graph: ${chains.length} chain${chains.length === 1 ? '' : 's'} on ${hosts} host${hosts === 1 ? '' : 's'}`;
}
