// Chains as the timeline receives them: a stable id each, the processes of their events
// (for lineage lanes) and their steps' explanations, from whatever the services can tell.
// No vscode import: unit-tested in node.

import type { Chain } from '../../core/types/chain';
import { chainId, type ProcessRef, type TimelineChain } from '../../protocol/webview';
import type { TimelineServices } from './services';
import { processRefFromFields } from './lineage';

/** Beyond this many events, lineage is only drawn when the services can look processes up in bulk. */
const LINEAGE_LOOKUPS = 400;

/** Chains as the timeline shows them, with lineage and step notes where the services know them. */
export async function toTimelineChains(chains: readonly Chain[], services: TimelineServices): Promise<TimelineChain[]> {
  const ids = [...new Set(chains.flatMap((c) => c.steps.flatMap((s) => s.events.map((e) => e.id))))];
  const processes = await processesOf(ids, services);
  return Promise.all(chains.map(async (chain) => {
    const own: Record<number, ProcessRef> = {};
    for (const step of chain.steps) for (const e of step.events) if (processes[e.id]) own[e.id] = processes[e.id];
    const stepNotes = services.stepNotes ? await services.stepNotes(chain).catch(() => undefined) : undefined;
    return { id: chainId(chain), chain, processes: own, ...(stepNotes ? { stepNotes } : {}) };
  }));
}

/** Lineage is a nicety: a failed lookup leaves the events in their host lane. */
async function processesOf(ids: readonly number[], services: TimelineServices): Promise<Readonly<Record<number, ProcessRef>>> {
  if (!ids.length) return {};
  if (services.processes) return services.processes(ids).catch(() => ({}));
  if (ids.length > LINEAGE_LOOKUPS) return {};
  const out: Record<number, ProcessRef> = {};
  await Promise.all(ids.map(async (id) => {
    const ref = await services.fields(id).then(processRefFromFields, () => undefined);
    if (ref) out[id] = ref;
  }));
  return out;
}
