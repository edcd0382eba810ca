// Lane layout: one band per host (hosts ordered by first event), and inside a host one lane
// per process, ordered by lineage (a child right below its parent, indented), where the
// store knows the events' processes; events with no known process share the host's lane.
// The host's Sigma detections, when the timeline has any, get a lane of their own below.

import type { ChainEvent, SigmaMark, SigmaRuleRef } from '../../../src/protocol/webview';
import type { ProcessRef, TimelineChain } from '../../../src/protocol/webview';

export interface Lane {
  readonly key: string;
  readonly host: string;
  /** What the lane header says: the host, or the process name under it. */
  readonly label: string;
  /** 0 for the host lane, 1 + lineage depth for process lanes. */
  readonly depth: number;
  readonly index: number;
}

/** One marker: an event as it appears in one chain's step, or a Sigma detection. */
export interface Placement {
  readonly event: ChainEvent;
  /** -1 for a Sigma detection, which belongs to no chain. */
  readonly chainIndex: number;
  /** SIGMA_STEP for a Sigma detection. */
  readonly stepIndex: number;
  readonly lane: number;
  /** The Sigma rules that detected the event (Sigma detections only). */
  readonly sigma?: readonly SigmaRuleRef[];
}

/** The step index of a Sigma detection's marker: its own glyph and color, no step's. */
export const SIGMA_STEP = -1;

/** What detected an event: "Sigma high: <rule title>; <rule title>". */
export function detectionText(rules: readonly SigmaRuleRef[]): string {
  return `Sigma ${rules[0]?.level ?? ''}: ${rules.map((r) => r.title).join('; ')}`;
}

/** What a marker's label and tooltip say: the event's summary; for a detection, its rules first. */
export function placementText(p: Placement): string {
  return p.sigma ? `${detectionText(p.sigma)} · ${p.event.summary}` : p.event.summary;
}

export interface LaneLayout {
  readonly lanes: readonly Lane[];
  readonly placements: readonly Placement[];
}

const NO_HOST = '(no host)';

export function layoutLanes(chains: readonly TimelineChain[], sigma: readonly SigmaMark[] = []): LaneLayout {
  const hosts = new Map<string, { first: number; processes: Map<string, ProcessInfo>; hasLoose: boolean }>();
  const visit = (host: string, ts: number) => {
    let h = hosts.get(host);
    if (!h) hosts.set(host, (h = { first: ts, processes: new Map(), hasLoose: false }));
    h.first = Math.min(h.first, ts);
    return h;
  };
  chains.forEach((tc) => eventsOf(tc, (event, process) => {
    const h = visit(event.host ?? NO_HOST, event.ts);
    if (!process) { h.hasLoose = true; return; }
    const p = h.processes.get(process.guid);
    if (p) p.first = Math.min(p.first, event.ts);
    else h.processes.set(process.guid, { ref: process, first: event.ts });
  }));
  const sigmaHosts = new Set(sigma.map((m) => { visit(m.event.host ?? NO_HOST, m.event.ts); return m.event.host ?? NO_HOST; }));

  const lanes: Lane[] = [];
  const laneOf = new Map<string, number>();
  const add = (key: string, host: string, label: string, depth: number) => {
    laneOf.set(key, lanes.length);
    lanes.push({ key, host, label, depth, index: lanes.length });
  };
  for (const [host, h] of [...hosts].sort((a, b) => a[1].first - b[1].first || a[0].localeCompare(b[0]))) {
    add(host, host, host, 0);
    for (const { info, depth } of lineageOrder(h.processes)) {
      add(`${host}\u0000${info.ref.guid}`, host, info.ref.name ?? info.ref.guid, depth + 1);
    }
    if (sigmaHosts.has(host)) add(`${host}\u0000sigma`, host, 'Sigma detections', 1);
  }

  const placements: Placement[] = [];
  chains.forEach((tc, chainIndex) => {
    tc.chain.steps.forEach((step, stepIndex) => {
      for (const event of step.events) {
        const host = event.host ?? NO_HOST;
        const process = event.process;
        const lane = (process && laneOf.get(`${host}\u0000${process.guid}`)) ?? laneOf.get(host)!;
        placements.push({ event, chainIndex, stepIndex, lane });
      }
    });
  });
  for (const m of sigma) placements.push({ event: m.event, chainIndex: -1, stepIndex: SIGMA_STEP, lane: laneOf.get(`${m.event.host ?? NO_HOST}\u0000sigma`)!, sigma: m.rules });
  return { lanes, placements };
}

interface ProcessInfo {
  readonly ref: ProcessRef;
  first: number;
}

/** Depth-first over the process tree, siblings by first event; cycles in bad data are cut. */
function lineageOrder(processes: Map<string, ProcessInfo>): { info: ProcessInfo; depth: number }[] {
  const children = new Map<string | null, ProcessInfo[]>();
  for (const info of processes.values()) {
    const parent = info.ref.parentGuid && processes.has(info.ref.parentGuid) && info.ref.parentGuid !== info.ref.guid ? info.ref.parentGuid : null;
    const list = children.get(parent) ?? [];
    list.push(info);
    children.set(parent, list);
  }
  const out: { info: ProcessInfo; depth: number }[] = [];
  const seen = new Set<string>();
  const walk = (parent: string | null, depth: number) => {
    for (const info of (children.get(parent) ?? []).sort((a, b) => a.first - b.first)) {
      if (seen.has(info.ref.guid)) continue;
      seen.add(info.ref.guid);
      out.push({ info, depth });
      walk(info.ref.guid, depth + 1);
    }
  };
  walk(null, 0);
  // Processes only reachable through a cycle still get a lane.
  for (const info of processes.values()) if (!seen.has(info.ref.guid)) { seen.add(info.ref.guid); out.push({ info, depth: 0 }); }
  return out;
}

function eventsOf(tc: TimelineChain, onEvent: (event: ChainEvent, process: ProcessRef | undefined) => void): void {
  for (const step of tc.chain.steps) for (const event of step.events) onEvent(event, event.process);
}
