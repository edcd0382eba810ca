// How many of a file's ranges the writer parses itself. With one parse worker on two cores the
// worker, which also reads the file, is the slower thread and the writer waits for it a third of
// the time; parsing a sixth of the ranges itself loaded 1M events 6% faster (docs/benchmarks.md).
// The right share depends on the machine, the pool's size and the records, so it is found as
// the load goes: it grows each time the writer had to wait for the pool's next answer, and
// shrinks each time it had not, settling where the writer waits for about one answer in six.
// With a pool that keeps up (more cores) it stays near zero.

/** Growth of the share when the writer had to wait for an answer, and its fall when not. */
const UP = 0.02;
const DOWN = 0.004;
/**
 * An answer that had come is taken within a turn of the event loop (the writer yields to it
 * only when it waits, so answers queue up unread meanwhile); parsing a range takes ~5 ms.
 */
const WAITED_MS = 0.5;
/** The writer still stores every event: it never parses more than half. */
const MOST = 0.5;

export class InlineShare {
  private share = 0;
  private credit = 0;

  /** Whether the writer parses the next range itself. */
  takesNext(): boolean {
    this.credit += this.share;
    if (this.credit < 1) return false;
    this.credit -= 1;
    return true;
  }

  /** An answer of the pool is taken, after the writer waited `waitedMs` for it. */
  answered(waitedMs: number): void {
    this.share = waitedMs < WAITED_MS ? Math.max(0, this.share - DOWN) : Math.min(MOST, this.share + UP);
  }
}
