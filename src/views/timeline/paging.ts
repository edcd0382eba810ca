// Splitting a chain set into the pages the panel posts, so a 10,000-chain set never travels
// as one message. No vscode import: unit-tested in node.

import { CHAIN_PAGE_SIZE, type ChainsPageMessage, type TimelineChain } from '../../protocol/webview';

export function chainPages(chains: readonly TimelineChain[], pageSize = CHAIN_PAGE_SIZE): ChainsPageMessage[] {
  const pages: ChainsPageMessage[] = [];
  for (let from = 0; from < chains.length; from += pageSize) {
    pages.push({ type: 'chains', from, chains: chains.slice(from, from + pageSize), last: from + pageSize >= chains.length });
  }
  return pages;
}
