// The timeline webview's protocol: every message between the extension host and the
// webview, declared once and shared by `webview/` and `src/views/timeline/`.
// Order: the webview posts `ready`; the host answers with `init` and then the chains in
// pages (`chains`, never all at once); the webview's requests carry an id, and the host
// answers each with exactly one `reply` bearing that id.
// Everything here is structured-cloneable plain data; log text inside it is attacker-controlled.

import type { Chain, ChainEvent } from '../core/types/chain';
import type { EventDetails, SigmaMark } from '../core/types/session';

// The webview imports nothing but this module: the core's chain types and the one gap
// format it shares with the reports come through here.
export type { Chain, ChainEvent, ChainStep, ChainStory, EventSource, ProcessRef, Severity } from '../core/types/chain';
export type { EventDetails, SigmaMark, SigmaRuleRef } from '../core/types/session';
export { formatGap } from '../core/format/units';

/** Chains are sent in pages of at most this many, so a 10,000-chain set never travels whole. */
export const CHAIN_PAGE_SIZE = 500;

/**
 * A chain as the timeline shows it: a stable id (for restored state) and the steps' notes. The
 * chain carries its events' processes (lineage lanes) and its story, attached by the session.
 */
export interface TimelineChain {
  readonly id: string;
  readonly chain: Chain;
  /** Per step, the explanation from the analytic's comments (trainer mode), where known. */
  readonly stepNotes?: readonly (string | null)[];
}

/** Filters and view, persisted with `setState` so a restored panel looks as it was left. */
export interface TimelineFilters {
  readonly analytics: readonly string[];
  readonly hosts: readonly string[];
  readonly severities: readonly string[];
  /** Epoch ms, inclusive; null is unbounded. */
  readonly from: number | null;
  readonly to: number | null;
  readonly text: string;
}

export const NO_FILTERS: TimelineFilters = { analytics: [], hosts: [], severities: [], from: null, to: null, text: '' };

export interface TimelineViewState {
  readonly filters: TimelineFilters;
  /** Visible time window in epoch ms, null to fit the shown chains. */
  readonly zoom: { readonly start: number; readonly end: number } | null;
  readonly selectedChainIds: readonly string[];
  readonly selectedEventId: number | null;
  /** Show every chain that passes the filters, not only the selected ones. */
  readonly showAll: boolean;
}

/** What the webview saves with `setState`; VS Code hands it to the serializer on restore. */
export interface TimelineWebviewState {
  readonly panelKey: string;
  readonly view: TimelineViewState;
}

// ---- host -> webview notifications -------------------------------------------------

export interface InitMessage {
  readonly type: 'init';
  /** Names the panel's saved chains; the webview keeps it in its state for the serializer. */
  readonly panelKey: string;
  readonly title: string;
  /** Time zone for labels: 'UTC', 'local' or an IANA zone name (setting `huntbench.timeZone`). */
  readonly timeZone: string;
  /** Total chains that will arrive in `chains` pages. */
  readonly total: number;
  /** The view to start from when the webview has no saved state of its own. */
  readonly view: TimelineViewState | null;
  /** Shown instead of a timeline when there is nothing to show (e.g. chains no longer loaded). */
  readonly notice: string | null;
  /** Sigma detections drawn beside the chains, in a lane of their own per host (none: empty). */
  readonly sigma: readonly SigmaMark[];
}

export interface ChainsPageMessage {
  readonly type: 'chains';
  /** Index of the first chain of this page in the whole set. */
  readonly from: number;
  readonly chains: readonly TimelineChain[];
  readonly last: boolean;
}

export type ReplyMessage =
  | { readonly type: 'reply'; readonly id: number; readonly ok: true; readonly result: unknown }
  | { readonly type: 'reply'; readonly id: number; readonly ok: false; readonly error: string };

export type HostToWebview = InitMessage | ChainsPageMessage | ReplyMessage;

// ---- webview -> host requests --------------------------------------------------------


export type ExportKind = 'svg' | 'png' | 'markdown';

/** Each request method with its parameters and its reply's result. */
export interface TimelineRequests {
  details: { params: { eventId: number }; result: EventDetails };
  neighbours: { params: { eventId: number; seconds: number }; result: readonly ChainEvent[] };
  openRaw: { params: { eventId: number }; result: null };
  /** `data` is the SVG text or a PNG data URL; for markdown, the chains are named by id. */
  export: { params: { kind: ExportKind; data: string; chainIds: readonly string[] }; result: { message: string } };
  copy: { params: { text: string }; result: null };
  /** Trainer presentation: the host hides the workbench chrome (zen mode) while on. */
  present: { params: { on: boolean }; result: null };
}

export type ParamsOf<M extends TimelineMethod> = TimelineRequests[M]['params'];
export type ResultOf<M extends TimelineMethod> = TimelineRequests[M]['result'];

export type TimelineMethod = keyof TimelineRequests;

export type RequestMessage = {
  [M in TimelineMethod]: { readonly type: 'request'; readonly id: number; readonly method: M; readonly params: TimelineRequests[M]['params'] };
}[TimelineMethod];

export type WebviewToHost = { readonly type: 'ready' } | RequestMessage;

/** A stable id for a chain: the same chain gets the same id in a later run over the same logs. */
export function chainId(chain: Chain): string {
  const first = chain.steps.find((s) => s.events.length > 0)?.events[0];
  return `${chain.analytic}:${chain.start}:${first ? first.id : 'none'}`;
}
