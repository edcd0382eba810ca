// Guards against decompression bombs: a cap on the bytes one archive may expand to, and a
// cap on the expansion ratio once the output is large enough for the ratio to mean
// something (tiny files of repeated bytes compress beyond any sane ratio harmlessly).

import { formatBytes } from '../../format/units';

export interface ArchiveLimits {
  /** Most decompressed bytes read from one archive (all members together). */
  readonly maxBytes: number;
  /** Largest decompressed/compressed ratio tolerated... */
  readonly maxRatio: number;
  /** ...once this many decompressed bytes have been produced. */
  readonly ratioFloorBytes: number;
}

const MiB = 1024 * 1024;

export const DEFAULT_LIMITS: ArchiveLimits = {
  maxBytes: 8 * 1024 * MiB,
  // Real log exports compress 10-40x; deflate tops out near 1030x, which is what bombs use.
  maxRatio: 200,
  ratioFloorBytes: 64 * MiB,
};

/** Counts an archive's decompressed output and says why reading must stop, if it must. */
export class ExpansionBudget {
  private produced = 0;

  constructor(
    private readonly limits: ArchiveLimits,
    /** Size of the archive file: output/size bounds every member's ratio from below. */
    private readonly archiveBytes: number,
  ) {}

  /** Adds `bytes` of output; returns a message when a limit is exceeded. */
  spend(bytes: number): string | undefined {
    this.produced += bytes;
    if (this.produced > this.limits.maxBytes) {
      return `decompressed size exceeds the limit of ${formatBytes(this.limits.maxBytes)}; stopped reading`;
    }
    if (this.produced > this.ratioCap()) {
      const ratio = this.produced / Math.max(1, this.archiveBytes);
      return `expands ${Math.round(ratio)}x (limit ${this.limits.maxRatio}x), which looks like a decompression bomb; stopped reading after ${formatBytes(this.produced)}`;
    }
    return undefined;
  }

  /** How many more bytes may be produced before spend() says a limit is exceeded. */
  room(): number {
    return Math.max(0, Math.min(this.limits.maxBytes, Math.floor(this.ratioCap())) - this.produced);
  }

  /** The output past which the ratio limit speaks: the ratio counts only above its floor. */
  private ratioCap(): number {
    return Math.max(this.limits.ratioFloorBytes, this.limits.maxRatio * Math.max(1, this.archiveBytes));
  }
}
