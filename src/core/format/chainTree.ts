// The Chains view as data: analytic → host → chain → step → event, from the last runs.
// Chains sort by start time or by severity; at most `limit` chains per analytic (the rest are
// counted). A chain opens its timeline; an event its raw record.

import type { Chain, ChainEvent, ChainStep, Severity } from '../types/chain';
import { formatTime } from './time';
import { LEVEL_ICON, NO_HOST, type TreeNode } from './tree';

export type ChainSort = 'time' | 'severity';

export interface ChainTreeOptions {
  readonly sort: ChainSort;
  /** Chains shown per analytic (`huntbench.maxChainsShown`). */
  readonly limit: number;
  readonly timeZone: string;
}

const RANK: Record<Severity, number> = { critical: 0, high: 1, medium: 2, low: 3, informational: 4 };

/** The host a chain is filed under: its join key's, else its first event's. */
export function chainHost(chain: Chain): string {
  const key = chain.key.host ?? chain.steps.flatMap((s) => s.events)[0]?.host;
  return key == null ? NO_HOST : String(key);
}

export function sortChains(chains: readonly Chain[], sort: ChainSort): Chain[] {
  const byTime = (a: Chain, b: Chain): number => a.start - b.start;
  return [...chains].sort(sort === 'time' ? byTime : (a, b) => RANK[a.severity] - RANK[b.severity] || byTime(a, b));
}

export function chainTree(runs: readonly { readonly analytic: string; readonly chains: readonly Chain[] }[], o: ChainTreeOptions): TreeNode[] {
  return runs.filter((r) => r.chains.length > 0).sort((a, b) => a.analytic.localeCompare(b.analytic)).map((r) => ({
    label: r.analytic, description: `${r.chains.length} chain(s) · ${r.chains[0]?.title ?? ''}`, icon: 'symbol-event', expanded: true,
    children: () => byHost(r.chains, o),
  }));
}

function byHost(chains: readonly Chain[], o: ChainTreeOptions): TreeNode[] {
  const shown = sortChains(chains, o.sort).slice(0, o.limit);
  const nodes: TreeNode[] = [...new Set(shown.map(chainHost))].map((host) => {
    const own = shown.filter((c) => chainHost(c) === host);
    return { label: host, description: `${own.length} chain(s)`, icon: 'vm', expanded: true, children: () => own.map((c) => chainNode(c, o.timeZone)) };
  });
  if (chains.length > o.limit) nodes.push({ label: `${chains.length - o.limit} more chain(s) not shown`, description: 'raise huntbench.maxChainsShown, or export all', icon: 'ellipsis' });
  return nodes;
}

function chainNode(c: Chain, zone: string): TreeNode {
  const key = Object.entries(c.key).filter(([k]) => k !== 'host').map(([k, v]) => `${k}=${v}`).join(' ');
  return {
    label: formatTime(c.start, zone),
    description: `${c.severity}${key ? ` · ${key}` : ''} · ${c.steps.filter((s) => !s.missing).length}/${c.steps.length} steps`,
    tooltip: `${c.analytic}: ${c.title}\n${formatTime(c.start, zone)} → ${formatTime(c.end, zone)}`,
    icon: LEVEL_ICON[c.severity], contextValue: 'chain', command: { id: 'huntbench.openChain', args: [c] },
    children: () => c.steps.map((s) => stepNode(s, zone)),
  };
}

function stepNode(s: ChainStep, zone: string): TreeNode {
  return {
    label: s.name, description: s.missing ? 'missing' : `${s.events.length} event(s)`, icon: s.missing ? 'circle-slash' : 'debug-step-over',
    ...(s.events.length ? { children: () => s.events.map((e) => eventNode(e, zone)) } : {}),
  };
}

/** An event: its summary, time and event id; a click shows its raw record. */
function eventNode(e: ChainEvent, zone: string): TreeNode {
  return {
    label: e.summary || `event ${e.id}`,
    description: `${formatTime(e.ts, zone)}${e.event_id !== null ? ` · ${e.event_id}` : ''}`,
    tooltip: `${e.summary}\n${e.host ?? ''} ${e.channel ?? ''}\n${e.source.file}${e.source.line !== undefined ? `:${e.source.line}` : ''}`,
    icon: 'note', contextValue: 'event', eventId: e.id, command: { id: 'huntbench.showRawEvent', args: [e.id] },
  };
}
