// The load pipeline: paths -> source entries -> detected format -> reader -> batched inserts
// -> post-load fix-ups -> indexes, with one SourceReport per source. The pieces (source
// opening, detection, readers, fix-ups) come in as an IngestModules value so the pipeline
// stays one concern; engine.ts wires the real modules.
// Stops cleanly between batches on cancellation or when the store reaches its memory budget.

import type { LoadProgress, LoadReport, SourceReport } from '../types/reports';
import type { SqlStore } from '../store/sqlStore';
import { idRangeSummary } from '../store/events';
import { displayName, type RecordRenderer } from '../raw/reader';
import type { AddressClaim } from '../hosts/addressBook';
import type { HostsReport } from '../types/reports';
import { formatBytes } from '../format/units';
import type { FormatName, FormatReader, Rejection, SourceEntry } from '../types/records';
import type { NormalizedEvent } from '../schema/columns';
import { expandPath } from './paths';
import { peek } from '../raw/sources/byteStream';
import { nameCreators, namesCreatorOnlyById } from './creators';

export interface Detection {
  readonly format: FormatName;
  readonly dialect: string | null;
}

export interface IngestModules {
  /**
   * The loadable entries of one file (itself, or the members of an archive). Problems with
   * the file or a member (truncation, skipped members) go to `warn`, naming the member.
   */
  openSources(path: string, warn: (message: string, member?: string) => void): AsyncIterable<SourceEntry>;
  /** The format of an entry from its first bytes, or undefined when unknown. */
  detectFormat(head: Uint8Array, entry: SourceEntry): Detection | undefined;
  /** Why detection found nothing, for the report. */
  describeUnknown?(head: Uint8Array, entry: SourceEntry): string;
  reader(detection: Detection, options: { readonly parallel: boolean }): FormatReader | undefined;
  /** Columns derived from each record alone (peer scope), filled before it is stored. */
  enrich?(event: NormalizedEvent): void;
  /** Corrections that need the whole load (who is who: hosts/fixUps.ts), one pass per load. */
  hostPass?(): HostPass;
  /** Raw-record renderers by format, for formats whose records are not text slices (binary EVTX). */
  readonly renderers?: Readonly<Record<string, RecordRenderer>>;
}

/** Sees every event as it is stored, then corrects the load before indexing; returns what it did. */
export interface HostPass {
  stored(sourceId: number, id: number, event: NormalizedEvent): void;
  finish(store: SqlStore, pins: readonly AddressClaim[]): HostsReport;
}

export interface LoadOptions {
  /** The user's inventory (hosts/inventory.ts): address pins that hold in every capture. */
  readonly pins?: readonly AddressClaim[];
  readonly onProgress?: (progress: LoadProgress) => void;
  readonly signal?: AbortSignal;
  /** Database size (bytes) at which loading stops; defaults to the store's budget. */
  readonly budget?: number;
  /** Records per insert transaction (default DEFAULT_BATCH_SIZE). */
  readonly batchSize?: number;
  /** Wall-clock time after which loading stops between batches, keeping what it has (default LOAD_TIME_BUDGET_MS). */
  readonly timeBudgetMs?: number;
  /** Parse on worker threads where the format allows it (NDJSON); default true. Small sources never start a worker. */
  readonly parallel?: boolean;
}

const MAX_REJECTIONS_KEPT = 10;
/**
 * Characters of a rejection reason or warning kept for the report. Messages quote the log (a
 * JSON key, a CSV column name, an XML element path, a Zeek path), and a quoted name can run to
 * megabytes: a 20 MB key made a 20 MB line of the load report.
 */
export const MAX_MESSAGE_CHARS = 1000;
/** One hour: far beyond a real load on this machine (36.7k events/s: 130M events), short of forever. */
export const LOAD_TIME_BUDGET_MS = 60 * 60 * 1000;
const PROGRESS_INTERVAL_MS = 100;
/**
 * Records per insert transaction. Each costs ~1 ms of statements around it (the id and
 * dictionary counters read back, the insert prepared, the size checked): at 2,000 that was
 * ~5% of the writer's time for 1M events (docs/benchmarks.md). 10,000 is ~0.1 s of a load at
 * the speeds measured, so a cancel or the budget still stops it within that.
 */
const DEFAULT_BATCH_SIZE = 10_000;
const HEAD_BYTES = 64 * 1024;

/**
 * Indexes are built after the load and add to the database: 29–30% of the table on real
 * captures and the generated 1M-event file, 55% on connection records alone (Zeek conn.log),
 * whose ports and addresses every one of them indexes (docs/benchmarks.md). Loading stops when
 * the table plus this share reaches the budget, so the indexed database stays within it.
 */
export const INDEX_HEADROOM = 1.6;

/** `columns`: what the correlation columns in memory take (store/eventColumns.ts), counted with the database. */
export function budgetMessage(events: number, size: number, budget: number, columns: number): string {
  const inMemory = columns > 0 ? ` and its columns in memory ${formatBytes(columns)}` : '';
  return `Stopped at ${events.toLocaleString('en-US')} events: the database reached ${formatBytes(size)} (with room kept for its indexes)${inMemory}, the memory budget of ${formatBytes(budget)}. ` +
    'What was loaded is kept and can be queried. To see the rest, load fewer files or archive members at a time (or a narrower time range), ' +
    'or raise the budget (--budget-mb, or the huntbench.memoryBudgetMB setting; at its peak the process needs up to about twice the budget).';
}

/** Per-source counters kept while reading; summary statistics come from SQL after fix-ups. */
interface SourceProgress {
  readonly name: string;
  sourceId: number | null;
  detection: Detection | undefined;
  firstEventId: number;
  events: number;
  rejected: number;
  readonly rejections: Rejection[];
  readonly warnings: string[];
  /** Why reading stopped before the end of this source, when it failed. */
  failure?: string;
}

/** Thrown through a reader from its reject() when the load is cancelled or out of time. */
class LoadStopped extends Error {}

export async function loadPaths(store: SqlStore, paths: readonly string[], modules: IngestModules, options: LoadOptions = {}): Promise<LoadReport> {
  const started = Date.now();
  const budget = options.budget ?? store.budgetBytes;
  const batchSize = options.batchSize ?? DEFAULT_BATCH_SIZE;
  const progress: SourceProgress[] = [];
  let total = 0;
  let bytesRead = 0;
  let lastProgress = 0;
  let stopReason: string | undefined;
  const hostPass = modules.hostPass?.();
  /** Process starts stored that name their creator only by id (ingest/creators.ts). */
  let startsNamingCreatorById = 0;

  const report = (source: string, force = false): void => {
    const now = Date.now();
    if (!options.onProgress || (!force && now - lastProgress < PROGRESS_INTERVAL_MS)) return;
    lastProgress = now;
    const seconds = Math.max((now - started) / 1000, 0.001);
    options.onProgress({ source, events: total, bytesRead, eventsPerSecond: Math.round(total / seconds) });
  };
  /** `pending`: events read but not yet committed, which the stop keeps too. */
  const cancelledOrLate = (pending = 0): boolean => {
    if (options.signal?.aborted) stopReason = 'Loading was cancelled; the events loaded so far are kept.';
    else if (Date.now() - started > (options.timeBudgetMs ?? LOAD_TIME_BUDGET_MS)) {
      stopReason = `Stopped at ${(total + pending).toLocaleString('en-US')} events: loading ran past its time budget of ${Math.round((options.timeBudgetMs ?? LOAD_TIME_BUDGET_MS) / 1000)} s. What was loaded is kept and can be queried; load fewer files at a time.`;
    }
    return stopReason !== undefined;
  };
  const shouldStop = (): boolean => {
    if (cancelledOrLate()) return true;
    const size = store.sizeBytes();
    const columns = store.columnBytes();
    if (size * (store.hasIndexes ? 1 : INDEX_HEADROOM) + columns >= budget) stopReason = budgetMessage(total, size, budget, columns);
    return stopReason !== undefined;
  };

  /** The report entry for a source: the latest of that name, or a new one when `forLoading` and the latest was loaded already. */
  const sourceNamed = (name: string, forLoading = false): SourceProgress => {
    const latest = [...progress].reverse().find((p) => p.name === name);
    if (latest && !(forLoading && latest.sourceId !== null)) return latest;
    const source: SourceProgress = { name, sourceId: null, detection: undefined, firstEventId: 0, events: 0, rejected: 0, rejections: [], warnings: [] };
    progress.push(source);
    return source;
  };

  const loadEntry = async (entry: SourceEntry, source: SourceProgress): Promise<void> => {
    const name = source.name;
    const bytesBefore = bytesRead;
    const counted = (async function* () {
      for await (const chunk of entry.open()) {
        bytesRead += chunk.length;
        yield chunk;
      }
    })();
    const { head, stream: replay } = await peek(counted, HEAD_BYTES);
    const detection = head.length === 0 ? undefined : modules.detectFormat(head, entry);
    const reader = detection && modules.reader(detection, { parallel: options.parallel ?? true });
    if (!detection || !reader) {
      if (!detection) source.warnings.push(head.length === 0 ? 'the source is empty; nothing loaded' : modules.describeUnknown?.(head, entry) ?? 'unknown format; source skipped');
      else source.warnings.push(`${detection.format} sources cannot be read yet; source skipped`);
      // Archive members stream one after the other: a skipped one must still be read through.
      for await (const _chunk of replay) { /* discard */ }
      return;
    }
    source.detection = detection;
    const sourceId = source.sourceId = store.addSource({ path: entry.path, member: entry.member ?? null, memberOccurrence: entry.memberOccurrence ?? null, format: source.detection.format, dialect: source.detection.dialect });
    const context = {
      sourceName: name,
      ...(entry.member === undefined ? { file: { path: entry.path, reached: (offset: number) => { bytesRead = Math.max(bytesRead, bytesBefore + offset); } } } : {}),
      reject(rejection: Rejection) {
        source.rejected++;
        if (source.rejections.length < MAX_REJECTIONS_KEPT) source.rejections.push({ ...rejection, reason: shortened(rejection.reason) });
        // A source that only rejects never reaches a commit, where the load checks whether to stop.
        // (Stopping here drops the records the reader had not yet given of the chunk it reads.)
        if (cancelledOrLate(writer.pending)) throw new LoadStopped();
      },
      warn(message: string) {
        source.warnings.push(message);
      },
      dialect(dialect: string) {
        source.detection = { ...source.detection!, dialect };
        store.setSourceFormat(source.sourceId!, source.detection.format, dialect);
      },
    };
    // Each record is stored as it comes, so no batch of them stays alive (SqlStore.eventWriter);
    // a transaction holds `batchSize` of them, and between transactions the load can stop.
    const writer = store.eventWriter(sourceId);
    const commit = (): void => {
      const rows = writer.pending;
      writer.commit();
      total += rows;
      report(name);
    };
    try {
      for await (const records of reader(replay, context)) for (const record of records) {
        modules.enrich?.(record.event);
        if (namesCreatorOnlyById(record.event)) startsNamingCreatorById++;
        const id = writer.add(record);
        if (source.events++ === 0) source.firstEventId = id;
        hostPass?.stored(sourceId, id, record.event);
        if (writer.pending >= batchSize) {
          commit();
          if (shouldStop()) return;
        }
      }
    } catch (error) {
      if (!(error instanceof LoadStopped)) throw error;
    } finally {
      // What was stored before a reader failed is kept; the failure is reported with the source.
      commit();
    }
  };

  outer: for (const path of paths) {
    let files: string[];
    try {
      const expanded = expandPath(path);
      for (const skipped of expanded.skipped) sourceNamed(skipped.path).warnings.push(`skipped: ${skipped.reason}`);
      files = expanded.files;
    } catch (error) {
      sourceNamed(path).failure = (error as Error).message;
      continue;
    }
    for (const file of files) {
      let reading: SourceProgress | undefined;
      let fileWarnings: string[] = [];
      // A problem with the whole file belongs to the member being read (a truncated .tar.gz)
      // or, found before any member, to the first member; a file with no member gets its own entry.
      const warn = (message: string, member?: string): void => {
        if (member !== undefined) sourceNamed(displayName({ path: file, member })).warnings.push(message);
        else if (reading) reading.warnings.push(message);
        else fileWarnings.push(message);
      };
      try {
        for await (const entry of modules.openSources(file, warn)) {
          reading = sourceNamed(displayName({ path: entry.path, member: entry.member ?? null }), true);
          reading.warnings.push(...fileWarnings);
          fileWarnings = [];
          await loadEntry(entry, reading);
          if (stopReason !== undefined || shouldStop()) break outer;
        }
      } catch (error) {
        // One unreadable file never drops the others.
        (reading ?? sourceNamed(file)).failure = (error as Error).message;
      }
      if (fileWarnings.length > 0) sourceNamed(file).warnings.push(...fileWarnings);
    }
  }
  const passStarted = performance.now();
  const hosts = hostPass?.finish(store, options.pins ?? []);
  const fixUpMillis = Math.round(performance.now() - passStarted);
  store.buildIndexes();
  const creators = startsNamingCreatorById > 0 ? nameCreators(store) : undefined;
  report(progress.at(-1)?.name ?? '', true);
  return {
    sources: progress.map((p) => summarize(store, p)), events: total, millis: Date.now() - started, fixUpMillis,
    stopped: stopReason !== undefined, stopReason, ...(hosts ? { hosts } : {}), ...(creators ? { creators } : {}),
  };
}

/** The message cut at MAX_MESSAGE_CHARS (never inside a surrogate pair), saying how much was left out. */
export function shortened(message: string): string {
  if (message.length <= MAX_MESSAGE_CHARS) return message;
  const cut = /[\uD800-\uDBFF]/.test(message[MAX_MESSAGE_CHARS - 1]!) ? MAX_MESSAGE_CHARS - 1 : MAX_MESSAGE_CHARS;
  return `${message.slice(0, cut)}… (${(message.length - cut).toLocaleString('en-US')} more characters)`;
}

function summarize(store: SqlStore, source: SourceProgress): SourceReport {
  const base = {
    source: source.name,
    sourceId: source.sourceId,
    format: source.detection?.format ?? ('unknown' as const),
    dialect: source.detection?.dialect ?? null,
    events: source.events,
    rejected: source.rejected,
    rejections: source.rejections,
    // Every warning of every reader and archive passes here; rejections were shortened as they came.
    warnings: (source.failure ? [...source.warnings, `reading failed: ${source.failure}`] : source.warnings).map(shortened),
  };
  if (source.sourceId === null || source.events === 0) return { ...base, start: null, end: null, hosts: [], byChannel: {}, byEventId: {} };
  const summary = idRangeSummary(store, source.firstEventId, source.firstEventId + source.events - 1);
  // Analytics only see events with a time: say how many were kept without one.
  const warnings = summary.untimed === 0 ? base.warnings
    : [...base.warnings, `${summary.untimed.toLocaleString('en-US')} event(s) have no readable time (missing, or outside the years 1601-9999): kept and queryable, but analytics skip them`];
  return { ...base, warnings, start: summary.start, end: summary.end, hosts: summary.hosts, byChannel: summary.byChannel, byEventId: summary.byEventId };
}
