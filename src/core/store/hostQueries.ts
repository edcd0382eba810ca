// The store side of who is who (src/core/hosts/): the address book (`host_addresses`), the
// clock skews between logs (`clock_skews`), and the write-back of the load's corrected network
// rows. hosts/ decides in JS; every statement it needs is here, so SQL against the event
// tables stays in the store.

import type { AddressClaim, ClaimEvidence } from '../types/reports';
import type { EventStore, SqlValue } from '../types/store';
import type { SqlStore } from './sqlStore';

const ADDRESSES_TABLE = `CREATE TABLE IF NOT EXISTS host_addresses (host TEXT NOT NULL, address TEXT NOT NULL, capture TEXT,
  from_ts INTEGER, to_ts INTEGER, evidence TEXT NOT NULL, events INTEGER NOT NULL)`;

const SKEWS_TABLE = `CREATE TABLE IF NOT EXISTS clock_skews (host TEXT NOT NULL, source_a INTEGER NOT NULL, provider_a TEXT,
  source_b INTEGER NOT NULL, provider_b TEXT, skew_ms INTEGER NOT NULL, pairs INTEGER NOT NULL)`;

function hasTable(store: EventStore, name: string): boolean {
  return store.all("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", [name]).length > 0;
}

/** The address book as stored: learned claims and pins (empty before any load). */
export function readAddressBook(store: EventStore): AddressClaim[] {
  if (!hasTable(store, 'host_addresses')) return [];
  return store.all('SELECT host, address, capture, from_ts, to_ts, evidence, events FROM host_addresses ORDER BY host, address, capture').map((r) => ({
    host: String(r.host),
    address: String(r.address),
    capture: r.capture === null ? null : String(r.capture),
    from: r.from_ts === null ? null : Number(r.from_ts),
    to: r.to_ts === null ? null : Number(r.to_ts),
    evidence: String(r.evidence) as ClaimEvidence,
    events: Number(r.events),
  }));
}

/** Replaces the stored address book with `claims`. */
export function saveAddressBook(store: SqlStore, claims: readonly AddressClaim[]): void {
  store.execute(ADDRESSES_TABLE);
  store.execute('DELETE FROM host_addresses');
  store.executeMany('INSERT INTO host_addresses (host, address, capture, from_ts, to_ts, evidence, events) VALUES (?, ?, ?, ?, ?, ?, ?)',
    claims.map((c) => [c.host, c.address, c.capture, c.from, c.to, c.evidence, c.events]));
}

/** One estimated skew between two logs (source id + provider) of a host, as stored. */
export interface StoredSkew {
  readonly host: string;
  readonly sourceA: number;
  readonly providerA: string;
  readonly sourceB: number;
  readonly providerB: string;
  readonly skewMs: number;
  readonly pairs: number;
}

/** Adds the skews a load estimated. */
export function saveClockSkews(store: SqlStore, skews: readonly StoredSkew[]): void {
  store.execute(SKEWS_TABLE);
  store.executeMany('INSERT INTO clock_skews (host, source_a, provider_a, source_b, provider_b, skew_ms, pairs) VALUES (?, ?, ?, ?, ?, ?, ?)',
    skews.map((s) => [s.host, s.sourceA, s.providerA, s.sourceB, s.providerB, s.skewMs, s.pairs]));
}

/** Every stored skew (none before a load that estimated one). */
export function readClockSkews(store: EventStore): StoredSkew[] {
  if (!hasTable(store, 'clock_skews')) return [];
  return store.all('SELECT host, source_a, provider_a, source_b, provider_b, skew_ms, pairs FROM clock_skews').map((r) => ({
    host: String(r.host), sourceA: Number(r.source_a), providerA: String(r.provider_a), sourceB: Number(r.source_b),
    providerB: String(r.provider_b), skewMs: Number(r.skew_ms), pairs: Number(r.pairs),
  }));
}

/** The columns the who-is-who pass may change in a network row, in the order writeNetworkRows() takes them. */
export const NETWORK_FIX_COLUMNS = ['host', 'direction', 'src_ip', 'src_port', 'dst_ip', 'dst_port', 'src_host', 'dst_host', 'peer_scope'] as const;

/** Writes corrected network rows: each is NETWORK_FIX_COLUMNS' values, then the event id; in id order. */
export function writeNetworkRows(store: SqlStore, rows: readonly (readonly SqlValue[])[]): void {
  store.updateEvents(NETWORK_FIX_COLUMNS, rows);
}
