// What the hunt session (core/session) answers: plain, structured-cloneable data shared by
// the CLI, the engine worker's protocol (src/protocol/worker.ts) and the editor.

import type { Diagnostic, Span } from './diagnostic';
import type { Chain, ChainEvent, EventSource } from './chain';
import type { AddressClaim, AddressConflict, SourceReport } from './reports';
import type { SqlValue } from './store';

/** A `.hunt` document as the host sees it (unsaved edits included). */
/** Lists from outside a `.hunt` file by list name (the editor's workspace list files). */
export type Lists = Readonly<Record<string, readonly string[]>>;

/** "Why not" on one host: `host` null asks where the analytic got furthest; `others`' chains are what happened instead. */
export interface WhyNotRequest {
  readonly host: string | null;
  readonly others: readonly AnalyticDocument[];
}

export interface AnalyticDocument {
  /** Document URI or path, used to label diagnostics and chains. */
  readonly uri: string;
  readonly text: string;
}

export interface QueryResult {
  readonly columns: readonly string[];
  readonly rows: readonly (readonly SqlValue[])[];
  /** True when more rows matched than `limit`. */
  readonly truncated: boolean;
  /** Why the rows stop early when a budget (not `limit`) stopped them (session/queryBudget.ts). */
  readonly stopReason?: string;
}

export interface RawEvent {
  readonly id: number;
  readonly source: EventSource;
  /** The raw record text (JSON line, CSV row, XML element); null when it cannot be recovered. */
  readonly text: string | null;
  /** Set for plain files: the editor can open the file itself at `source.line`. */
  readonly plainFile: boolean;
  readonly error?: string;
}

/** Per-analytic outcome of a run: its chains, or why it could not run. */
export interface AnalyticRun {
  readonly uri: string;
  readonly analytic: string;
  readonly chains: readonly Chain[];
  readonly millis: number;
  readonly diagnostics: readonly Diagnostic[];
  /** Why this analytic's run stopped early (time budget, cancel). */
  readonly stopReason?: string;
}

export interface SessionStats {
  readonly events: number;
  readonly sizeBytes: number;
  readonly budgetBytes: number;
  readonly sources: readonly SourceReport[];
  /** Who owned which address, when, per capture or pinned (the session's `addressBook()`). */
  readonly addressBook?: readonly AddressClaim[];
  /** The address conflicts every load so far kept apart. */
  readonly addressConflicts?: readonly AddressConflict[];
}

/** Step-by-step account of one analytic over the loaded data (the near-miss view). */
export interface StepExplanation {
  readonly step: string;
  /** Events matching the step's selection alone (before joins, windows and references). */
  readonly candidates: number;
  /** Partial chains that get through this step: chains of the analytic cut after it. */
  readonly reached: number;
}

export interface Explanation {
  readonly analytic: string;
  readonly steps: readonly StepExplanation[];
  readonly chains: number;
  /** Anchors whose search was cut off at the engine's search budget. */
  readonly truncated: number;
  readonly millis: number;
  readonly warnings: readonly string[];
  readonly diagnostics: readonly Diagnostic[];
  /** "Why not" on one host (src/core/match/explain.ts), when asked for: the sentence and the detail. */
  readonly whyNot?: { readonly host: string | null; readonly sentence: string; readonly text: string };
}


/** One inline test (`test "..." expect N [...]`) run in a fresh store. */
export interface TestResult {
  readonly analytic: string;
  readonly name: string;
  readonly expected: number;
  readonly actual: number;
  readonly passed: boolean;
  /** Why the test could not run (bad events file), when it could not. */
  readonly error?: string;
  readonly chains: readonly Chain[];
  readonly span: Span;
}

/** One observed value of a field and how many loaded events carry it. */
export interface ValueCount {
  readonly value: string | number | null;
  readonly count: number;
}

/** What a run of compiled analytics over a store found (match/run.ts), for the CLI. */
export interface AnalyticStats {
  readonly analytic: string;
  /** Occurrences found per step (after SQL and JS filtering). */
  readonly candidates: Readonly<Record<string, number>>;
  readonly chains: number;
  /** Anchors whose search was cut off at the search budget (chains may be missing). */
  readonly truncated: number;
  readonly millis: number;
}

export interface RunStats {
  readonly events: number;
  readonly chains: number;
  readonly millis: number;
  readonly analytics: readonly AnalyticStats[];
  readonly warnings: readonly string[];
  /** Why the run stopped before its end (time budget, cancel); the chains are those found before. */
  readonly stopReason?: string;
}

export interface RunResult {
  readonly chains: Chain[];
  readonly stats: RunStats;
}

/** One event as the timeline's details show it: its normalized columns and its raw record. */
export interface EventRecord {
  readonly fields: Readonly<Record<string, SqlValue>>;
  readonly raw: RawEvent;
}

/** One event a Sigma rule (or correlation) matched, with what the detections view groups by. */
export interface SigmaDetectionEvent {
  readonly id: number;
  readonly host: string | null;
  readonly ts: number | null;
}

/** A Sigma rule or correlation that matched, and its events (ascending ids). */
export interface SigmaDetection {
  readonly id: string;
  readonly title: string;
  readonly level: string;
  readonly kind: 'rule' | 'correlation';
  /** The rule file (for "open rule"). */
  readonly file: string;
  readonly events: readonly SigmaDetectionEvent[];
}

/** A run of a Sigma rule pack over the session (the editor's Sigma command). */
export interface SigmaReport {
  /** Rules and correlations that matched, most severe level first. */
  readonly detections: readonly SigmaDetection[];
  /** Rules and correlations that cannot run, with the first reason. */
  readonly unsupported: readonly { readonly id: string; readonly file: string; readonly reason: string }[];
  /** Rules and correlations that ran. */
  readonly ran: number;
  readonly millis: number;
  readonly cancelled: boolean;
}

/** An event as the timeline's details show it: its normalized fields and its raw record text. */
export interface EventDetails {
  readonly fields: Readonly<Record<string, string | number | null>>;
  readonly raw: string;
}

/** A Sigma rule as a detection names it. */
export interface SigmaRuleRef {
  readonly id: string;
  readonly title: string;
  readonly level: string;
}

/** An event the last Sigma run detected, as the timeline shows it beside the chains. */
export interface SigmaMark {
  readonly event: ChainEvent;
  /** Every rule (or correlation) that matched it, most severe first. */
  readonly rules: readonly SigmaRuleRef[];
}

/** Progress of a long run that is not a load: the share done (0..1). */
export interface RunProgress {
  readonly fraction: number;
}
