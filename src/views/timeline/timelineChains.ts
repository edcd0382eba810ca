// Chains as the timeline receives them: a stable id each and their steps' explanations where
// the services know them (lineage and story travel inside the chain, attached by the session),
// posted in pages so a 10,000-chain set never travels as one message. No engine request, no
// vscode import: unit-tested in node.

import type { Chain } from '../../core/types/chain';
import { CHAIN_PAGE_SIZE, chainId, type ChainsPageMessage, type TimelineChain } from '../../protocol/webview';
import type { TimelineServices } from '../timelineServices';

export async function toTimelineChains(chains: readonly Chain[], services: Pick<TimelineServices, 'stepNotes'>): Promise<TimelineChain[]> {
  return Promise.all(chains.map(async (chain) => {
    // Step notes are a nicety: a failed lookup leaves the chain drawable.
    const stepNotes = await services.stepNotes?.(chain).catch(() => undefined);
    return { id: chainId(chain), chain, ...(stepNotes ? { stepNotes } : {}) };
  }));
}

export function chainPages(chains: readonly TimelineChain[], pageSize = CHAIN_PAGE_SIZE): ChainsPageMessage[] {
  const pages: ChainsPageMessage[] = [];
  for (let from = 0; from < chains.length; from += pageSize) {
    pages.push({ type: 'chains', from, chains: chains.slice(from, from + pageSize), last: from + pageSize >= chains.length });
  }
  return pages;
}
