// A chain: events that together satisfy an analytic, as the matcher reports it.
// This shape is the CLI's `run --json` output (docs/cli.md), the payload of the Chains view
// and of the timeline webview. Times are epoch ms here; the CLI prints ISO 8601 UTC.

export interface EventSource {
  /** Source display name: the file path, with `!member` for archive members. */
  readonly file: string;
  readonly line?: number;
  readonly offset?: number;
}

/** Process facts of an event, when the store knows them (lanes follow process lineage). */
export interface ProcessRef {
  readonly guid: string;
  readonly parentGuid: string | null;
  readonly name: string | null;
}

export interface ChainEvent {
  /** Row id in the session's store (for raw lookup and neighbours). */
  readonly id: number;
  readonly ts: number;
  readonly host: string | null;
  readonly channel: string | null;
  readonly provider: string | null;
  readonly event_id: number | null;
  readonly record_id: number | null;
  /** One line saying what happened, for lists and timeline labels. */
  readonly summary: string;
  readonly source: EventSource;
  /**
   * The observation (one connection, whichever logs recorded it) this record belongs to: the id
   * of its first record. The step matched the observation once; every record is listed.
   */
  readonly obs_id?: number;
  /**
   * `ts` on the clock of the observation's first record, when the loader estimated a skew
   * between the two logs (`ts` stays the time as logged).
   */
  readonly corrected_ts?: number;
  /** The event's process, for lineage lanes; absent when the row names no process. */
  readonly process?: ProcessRef;
}

export interface ChainStep {
  readonly name: string;
  /** True when the step matched no event (optional steps, or an absence that held). */
  readonly missing: boolean;
  readonly events: readonly ChainEvent[];
  /** For a step written `any of { ... }`: the name of the alternative that fired. */
  readonly alternative?: string;
}

export type Severity = 'informational' | 'low' | 'medium' | 'high' | 'critical';

/** A chain told in an analyst's words (format/story.ts), attached when the chain is built. */
export interface ChainStory {
  /** Per step: one sentence, or null when the step has no event. */
  readonly sentences: readonly (string | null)[];
  /** Per step: what it carries over from earlier steps (empty for the first). */
  readonly carried: readonly (readonly string[])[];
}

export interface Chain {
  readonly analytic: string;
  readonly title: string;
  readonly severity: Severity;
  /** Join key values (e.g. { host: "WORKSTATION6" }). */
  readonly key: Readonly<Record<string, string | number | null>>;
  readonly start: number;
  readonly end: number;
  readonly steps: readonly ChainStep[];
  /** One sentence per step and the values each step carries over, from the events' columns. */
  readonly story?: ChainStory;
}
