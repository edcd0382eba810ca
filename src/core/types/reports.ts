// What the engine reports to its callers (the CLI and the VS Code worker protocol).
// Plain data, structured-cloneable, shared by every front end.

import type { FormatName, Rejection } from './records';

export interface LoadProgress {
  readonly source: string;
  readonly events: number;
  readonly bytesRead: number;
  readonly eventsPerSecond: number;
}

export interface SourceReport {
  /** Display name: path, with `!member` for archive members. */
  readonly source: string;
  readonly sourceId: number | null;
  readonly format: FormatName | 'unknown';
  readonly dialect: string | null;
  readonly events: number;
  readonly rejected: number;
  /** The first few rejections, with line or offset and reason. */
  readonly rejections: readonly Rejection[];
  readonly warnings: readonly string[];
  /** Time span in epoch ms UTC, null when no event had a time. */
  readonly start: number | null;
  readonly end: number | null;
  readonly hosts: readonly string[];
  readonly byChannel: Readonly<Record<string, number>>;
  readonly byEventId: Readonly<Record<string, number>>;
}

export interface LoadReport {
  readonly sources: readonly SourceReport[];
  readonly events: number;
  readonly millis: number;
  /**
   * Of `millis`, the post-load pass (address book, attribution, de-duplication) at the end; not
   * the rows it noted as they were stored (timing that took two clock reads per event, ~0.1 s per
   * million, half as much as the noting itself).
   */
  readonly fixUpMillis?: number;
  /** What the address book learned and attributed, and the conflicts it kept apart. */
  readonly hosts?: HostsReport;
  /** Process starts that name their creator only by id (4688 before Windows 10), when the load stored one: how many were given the creator's image (ingest/creators.ts). */
  readonly creators?: CreatorsReport;
  /** The inventory file the load read, if any: how many pins it gave and the lines it could not use. */
  readonly inventory?: InventoryReport;
  /** True when loading stopped early (cancelled, or the memory budget was reached). */
  readonly stopped: boolean;
  readonly stopReason?: string;
}

export interface CreatorsReport {
  /** Starts in the store, on the hosts the pass read, that name no parent image but a creator's id. */
  readonly byIdOnly: number;
  /** Of them, those given the image of the creator's own start this time. */
  readonly named: number;
}

export interface InventoryReport {
  readonly file: string;
  readonly pins: number;
  readonly problems: readonly string[];
}

export type ConflictKind = 'shared' | 'kept_apart' | 'peer_elsewhere' | 'overruled';

/** Two sources of truth that disagree about an address, and what the loader did about it. */
export interface AddressConflict {
  readonly kind: ConflictKind;
  readonly address: string;
  readonly hosts: readonly string[];
  readonly captures: readonly string[];
  /** One line for the load report. */
  readonly message: string;
}

/** One entry of the address book (src/core/hosts/addressBook.ts). */
export type ClaimEvidence = 'sysmon_initiated' | 'wfp_outbound' | 'wfp_listen' | 'service_port' | 'dhcp_lease' | 'logon_workstation' | 'dns_answer' | 'inventory';

export interface AddressClaim {
  readonly host: string;
  readonly address: string;
  /** The capture (file path) the claim was learned in; null for inventory pins, which hold everywhere. */
  readonly capture: string | null;
  /** Epoch ms, inclusive, before widening; null = unbounded. */
  readonly from: number | null;
  readonly to: number | null;
  readonly evidence: ClaimEvidence;
  /** Records that showed it (0 for pins). */
  readonly events: number;
}

/** What the load's address book did (src/core/hosts). */
export interface HostsReport {
  /** Claims learned by this load (the whole book is the `host_addresses` table). */
  readonly learned: number;
  /** Rows that named no host and were attributed to one. */
  readonly attributed: number;
  readonly conflicts: readonly AddressConflict[];
  /** One connection, one observation: records grouped, and the clock skews estimated on the way. */
  readonly observations?: ObservationReport;
}

/** The estimated clock difference between two logs of one host, from connections both recorded. */
export interface ClockSkew {
  readonly host: string;
  /** Each log: source display name and provider. */
  readonly a: string;
  readonly b: string;
  /** Median of (time in b − time in a) over the shared connections, ms. */
  readonly skewMs: number;
  /** Connections both logs recorded. */
  readonly pairs: number;
}

export interface ObservationReport {
  /** Connections recorded by more than one record (in the sample, when sampled). */
  readonly observations: number;
  /** Records in them. */
  readonly records: number;
  /** 1 when every connection was looked at; N when about one in N was (large loads). */
  readonly sampledEvery: number;
  readonly skews: readonly ClockSkew[];
}
