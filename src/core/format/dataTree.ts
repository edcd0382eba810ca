// The Data view as data: the session and its sources (file or archive member) with format,
// event count, time span, hosts and what went wrong; then the address book (which host owned
// which address, when, learned in which capture or pinned by the inventory) and the address
// conflicts the loads kept apart. Empty when nothing is loaded, so the view's welcome shows.

import type { AddressClaim, SourceReport } from '../types/reports';
import type { SessionStats } from '../types/session';
import { formatSpan, formatTime } from './time';
import { NO_HOST, type TreeNode } from './tree';
import { formatBytes } from './units';

const fmt = (n: number): string => n.toLocaleString('en-US');
const WARNING = { icon: 'warning', warning: true } as const;

export function dataTree(stats: SessionStats | undefined, timeZone: string): TreeNode[] {
  if (!stats?.sources.length) return [];
  const nodes: TreeNode[] = [{
    label: 'Session', description: `${fmt(stats.events)} events · ${formatBytes(stats.sizeBytes)}`, icon: 'database', expanded: true,
    children: () => stats.sources.map((s) => sourceNode(s, timeZone)),
  }];
  const book = stats.addressBook ?? [];
  const conflicts = stats.addressConflicts ?? [];
  if (book.length || conflicts.length) {
    const hosts = [...new Set(book.map((c) => c.host))].sort();
    nodes.push({
      label: 'Address book', description: `${hosts.length} host(s) · ${book.length} address claim(s) · ${conflicts.length} conflict(s)`, icon: 'globe',
      children: () => [
        ...hosts.map((host): TreeNode => {
          const claims = book.filter((c) => c.host === host);
          return { label: host || NO_HOST, description: `${claims.length} address(es)`, icon: 'vm', children: () => claims.map((c) => claimNode(c, timeZone)) };
        }),
        ...(conflicts.length ? [{ label: 'Conflicts kept apart', description: `${conflicts.length}`, ...WARNING, children: () => conflicts.map((c) => ({ label: c.address, description: c.message, tooltip: `${c.kind}: ${c.message}`, ...WARNING })) }] : []),
      ],
    });
  }
  return nodes;
}

function sourceNode(s: SourceReport, zone: string): TreeNode {
  const [file, ...members] = s.source.split('!');
  const problems = s.rejected > 0 || s.warnings.length > 0 || s.format === 'unknown';
  const format = `${s.format}${s.dialect ? ` (${s.dialect})` : ''}`;
  const details: TreeNode[] = [
    { label: 'Format', description: format },
    { label: 'Events', description: fmt(s.events) },
    { label: 'Time span', description: formatSpan(s.start, s.end, zone) },
    { label: 'Hosts', description: s.hosts.length ? s.hosts.join(', ') : 'none' },
  ].map((d) => ({ ...d, tooltip: `${d.label}: ${d.description}` }));
  if (s.rejected) {
    const where = (r: SourceReport['rejections'][number]) => (r.line !== undefined ? `line ${r.line}` : r.offset !== undefined ? `offset ${r.offset}` : '');
    details.push({ label: `${fmt(s.rejected)} record(s) rejected`, description: s.rejections[0]?.reason, tooltip: s.rejections.map((r) => `${where(r)}: ${r.reason}`).join('\n'), ...WARNING });
  }
  for (const w of s.warnings) details.push({ label: w, tooltip: w, ...WARNING });
  if (s.format === 'unknown') details.push({ label: 'Format not recognised: nothing was loaded from this source', ...WARNING });
  return {
    label: baseName(file!) + (members.length ? ` › ${members[members.length - 1]}` : ''), description: `${format} · ${fmt(s.events)} events`, tooltip: s.source,
    icon: problems ? 'warning' : 'file', warning: problems, children: () => details,
  };
}

/** One claim: the address, when it held, and where it was learned and from what (or pinned). */
function claimNode(c: AddressClaim, zone: string): TreeNode {
  const when = `${c.from === null ? '…' : formatTime(c.from, zone)} → ${c.to === null ? '…' : formatTime(c.to, zone)}`;
  const scope = c.capture === null ? 'inventory (everywhere)' : `${baseName(c.capture)} · ${c.evidence}`;
  return { label: c.address, description: `${when} · ${scope}`, tooltip: `${c.host} ${c.address}\n${when}\n${c.capture ?? 'pinned by the inventory'}\n${c.evidence}, ${fmt(c.events)} record(s)`, icon: 'plug' };
}

function baseName(file: string): string {
  return file.split(/[\\/]/).pop() ?? file;
}
