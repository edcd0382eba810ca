// Memory for line batches, reused: the parse workers hand each batch's buffer back with its
// answer. Joining the read pieces into new memory faulted its pages in on the writer's thread
// (~0.7 ms per MiB, 2 µs per event with the pool); into reused memory the copy costs ~0.5 ms
// per MiB, what reading the pieces costs (docs/benchmarks.md).

/** Batches are cut once the pieces reach a batch's size, so they seldom exceed two. */
const CAPACITY_BATCHES = 2;

export class BatchBuffers {
  private readonly free: ArrayBuffer[] = [];

  /** `limit`: buffers kept at most (those in flight come back; more would only hold memory). */
  constructor(private readonly batchBytes: number, private readonly limit = 0) {}

  /** `bytes` bytes at the start of memory of their own (a batch transfers it), reused when a free buffer is large enough. */
  take(bytes: number): Buffer {
    const reused = this.free.pop();
    if (reused && reused.byteLength >= bytes) return Buffer.from(reused, 0, bytes);
    // A short batch (a source's last) gets memory of its own size.
    return Buffer.allocUnsafeSlow(bytes < this.batchBytes ? bytes : Math.max(bytes, this.batchBytes * CAPACITY_BATCHES)).subarray(0, bytes);
  }

  /** A batch's buffer, no longer read. */
  give(memory: ArrayBuffer): void {
    if (this.free.length < this.limit && memory.byteLength >= this.batchBytes) this.free.push(memory);
  }
}
