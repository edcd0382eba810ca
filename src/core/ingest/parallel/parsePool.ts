// A fixed set of NDJSON parse workers (jsonParseWorker.ts). Each answer is matched to its job
// by seq and stays packed until the writer's turn comes for it: events held while others wait
// would survive the young generation's collections, which copy them.

import { join } from 'node:path';
import type { Worker } from 'node:worker_threads';
import { startWorker, workerScript } from '../../fs/scriptWorker';
import type { BatchBuffers } from './batchBuffers';
import type { FileRange } from './fileRanges';
import type { LineBatch } from './jsonBatch';
import type { PackedBatch } from './packedBatch';
import type { OpenFile, ParseAnswer, RangeAnswer } from './parseMessages';

/** The worker's script, bundled or (under tsx) its source; undefined when neither is there. */
export function parseWorkerScript(): string | undefined {
  return workerScript(join(__dirname, 'jsonParseWorker.js'), join(__dirname, 'jsonParseWorker.ts'));
}

type Answered = Exclude<ParseAnswer, { error: string }>;

export class ParsePool {
  private readonly workers: Worker[] = [];
  private readonly waiting = new Map<number, { resolve: (answer: Answered) => void; reject: (e: Error) => void }>();
  private next = 0;

  /** `buffers`: where the memory of parsed batches goes back to (ranges have none). */
  constructor(script: string, size: number, private readonly buffers?: BatchBuffers) {
    for (let i = 0; i < size; i++) {
      const worker = startWorker(script);
      worker.on('message', (answer: ParseAnswer) => {
        const seq = 'error' in answer ? answer.seq : answer.packed.seq;
        const waiter = this.waiting.get(seq);
        this.waiting.delete(seq);
        if ('error' in answer) {
          waiter?.reject(new Error(`JSON parse worker: ${answer.error}`));
          return;
        }
        if ('spent' in answer) this.buffers?.give(answer.spent);
        waiter?.resolve(answer);
      });
      worker.on('error', (error) => this.failAll(error));
      this.workers.push(worker);
    }
  }

  get size(): number {
    return this.workers.length;
  }

  /** The batch parsed (its memory goes to the worker). */
  async parse(batch: LineBatch): Promise<PackedBatch> {
    return (await this.send(batch.seq, (worker) => worker.postMessage({ batch }, [batch.bytes.buffer as ArrayBuffer]))).packed;
  }

  /** The lines that begin in `range` of `file`, parsed. */
  async parseRange(seq: number, file: OpenFile, range: FileRange): Promise<RangeAnswer> {
    const answer = await this.send(seq, (worker) => worker.postMessage({ seq, file, range }));
    if (!('lineCount' in answer)) throw new Error('JSON parse worker: a range was answered as a batch');
    return answer;
  }

  private send(seq: number, post: (worker: Worker) => void): Promise<Answered> {
    return new Promise((resolve, reject) => {
      this.waiting.set(seq, { resolve, reject });
      post(this.workers[this.next++ % this.workers.length]!);
    });
  }

  private failAll(error: Error): void {
    for (const waiter of this.waiting.values()) waiter.reject(error);
    this.waiting.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
