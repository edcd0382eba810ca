// Archive expansion behind openSources(): one archive's members as source entries, with
// nesting (one level), the shared bomb budget, damage turned into warnings, and member
// names kept as names. Zip members come from yauzl, or from their local headers when the
// central directory is gone; gzip and tar stream front to back; .7z, and a zip from its first
// Deflate64 member on, come from 7-Zip (sevenZip.ts).
//
// The budget counts what each decompressor produces (gunzip, a zip member's inflater, 7-Zip),
// not what readers take, so every byte inflated counts, also when it is passed over unread (a
// tar link's data, a member nobody opened, a nested archive too deep). A plain tar is not
// decompressed and costs nothing.

import { readFile, stat } from 'node:fs/promises';
import { basename } from 'node:path';
import type { SourceEntry } from '../../types/records';
import { regularReadStream } from '../../fs/regularFile';
import { collect, peek } from './byteStream';
import { gunzip } from './gzip';
import { formatBytes } from '../../format/units';
import { ExpansionBudget, type ArchiveLimits } from './limits';
import { archiveKind, MAGIC_HEAD_BYTES, type ArchiveKind } from './magic';
import { memberNameWarning, NESTED_SEPARATOR } from './memberName';
import { SevenZipRun } from './sevenZip';
import { tarMembers } from './tar';
import { openZipBuffer, openZipFile, zipMembers, type ZipMember } from './zip';
import { scanLocalMembers, SCAN_MAX_BYTES } from './zipScan';

export interface SourceContext {
  /** A problem with the file or one member; `member` names the member when there is one. */
  warn(message: string, member?: string): void;
  readonly limits?: Partial<ArchiveLimits>;
}

/** One archive being expanded: its limits are shared by all of its members. */
export interface Expansion {
  readonly path: string;
  readonly context: SourceContext;
  readonly limits: ArchiveLimits;
  readonly budget: ExpansionBudget;
  /** A limit was reached: the archive is read no further. */
  stopped: boolean;
  /** The member being read: damage or a limit found in a stream shared by members (gzip) belongs to it. */
  lastMember: string | undefined;
}

export function newExpansion(path: string, size: number, context: SourceContext, limits: ArchiveLimits): Expansion {
  return { path, context, limits, budget: new ExpansionBudget(limits, size), stopped: false, lastMember: undefined };
}

/**
 * The entries of one archive. `outer` holds the occurrences (see SourceEntry.memberOccurrence)
 * of the archives it is nested in, so its length is the nesting depth.
 */
export async function* archiveEntries(
  run: Expansion,
  kind: ArchiveKind,
  bytes: AsyncIterable<Uint8Array> | undefined,
  prefix: string,
  outer: readonly number[],
  archiveName: string,
): AsyncIterable<SourceEntry> {
  const occurrence = occurrences(outer);
  const archiveMember = prefix.slice(0, -NESTED_SEPARATOR.length) || undefined;
  const label = displayName(run.path, archiveMember);
  const input = () => bytes ?? regularReadStream(run.path);
  if (kind === 'zip') {
    yield* zipEntries(run, bytes, prefix, occurrence, archiveMember);
  } else if (kind === '7z') {
    const image = bytes && (await collect(bytes));
    yield* sevenZipEntries(run, image, prefix, occurrence, archiveMember);
  } else if (kind === 'gzip') {
    // Damage shows at the end of the stream, so it concerns the member being read then;
    // when that end comes while peeking, the peek decides whether this is a .tar.gz.
    const single = prefix + archiveName.replace(/\.gz$/i, '');
    let peeking = true;
    let deferred: string | undefined;
    run.lastMember = undefined;
    const reading = () => run.lastMember ?? archiveMember;
    const inflated = budgeted(run, gunzip(input(), {
      incomplete: (reason, produced) => {
        const message = `${label}: ${reason}; kept the ${formatBytes(produced)} that could be read, the last record may be incomplete`;
        if (peeking) deferred = message;
        else run.context.warn(message, reading());
      },
    }), reading);
    const peeked = await peek(inflated, MAGIC_HEAD_BYTES);
    peeking = false;
    const isTar = archiveKind(peeked.head) === 'tar';
    if (deferred) run.context.warn(deferred, isTar ? archiveMember : single);
    if (isTar) yield* archiveEntries(run, 'tar', peeked.stream, prefix, outer, archiveName);
    else yield* memberEntries(run, single, peeked.stream, occurrence(single));
  } else {
    const members = tarMembers(input(), {
      short: (member, reason) => {
        // A limit that cut the stream was said already; the tar only sees its bytes end.
        if (run.stopped) return;
        run.context.warn(`${displayName(run.path, member && prefix + member)}: tar archive is truncated (${reason}); kept what could be read`, member && prefix + member);
      },
    });
    // Links, devices and FIFOs hold no log; one warning names how many there were and the first.
    let specials = 0;
    let firstSpecial = '';
    try {
      for await (const member of members) {
        if (run.stopped) return;
        run.lastMember = prefix + member.name;
        if (member.isFile) yield* memberEntries(run, prefix + member.name, member.stream, occurrence(member.name));
        else if (member.special && specials++ === 0) firstSpecial = `"${member.name}", ${member.special}`;
      }
    } finally {
      if (specials > 0) run.context.warn(`${label}: skipped ${specials} member(s) that are not regular files, the first ${firstSpecial}; only regular files are read, nothing is extracted to disk`, archiveMember);
    }
  }
}

async function* zipEntries(run: Expansion, bytes: AsyncIterable<Uint8Array> | undefined, prefix: string, occurrence: Occurrences, archiveMember: string | undefined): AsyncIterable<SourceEntry> {
  const label = displayName(run.path, archiveMember);
  let members;
  const image = bytes && (await collect(bytes));
  try {
    const stray = (count: number) => run.context.warn(`${label}: ignored ${count} stray byte(s) after the end of the zip archive`, archiveMember);
    const zip = image ? await openZipBuffer(image, stray) : await openZipFile(run.path, stray);
    members = zipMembers(zip);
  } catch (error) {
    yield* scannedZipEntries(run, image, prefix, occurrence, archiveMember, `the zip archive has no readable central directory (${(error as Error).message})`);
    return;
  }
  // Entries the directory gave; when it fails part-way, the local headers give the rest.
  let handled = 0;
  /** Names yauzl gave, for 7-Zip to pass over when it takes the rest (Deflate64). */
  const given = new Map<string, number>();
  let sevenZipFailed = false;
  const iterator = members[Symbol.asyncIterator]();
  try {
    for (;;) {
      let next: IteratorResult<ZipMember>;
      try {
        next = await iterator.next();
      } catch (error) {
        const why = `the zip archive's central directory is damaged at entry ${handled + 1} (${(error as Error).message})`;
        yield* scannedZipEntries(run, image, prefix, occurrence, archiveMember, why, handled);
        return;
      }
      if (next.done) return;
      handled++;
      const member = next.value;
      if (run.stopped) return;
      if (member.method === DEFLATE64 && !sevenZipFailed) {
        // zlib has no Deflate64 (Windows Explorer writes it): 7-Zip reads this member and the rest,
        // unless it cannot open the archive (metadata that lies): then yauzl goes on without it.
        if (yield* sevenZipEntries(run, image, prefix, occurrence, archiveMember, given)) return;
        sevenZipFailed = true;
      }
      given.set(member.name, (given.get(member.name) ?? 0) + 1);
      // Counted before any member is passed over, as the raw lookup counts (zipDirectory.ts).
      const which = occurrence(member.name);
      const name = prefix + member.name;
      if (member.note) run.context.warn(`${displayName(run.path, name)}: ${member.note.note}`, name);
      if (member.note?.skip) continue;
      if (member.isDirectory) {
        if (member.uncompressedSize === 0) continue;
        run.context.warn(`${displayName(run.path, name)}: ${directoryWithData(member.uncompressedSize)}`, name);
      }
      const refusal = zipMemberRefusal(run.limits, member.uncompressedSize, member.compressedSize);
      if (refusal) {
        run.context.warn(`${displayName(run.path, name)}: ${refusal}; member skipped`, name);
        continue;
      }
      let stream: AsyncIterable<Uint8Array>;
      try {
        stream = await member.open();
      } catch (error) {
        run.context.warn(`${displayName(run.path, name)}: cannot read this member (${(error as Error).message}); member skipped`, name);
        continue;
      }
      yield* memberEntries(run, name, budgeted(run, stream, () => name), which);
    }
  } finally {
    await iterator.return?.();
  }
}

/** Zip compression method 9, "enhanced deflate". */
const DEFLATE64 = 9;

/**
 * Members read by 7-Zip: a .7z, or the rest of a zip whose members `given` (name -> count)
 * yauzl gave already. Returns false when 7-Zip cannot open the archive (said, unless `quiet`).
 */
async function* sevenZipEntries(run: Expansion, image: Uint8Array | undefined, prefix: string, occurrence: Occurrences, archiveMember: string | undefined, given = new Map<string, number>()): AsyncGenerator<SourceEntry, boolean> {
  const label = displayName(run.path, archiveMember);
  const seven = SevenZipRun.start(image ? { bytes: image } : { path: run.path });
  try {
    let encrypted: readonly string[];
    try {
      encrypted = await seven.encrypted();
    } catch (error) {
      run.context.warn(`${label}: cannot read this archive (${(error as Error).message})`, archiveMember);
      return false;
    }
    for (const member of encrypted) run.context.warn(`${displayName(run.path, prefix + member)}: is encrypted; Huntbench does not decrypt members: member skipped`, prefix + member);
    for await (const member of seven.members()) {
      const name = prefix + member.name;
      const bytes = budgeted(run, member.bytes, () => name);
      const before = given.get(member.name) ?? 0;
      if (before > 0) {
        // yauzl gave it already; 7-Zip inflates it again to pass it over, and that counts too.
        given.set(member.name, before - 1);
        await drain(bytes).catch(() => undefined); // its damage was yauzl's to find
      } else {
        yield* memberEntries(run, name, bytes, occurrence(member.name));
      }
      // Asked for the next member, 7-Zip would first inflate the rest of this one.
      if (run.stopped) return true;
    }
    const failure = seven.failure();
    if (failure) run.context.warn(`${label}: ${failure}`, archiveMember);
    return true;
  } finally {
    await seven.close();
  }
}

/**
 * A zip without a readable central directory (usually truncated), or with one that fails
 * part-way: members from their local headers, after the first `skip` (read already).
 */
async function* scannedZipEntries(run: Expansion, image: Uint8Array | undefined, prefix: string, occurrence: Occurrences, archiveMember: string | undefined, why: string, skip = 0): AsyncIterable<SourceEntry> {
  const label = displayName(run.path, archiveMember);
  const size = image?.length ?? (await stat(run.path)).size;
  if (size > SCAN_MAX_BYTES) {
    run.context.warn(`${label}: ${why}, and at ${formatBytes(size)} it is too large to scan member by member`, archiveMember);
    return;
  }
  run.context.warn(`${label}: ${why}; reading ${skip > 0 ? 'the members after it' : 'members'} from their local headers, as far as the data goes`, archiveMember);
  const bytes = image ? Buffer.from(image.buffer, image.byteOffset, image.byteLength) : await readFile(run.path);
  let scanned = 0;
  for (const member of scanLocalMembers(bytes, () => run.budget.room())) {
    const name = prefix + member.name;
    if (member.pastLimit) {
      // It holds more than the budget's room (counted as the least it can be); inflated in one piece, none of it is kept.
      stop(run, name, run.budget.spend(run.budget.room() + 1)!);
      return;
    }
    if (scanned++ < skip) continue;
    const which = occurrence(member.name);
    if (member.short) run.context.warn(`${displayName(run.path, name)}: ${member.short}`, name);
    if (member.data.length === 0) continue;
    if (name.endsWith('/')) run.context.warn(`${displayName(run.path, name)}: ${directoryWithData(member.data.length)}`, name);
    yield* memberEntries(run, name, budgeted(run, once(member.data), () => name), which);
    // Asked for the next member, the scan would first inflate it.
    if (run.stopped) return;
  }
}

/** A name ending in `/` is a folder entry, which holds nothing; one that holds data is read, and said. */
function directoryWithData(bytes: number): string {
  return `a folder entry (its name ends in "/") that holds ${bytes} byte(s) of data; read as a file`;
}

async function* once(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  yield bytes;
}

/** Counts the members of one name in one archive: the occurrences of a member, with those of the archives around it. */
type Occurrences = (name: string) => number[];

function occurrences(outer: readonly number[]): Occurrences {
  const seen = new Map<string, number>();
  return (name) => {
    const n = seen.get(name) ?? 0;
    seen.set(name, n + 1);
    return [...outer, n];
  };
}

/** A member becomes one entry, or, when it is itself an archive, the entries inside it. */
async function* memberEntries(run: Expansion, member: string, bytes: AsyncIterable<Uint8Array>, occurrence: readonly number[]): AsyncIterable<SourceEntry> {
  const depth = occurrence.length - 1;
  const display = displayName(run.path, member);
  const nameProblem = memberNameWarning(member);
  if (nameProblem) run.context.warn(`${run.path}: ${nameProblem}`, member);
  const peeked = await peek(untilDamage(run, bytes, display, member), MAGIC_HEAD_BYTES);
  const nested = archiveKind(peeked.head);
  if (nested && depth >= 1) {
    run.context.warn(`${display}: archives are opened one level deep; this nested ${nested} archive is skipped`, member);
    await drain(peeked.stream);
    return;
  }
  if (nested) {
    yield* archiveEntries(run, nested, peeked.stream, member + NESTED_SEPARATOR, occurrence, basename(member));
    return;
  }
  let opened = false;
  run.lastMember = member;
  yield {
    path: run.path,
    member,
    memberOccurrence: occurrence,
    open: () => {
      if (opened) throw new Error(`${display}: an archive member can be opened once per openSources() iteration`);
      opened = true;
      return peeked.stream;
    },
  };
  // Streams inside an archive are sequential: an entry left unopened must still be passed over.
  if (!opened) await drain(peeked.stream);
}

/** A decompressor's output, counted; past a limit it ends, and the archive is read no further. `member`: the member it belongs to now. */
async function* budgeted(run: Expansion, bytes: AsyncIterable<Uint8Array>, member: () => string | undefined): AsyncIterable<Uint8Array> {
  for await (const chunk of bytes) {
    const room = run.budget.room();
    if (chunk.length > room) {
      // Keep what fits (a piece is up to 1 MiB, inflate.ts); the stop is said when more is
      // asked for, so a peek at an archive's first bytes still sees them and the message names
      // the member being read.
      if (room > 0) {
        run.budget.spend(room);
        yield chunk.subarray(0, room);
      }
      stop(run, member(), run.budget.spend(chunk.length - room)!);
      return;
    }
    run.budget.spend(chunk.length);
    yield chunk;
  }
}

/** A limit was reached while `member` was read: said, and the archive is read no further. */
function stop(run: Expansion, member: string | undefined, problem: string): void {
  run.stopped = true;
  run.context.warn(`${displayName(run.path, member)}: ${problem}`, member);
}

/** A damaged member (bad deflate data, wrong declared size) ends where the damage is; readers keep what came before. */
async function* untilDamage(run: Expansion, bytes: AsyncIterable<Uint8Array>, display: string, member: string): AsyncIterable<Uint8Array> {
  try {
    yield* bytes;
  } catch (error) {
    run.context.warn(`${display}: cannot read further (${(error as Error).message}); kept what was read`, member);
  }
}

function zipMemberRefusal(limits: ArchiveLimits, uncompressed: number, compressed: number): string | undefined {
  if (uncompressed > limits.maxBytes) return `declares ${formatBytes(uncompressed)}, over the limit of ${formatBytes(limits.maxBytes)}`;
  const ratio = uncompressed / Math.max(1, compressed);
  if (uncompressed > limits.ratioFloorBytes && ratio > limits.maxRatio) {
    return `declares a ${Math.round(ratio)}x expansion (limit ${limits.maxRatio}x), which looks like a decompression bomb`;
  }
  return undefined;
}

async function drain(bytes: AsyncIterable<Uint8Array>): Promise<void> {
  for await (const _chunk of bytes) {
    // discard
  }
}

function displayName(path: string, member: string | undefined): string {
  return member ? `${path}!${member}` : path;
}
