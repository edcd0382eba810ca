// Worker-thread entry that runs 7-Zip (the WebAssembly build of the `7z-wasm` package) over one
// archive: it lists the members (to leave encrypted ones out), then extracts them all into its
// in-memory file system, whose file writes are diverted: each file 7-Zip opens, writes and
// closes is posted to the parent as it goes, in batches, and nothing is stored. 7-Zip runs to
// completion synchronously, so backpressure is a credit counter in shared memory: each batch
// spends a credit and the worker sleeps (Atomics.wait) until the reader grants another.
// Nothing is written to disk: the archive's folder is mounted only to be read, or the archive
// is given as bytes. The protocol is in sevenZipProtocol.ts; sevenZip.ts is the only user.
// Bundled as dist/sevenZipWorker.js; the package loads 7zz.wasm from the folder of the script
// it is in (dist/, where esbuild.mjs copies it).

import { basename, dirname } from 'node:path';
import { workerData, type MessagePort } from 'node:worker_threads';
import SevenZip from '7z-wasm';
import { BATCH_BYTES, CONTROL, parseListing, type SevenZipMessage, type SevenZipRequest } from './sevenZipProtocol';

/** Where 7-Zip extracts to; files below it are the members. */
const OUT = '/out/';

interface Stream {
  readonly node: unknown;
}

async function main(request: SevenZipRequest): Promise<void> {
  const { port } = request;
  const control = new Int32Array(request.control);
  const shownName = 'path' in request.source ? basename(request.source.path) : 'the archive';
  const archive = 'path' in request.source ? `/in/${basename(request.source.path)}` : '/archive';
  const lines: string[] = [];
  const listingErrors: string[] = [];
  let extracting = false;
  let askedPassword = false;
  const sz = await SevenZip({
    print: (line) => lines.push(line),
    // 7-Zip names the archive by its path inside this worker: the file's own name reads better.
    printErr: (text) => {
      const line = text.trim().split(archive).join(shownName);
      if (line === '' || /^ERRORS?:?$/i.test(line)) return;
      if (extracting) post(port, control, { type: 'error', line });
      else listingErrors.push(line);
    },
    // A password prompt reads standard input: end of input, so an encrypted archive fails instead of waiting.
    stdin: () => {
      askedPassword = true;
      return null as unknown as number;
    },
  });
  const end = (status: number): void => {
    const errors = askedPassword ? [...listingErrors, 'it is encrypted and asks for a password; Huntbench does not decrypt archives'] : listingErrors;
    post(port, control, { type: 'end', status, errors });
  };
  // Emscripten's FS has these; the package's typings leave them out.
  const fs = sz.FS as typeof sz.FS & {
    getPath(node: unknown): string;
    ErrnoError: new (errno: number) => Error;
  };
  if ('path' in request.source) {
    sz.FS.mkdir('/in');
    sz.FS.mount(sz.NODEFS, { root: dirname(request.source.path) }, '/in');
  } else {
    sz.FS.writeFile(archive, request.source.bytes);
  }
  // 7-Zip's fatal errors (a refused password prompt among them) surface as a thrown exception.
  const call = (args: string[]): number => {
    try {
      return sz.callMain(args) as unknown as number;
    } catch {
      return -1;
    }
  };
  // -bd: no progress meter; -sccUTF-8: names printed as UTF-8.
  const listed = call(['l', '-slt', '-ba', '-bd', '-sccUTF-8', archive]);
  if (listed !== 0) return end(listed);
  const encrypted = parseListing(lines).filter((item) => item.encrypted && !item.isDirectory).map((item) => item.name);
  post(port, control, { type: 'encrypted', names: encrypted });

  let batch = new Uint8Array(BATCH_BYTES);
  let filled = 0;
  let current: Stream | undefined;
  const flush = (): void => {
    if (filled === 0) return;
    while (Atomics.load(control, CONTROL.credits) === 0 && Atomics.load(control, CONTROL.stop) === 0) Atomics.wait(control, CONTROL.credits, 0);
    if (Atomics.load(control, CONTROL.stop) !== 0) throw new fs.ErrnoError(29 /* EIO */);
    Atomics.sub(control, CONTROL.credits, 1);
    const bytes = batch.subarray(0, filled);
    batch = new Uint8Array(BATCH_BYTES);
    filled = 0;
    post(port, control, { type: 'data', bytes }, [bytes.buffer]);
  };
  // Every in-memory file shares one table of stream operations: a probe file gives it, and the
  // files 7-Zip creates below OUT then post what is written to them instead of keeping it.
  sz.FS.writeFile('/probe', new Uint8Array(0));
  const fileOps = (fs.lookupPath('/probe', {}).node as unknown as { stream_ops: Record<string, unknown> }).stream_ops;
  const stored = { write: fileOps.write as (...args: unknown[]) => number };
  const isMember = (stream: Stream): boolean => fs.getPath(stream.node).startsWith(OUT);
  fileOps.open = (stream: Stream) => {
    if (!isMember(stream)) return;
    current = stream;
    post(port, control, { type: 'open', name: fs.getPath(stream.node).slice(OUT.length) });
  };
  fileOps.write = (stream: Stream, buffer: Uint8Array, offset: number, length: number, position: number) => {
    if (stream !== current) return stored.write(stream, buffer, offset, length, position);
    for (let done = 0; done < length; ) {
      const n = Math.min(length - done, BATCH_BYTES - filled);
      batch.set(buffer.subarray(offset + done, offset + done + n), filled);
      filled += n;
      done += n;
      if (filled === BATCH_BYTES) flush();
    }
    return length;
  };
  fileOps.close = (stream: Stream) => {
    if (stream !== current) return;
    flush();
    current = undefined;
    post(port, control, { type: 'close' });
  };
  sz.FS.mkdir(OUT);
  extracting = true;
  // -spd: the names below are names, not wildcards; -y: a second member of one name replaces the first.
  const status = call(['x', '-bd', '-y', '-spd', `-o${OUT}`, archive, ...encrypted.map((name) => `-x!${name}`)]);
  extracting = false;
  end(status);
}

/** Posts and counts the message, so a reader waiting synchronously (sevenZip.ts) wakes. */
function post(port: MessagePort, control: Int32Array, message: SevenZipMessage, transfer: ArrayBuffer[] = []): void {
  port.postMessage(message, transfer);
  Atomics.add(control, CONTROL.posted, 1);
  Atomics.notify(control, CONTROL.posted);
}

const request = workerData as SevenZipRequest;
main(request).catch((error: unknown) => post(request.port, new Int32Array(request.control), { type: 'end', status: -1, errors: [(error as Error).message ?? String(error)] }));
