// Archives read through 7-Zip: `.7z`, and zips that Windows Explorer writes with Deflate64
// (which yauzl and zlib cannot inflate). 7-Zip is the `7z-wasm` package, a WebAssembly build of
// the 7zz command line, run in a worker thread (sevenZipWorker.ts) so that it decompresses on
// the other core while this thread parses; its output is streamed with bounded memory, and
// each member is what 7-Zip wrote between opening and closing that file.
//
//   SevenZipRun.start(source) -> encrypted(), members() (each { name, bytes }, in order)
//   sevenZipMemberSync(source, name, occurrence)   (raw lookups, which cannot await)

import { join } from 'node:path';
import { MessageChannel, receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import { startWorker, workerScript } from '../../fs/scriptWorker';
import { CONTROL, CONTROL_BYTES, type SevenZipMessage, type SevenZipSource } from './sevenZipProtocol';

export type { SevenZipSource } from './sevenZipProtocol';

/** Batches in flight: 7-Zip decodes ahead of the reader by at most this many MiB. */
const CREDITS = 4;

export interface SevenZipMember {
  /** The member's path as 7-Zip extracts it (7-Zip makes `..` and control characters safe). */
  readonly name: string;
  /** Its bytes; read them (or not) before asking for the next member. Damage 7-Zip reports is thrown at the end. */
  readonly bytes: AsyncIterable<Uint8Array>;
}

type End = Extract<SevenZipMessage, { type: 'end' }>;

/** One 7-Zip extraction of a whole archive, read front to back. */
export class SevenZipRun {
  private readonly queue: SevenZipMessage[] = [];
  private wake: (() => void) | undefined;
  private pending: SevenZipMessage | undefined;
  private ended: End | undefined;
  /** A member's damage was thrown with it: 7-Zip's exit code then says nothing more. */
  private damageReported = false;

  private constructor(private readonly worker: Worker, private readonly port: MessagePort, private readonly control: Int32Array) {
    port.on('message', (message: SevenZipMessage) => this.receive(message));
    worker.on('error', (error) => this.receive({ type: 'end', status: -1, errors: [error.message] }));
    // The exit can be seen before the last messages on the port: those are taken first.
    worker.on('exit', () => {
      for (let got = receiveMessageOnPort(port); got; got = receiveMessageOnPort(port)) this.receive(got.message as SevenZipMessage);
      this.receive({ type: 'end', status: -1, errors: ['the 7-Zip worker stopped'] });
    });
  }

  static start(source: SevenZipSource): SevenZipRun {
    const { worker, port, control } = launch(source);
    worker.unref();
    return new SevenZipRun(worker, port, control);
  }

  /** The encrypted members, which are left out; throws with 7-Zip's message when it cannot open the archive. */
  async encrypted(): Promise<readonly string[]> {
    const message = await this.take();
    if (message.type === 'encrypted') return message.names;
    throw new Error(sevenZipFailure(this.ended));
  }

  /** The members 7-Zip writes, in order; after them, failure() says whether it finished well. */
  async *members(): AsyncIterable<SevenZipMember> {
    for (let message = await this.take(); message.type !== 'end'; message = await this.take()) {
      if (message.type !== 'open') continue; // what is left of a member the reader stopped reading, or a line about the archive
      const bytes = this.memberBytes();
      yield { name: message.name, bytes };
      try {
        for await (const _chunk of bytes) {
          // a member the reader did not open is passed over
        }
      } catch {
        // and so is its damage
      }
    }
  }

  /** After members() ended: undefined when 7-Zip read everything (or its damage was thrown with a member), else why it stopped. */
  failure(): string | undefined {
    if (this.ended && (this.ended.status === 0 || (this.ended.status > 0 && this.damageReported))) return undefined;
    return sevenZipFailure(this.ended);
  }

  /** Stops 7-Zip (at its next write) and the worker. */
  async close(): Promise<void> {
    Atomics.store(this.control, CONTROL.stop, 1);
    Atomics.notify(this.control, CONTROL.credits);
    this.port.close();
    await this.worker.terminate();
  }

  /** One member's batches up to its close, then the error lines 7-Zip printed about it (thrown). Read once. */
  private async *memberBytes(): AsyncIterable<Uint8Array> {
    const errors: string[] = [];
    let closed = false;
    for (;;) {
      const message = await this.take();
      if (message.type === 'data' && !closed) {
        yield message.bytes;
      } else if (message.type === 'close') closed = true;
      else if (message.type === 'error') errors.push(message.line);
      else {
        this.pending = message;
        break;
      }
    }
    if (errors.length > 0 || !closed) {
      this.damageReported = true;
      throw new Error(errors.length > 0 ? `7-Zip: ${errors.join('; ')}` : sevenZipFailure(this.ended));
    }
  }

  private take(): Promise<SevenZipMessage> {
    const pending = this.pending;
    this.pending = undefined;
    if (pending) return Promise.resolve(pending);
    if (this.ended && this.queue.length === 0) return Promise.resolve(this.ended);
    return new Promise((resolve) => {
      const next = (): void => {
        const message = this.queue.shift();
        if (!message) {
          this.wake = next;
          return;
        }
        if (message.type === 'end') this.ended ??= message;
        if (message.type === 'data') grant(this.control); // taken off the queue: 7-Zip may write another batch
        resolve(message);
      };
      next();
    });
  }

  private receive(message: SevenZipMessage): void {
    if (message.type === 'end' && (this.ended || this.queue.some((m) => m.type === 'end'))) return;
    this.queue.push(message);
    const wake = this.wake;
    this.wake = undefined;
    wake?.();
  }
}

function grant(control: Int32Array): void {
  Atomics.add(control, CONTROL.credits, 1);
  Atomics.notify(control, CONTROL.credits);
}

function sevenZipWorkerScript(): string {
  const script = workerScript(join(__dirname, 'sevenZipWorker.js'), join(__dirname, 'sevenZipWorker.ts'));
  if (!script) throw new Error(`the 7-Zip worker (sevenZipWorker.js) is missing next to ${__dirname}`);
  return script;
}

/** A worker for `source`, the port it posts to and the shared control cells. */
function launch(source: SevenZipSource): { worker: Worker; port: MessagePort; control: Int32Array } {
  const control = new Int32Array(new SharedArrayBuffer(CONTROL_BYTES));
  control[CONTROL.credits] = CREDITS;
  const { port1, port2 } = new MessageChannel();
  const worker = startWorker(sevenZipWorkerScript(), { workerData: { source, port: port2, control: control.buffer }, transferList: [port2] });
  return { worker, port: port1, control };
}

function sevenZipFailure(ended: End | undefined): string {
  const said = ended?.errors.join('; ');
  return `7-Zip ${ended && ended.status > 0 ? `exited with code ${ended.status}` : 'stopped'}${said ? `: ${said}` : ''}`;
}

/**
 * The bytes of the `occurrence`-th member named `name` (in extraction order), or undefined
 * when there is none; read synchronously (the caller blocks until 7-Zip has produced them),
 * for raw lookups. The members before it are decompressed and passed over.
 */
export function sevenZipMemberSync(source: SevenZipSource, name: string, occurrence: number, maxBytes: number): Buffer | undefined {
  const { worker, port, control } = launch(source);
  let seen = 0;
  const receive = (): SevenZipMessage => {
    for (;;) {
      const got = receiveMessageOnPort(port);
      if (got) return got.message as SevenZipMessage;
      if (Atomics.wait(control, CONTROL.posted, seen, 60_000) === 'timed-out') return { type: 'end', status: -1, errors: ['7-Zip produced nothing for 60 s'] };
      seen = Atomics.load(control, CONTROL.posted);
    }
  };
  try {
    let found = 0;
    let collecting: Uint8Array[] | undefined;
    let size = 0;
    for (;;) {
      const message = receive();
      if (message.type === 'end') {
        if (collecting) throw new Error(`member "${name}": ${sevenZipFailure(message)}`);
        if (message.status < 0 || message.errors.length > 0) throw new Error(sevenZipFailure(message));
        return undefined;
      }
      if (message.type === 'encrypted' && message.names.includes(name)) throw new Error(`member "${name}" is encrypted; Huntbench does not decrypt members`);
      if (message.type === 'open' && message.name === name && found++ === occurrence) collecting = [];
      if (message.type === 'data') {
        grant(control);
        if (collecting) {
          size += message.bytes.length;
          if (size > maxBytes) throw new Error(`member "${name}" is larger than the limit of ${maxBytes} bytes`);
          collecting.push(message.bytes);
        }
      }
      if (message.type === 'error' && collecting) throw new Error(`member "${name}": 7-Zip: ${message.line}`);
      if (message.type === 'close' && collecting) return Buffer.concat(collecting);
    }
  } finally {
    Atomics.store(control, CONTROL.stop, 1);
    Atomics.notify(control, CONTROL.credits);
    port.close();
    void worker.terminate();
  }
}
