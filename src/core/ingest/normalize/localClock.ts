// Corrects event times that local-clock dialects (NXLog EventTime, PowerShell TimeCreated)
// give in a zone nobody recorded. Sysmon records in the same source carry both that clock
// and the exact UtcTime, so their difference, rounded to 15 minutes, is the clock's offset.
// The offset is learned per host (falling back to the first one the source showed) and
// subtracted from the local times. Records are held back, in order, until the first sample
// arrives (look-ahead, bounded): no post-load pass is needed and order is kept.

import type { LoadedRecord } from '../../types/records';

const QUARTER_HOUR_MS = 15 * 60_000;
export const DEFAULT_MAX_HELD = 20_000;

export interface ClockInfo {
  readonly localTime: boolean;
  readonly clockSample: number | null;
}

interface Held {
  readonly record: LoadedRecord;
  readonly localTime: boolean;
}

const MAX_HOSTS_NAMED = 5;

/** 4 h behind → `UTC-04:00`. */
function utcOffset(ms: number): string {
  const minutes = Math.abs(ms) / 60_000;
  const pad = (n: number): string => String(n).padStart(2, '0');
  return `UTC${ms < 0 ? '-' : '+'}${pad(Math.floor(minutes / 60))}:${pad(minutes % 60)}`;
}

export function roundOffset(ms: number): number {
  return Math.round(ms / QUARTER_HOUR_MS) * QUARTER_HOUR_MS;
}

export class LocalClock {
  private readonly hostOffsets = new Map<string, number>();
  private sourceOffset: number | null = null;
  private held: Held[] = [];
  private gaveUp = false;
  private corrected = 0;
  private uncorrected = 0;

  /** `describe` names the clock in warnings (e.g. "NXLog EventTime"). */
  constructor(
    private readonly warn: (message: string) => void,
    private readonly describe: () => string,
    private readonly maxHeld = DEFAULT_MAX_HELD,
  ) {}

  /** Offsets learned so far, by host (ms, local minus UTC). */
  offsets(): ReadonlyMap<string, number> {
    return this.hostOffsets;
  }

  /** Takes one record; returns the records now ready, in source order. */
  push(record: LoadedRecord, clock: ClockInfo): LoadedRecord[] {
    if (clock.clockSample !== null) this.learn(record, clock.clockSample);
    if (this.held.length > 0 || (clock.localTime && this.offsetFor(record) === null && !this.gaveUp)) {
      this.held.push({ record, localTime: clock.localTime });
      if (this.sourceOffset !== null) return this.release();
      if (this.held.length >= this.maxHeld) return this.giveUp();
      return [];
    }
    if (clock.localTime) this.correct(record);
    return [record];
  }

  /** Releases what is still held at the end of the source; says what was corrected and what could not be. */
  finish(): LoadedRecord[] {
    const rest = this.held.length > 0 ? this.giveUp() : [];
    if (this.corrected > 0) {
      this.warn(`${this.describe()} is a local time of an unrecorded zone; ${this.corrected} event time(s) were moved to UTC by the offset Sysmon's UtcTime shows (${this.offsetsShown()})`);
    }
    if (this.uncorrected > 0) {
      this.warn(`${this.describe()} is a local time of an unrecorded zone; ${this.uncorrected} event(s) had no Sysmon UtcTime to learn the offset from and were taken as UTC`);
    }
    return rest;
  }

  /** `A UTC-04:00, B UTC+02:00` by host; the source's one offset when its events name no host (Event Viewer CSV). */
  private offsetsShown(): string {
    if (this.hostOffsets.size === 0) return utcOffset(this.sourceOffset ?? 0);
    const shown = [...this.hostOffsets].slice(0, MAX_HOSTS_NAMED).map(([host, offset]) => `${host} ${utcOffset(offset)}`);
    const more = this.hostOffsets.size > MAX_HOSTS_NAMED ? `, and ${this.hostOffsets.size - MAX_HOSTS_NAMED} more` : '';
    return shown.join(', ') + more;
  }

  private learn(record: LoadedRecord, sample: number): void {
    const offset = roundOffset(sample);
    const host = record.event.host;
    if (typeof host === 'string' && !this.hostOffsets.has(host)) this.hostOffsets.set(host, offset);
    this.sourceOffset ??= offset;
  }

  private offsetFor(record: LoadedRecord): number | null {
    const host = record.event.host;
    return (typeof host === 'string' ? this.hostOffsets.get(host) : undefined) ?? this.sourceOffset;
  }

  private correct(record: LoadedRecord): void {
    const offset = this.offsetFor(record);
    if (offset === null) {
      this.uncorrected++;
      return;
    }
    if (typeof record.event.ts === 'number') record.event.ts -= offset;
    this.corrected++;
  }

  private release(): LoadedRecord[] {
    const ready = this.held;
    this.held = [];
    for (const { record, localTime } of ready) if (localTime) this.correct(record);
    return ready.map((h) => h.record);
  }

  private giveUp(): LoadedRecord[] {
    this.gaveUp = true;
    return this.release();
  }
}
