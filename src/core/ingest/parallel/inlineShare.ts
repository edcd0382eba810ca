// How much of a load's parsing the writer (the thread that stores) does itself: NDJSON ranges
// and batches, EVTX chunks. With one parse worker on two cores the worker is the slower thread
// and the writer waited for it a third of the time; with this share 1M events loaded in 12.2 s
// (median of five) against 13.5 s parsing every sixth range here and 16.5 s parsing none
// (docs/benchmarks.md). The right share depends on the machine, the pool's size and the
// records, so it is found as the load goes: it grows each time the writer had to wait for the
// pool's next answer, and shrinks each time it had not, settling where the writer waits for
// about one answer in six. With a pool that keeps up (more cores) it stays near zero.

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

  /** `first`: jobs done here before any is sent (a small source then never starts a worker). */
  constructor(private first = 0) {}

  /** Whether the writer does the next job itself. */
  takesNext(): boolean {
    if (this.first > 0) {
      this.first--;
      return true;
    }
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

/** How one job is done: sent to the pool (the answer, later), or here at its turn. */
export interface SharedWork<J, A, R> {
  readonly inFlight: number;
  send(job: J): Promise<A>;
  answered(answer: A, job: J): R;
  here(job: J): R;
}

/**
 * The results of `jobs` in order, each job sent to the pool ahead of its turn (at most
 * `inFlight` at once) or, as `share` decides, done here when its turn comes.
 */
export async function* inOrder<J, A, R>(jobs: Iterable<J> | AsyncIterable<J>, work: SharedWork<J, A, R>, share: Pick<InlineShare, 'takesNext' | 'answered'> = new InlineShare()): AsyncIterable<R> {
  const queue: { job: J; answer?: Promise<A> }[] = [];
  const take = async (): Promise<R> => {
    const { job, answer } = queue.shift()!;
    if (!answer) return work.here(job);
    const asked = performance.now();
    const result = await answer;
    share.answered(performance.now() - asked);
    return work.answered(result, job);
  };
  for await (const job of jobs) {
    if (share.takesNext()) {
      queue.push({ job });
    } else {
      const answer = work.send(job);
      answer.catch(() => undefined); // awaited in order; this only silences the early-rejection warning
      queue.push({ job, answer });
    }
    if (queue.length >= work.inFlight) yield await take();
  }
  while (queue.length > 0) yield await take();
}
