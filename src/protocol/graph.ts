// The estate graph webview's protocol: the webview posts `ready`, the host answers with the
// graph; a click on an arrow or a node asks the host to open that edge's or node's chains as a
// timeline. Plain structured-cloneable data; host names and addresses in it come from logs.

import type { EstateGraph } from '../core/format/estate';

export type { EstateGraph, EstateEdge, EstateNode } from '../core/format/estate';

/** What the graph shows of each chain: enough for labels, the rest stays with the host. */
export interface GraphChain {
  readonly analytic: string;
  readonly severity: string;
  readonly start: number;
}

export interface GraphMessage {
  readonly type: 'graph';
  readonly title: string;
  /** 'UTC', 'local' or an IANA zone name (setting `huntbench.timeZone`). */
  readonly timeZone: string;
  readonly graph: EstateGraph;
  readonly chains: readonly GraphChain[];
}

export type HostToGraph = GraphMessage;

export type GraphToHost =
  | { readonly type: 'ready' }
  /** Open the chains of one arrow (indexes into `chains`) as a timeline. */
  | { readonly type: 'openChains'; readonly chains: readonly number[] };
