// The Sigma Detections view as data: level → rule (or correlation) → host → event, from the
// last Sigma run over the session. An event opens its raw record; a rule node names its file
// (open rule); a host or event node names its host (show on the timeline beside the chains).

import type { SigmaDetection, SigmaDetectionEvent, SigmaReport } from '../types/session';
import { formatTime } from './time';
import { LEVEL_ICON, NO_HOST, type TreeNode } from './tree';

export function detectionTree(report: SigmaReport | undefined, o: { readonly limit: number; readonly timeZone: string }): TreeNode[] {
  if (!report) return [];
  return [...new Set(report.detections.map((d) => d.level))].map((level) => {
    const rules = report.detections.filter((d) => d.level === level);
    return { label: level, description: `${rules.length} rule(s)`, icon: LEVEL_ICON[level] ?? 'circle-outline', expanded: true, children: () => rules.map((d) => ruleNode(d, o)) };
  });
}

function ruleNode(d: SigmaDetection, o: { readonly limit: number; readonly timeZone: string }): TreeNode {
  return {
    label: d.title, description: `${d.events.length} event(s)${d.kind === 'correlation' ? ', correlation' : ''}`, tooltip: `${d.id}\n${d.file}`,
    contextValue: 'sigmaRule', file: d.file, icon: d.kind === 'correlation' ? 'references' : 'shield',
    children: () => [...new Set(d.events.map((e) => e.host ?? NO_HOST))].sort().map((label) => {
      const host = label === NO_HOST ? null : label;
      const events = d.events.filter((e) => e.host === host);
      return { label, description: `${events.length} event(s)`, icon: 'server', contextValue: 'sigmaHost', host, children: () => eventNodes(events, o) };
    }),
  };
}

function eventNodes(events: readonly SigmaDetectionEvent[], o: { readonly limit: number; readonly timeZone: string }): TreeNode[] {
  const nodes: TreeNode[] = events.slice(0, o.limit).map((e) => ({
    label: e.ts === null ? '(no time)' : formatTime(e.ts, o.timeZone), description: `event ${e.id}`,
    contextValue: 'sigmaEvent', eventId: e.id, host: e.host, command: { id: 'huntbench.showRawEvent', args: [e.id] },
  }));
  if (events.length > o.limit) nodes.push({ label: `${events.length - o.limit} more (huntbench.maxChainsShown)` });
  return nodes;
}

/** The hosts with detections (null for events without one), for picking a timeline. */
export function detectionHosts(report: SigmaReport | undefined): (string | null)[] {
  return [...new Set(report?.detections.flatMap((d) => d.events.map((e) => e.host)) ?? [])].sort((a, b) => (a ?? '').localeCompare(b ?? ''));
}
