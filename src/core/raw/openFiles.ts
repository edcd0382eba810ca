// Plain files kept open while one synchronous piece of work reads them: raw_field() over
// thousands of rows of one SQL statement read each record's file by path, and opening it
// (with the checks that it is still a regular file) cost more than the read itself
// (docs/benchmarks.md). A descriptor is closed when the event loop next turns, so the next
// statement opens the file anew and sees it if it was replaced. A worker terminated in the
// middle of a statement (the query worker at its time budget) leaves none open: Node closes
// the descriptors a worker opened when it exits (Worker's `trackUnmanagedFds`, on by default).

import { closeSync } from 'node:fs';
import { openRegularSync, readFullySync } from '../fs/regularFile';

/** Files open at once, at most (a statement over events from hundreds of sources). */
const MAX_OPEN_FILES = 64;

export class OpenFiles {
  private readonly open = new Map<string, number>();

  /** Bytes [offset, offset + length) of the regular file at `path` (fewer at its end). */
  read(path: string, offset: number, length: number): Buffer {
    const bytes = Buffer.allocUnsafe(length);
    return bytes.subarray(0, readFullySync(this.descriptor(path), bytes, offset));
  }

  private descriptor(path: string): number {
    let fd = this.open.get(path);
    if (fd === undefined) {
      if (this.open.size >= MAX_OPEN_FILES) this.closeAll();
      fd = openRegularSync(path);
      if (this.open.size === 0) setImmediate(() => this.closeAll());
      this.open.set(path, fd);
    }
    return fd;
  }

  closeAll(): void {
    for (const fd of this.open.values()) closeSync(fd);
    this.open.clear();
  }
}
