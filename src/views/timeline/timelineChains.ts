// Chains as the timeline receives them: a stable id each, the processes of their events (for
// lineage lanes) and their story, both attached when the session built the chains, and their
// steps' explanations where the services know them. No engine request. No vscode import:
// unit-tested in node.

import type { Chain, ProcessRef } from '../../core/types/chain';
import { chainId, type TimelineChain } from '../../protocol/webview';
import type { TimelineServices } from './services';

export async function toTimelineChains(chains: readonly Chain[], services: Pick<TimelineServices, 'stepNotes'>): Promise<TimelineChain[]> {
  return Promise.all(chains.map(async (chain) => {
    const processes: Record<number, ProcessRef> = {};
    for (const step of chain.steps) for (const e of step.events) if (e.process) processes[e.id] = e.process;
    // Step notes are a nicety: a failed lookup leaves the chain drawable.
    const stepNotes = services.stepNotes ? await services.stepNotes(chain).catch(() => undefined) : undefined;
    return { id: chainId(chain), chain, processes, ...(stepNotes ? { stepNotes } : {}), ...(chain.story ? { story: chain.story } : {}) };
  }));
}
