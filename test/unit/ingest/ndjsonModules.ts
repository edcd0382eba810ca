// A minimal IngestModules for the store's tests: plain NDJSON files with three mapped
// fields, so the load pipeline is tested apart from the real readers and normalizers.
import { createReadStream } from 'node:fs';
import type { IngestModules } from '../../../src/core/ingest/load';
import type { FormatReader, LoadedRecord } from '../../../src/core/types/records';

const ndjson: FormatReader = async function* (bytes, context) {
  let pending = Buffer.alloc(0);
  let offset = 0;
  let line = 0;
  const emit = (raw: Buffer): LoadedRecord | undefined => {
    line++;
    const pointer = { line, offset, length: raw.length };
    offset += raw.length + 1;
    const text = raw.toString('utf8').replace(/\r$/, '');
    if (text.trim() === '') return undefined;
    try {
      const o = JSON.parse(text) as Record<string, unknown>;
      return { pointer, event: { host: o.Hostname as string, event_id: o.EventID as number, ts: Date.parse(o.UtcTime as string), channel: o.Channel as string } };
    } catch (error) {
      context.reject({ line, offset: pointer.offset, reason: `not JSON: ${(error as Error).message}` });
      return undefined;
    }
  };
  for await (const chunk of bytes) {
    pending = Buffer.concat([pending, chunk]);
    for (let nl = pending.indexOf(10); nl >= 0; nl = pending.indexOf(10)) {
      const record = emit(pending.subarray(0, nl));
      pending = pending.subarray(nl + 1);
      if (record) yield [record];
    }
  }
  if (pending.length > 0) {
    const record = emit(pending);
    if (record) yield [record];
  }
};

export const ndjsonModules: IngestModules = {
  async *openSources(path) {
    yield { path, open: () => createReadStream(path, { highWaterMark: 4096 }) };
  },
  detectFormat: (head) => (head[0] === 0x7b ? { format: 'json', dialect: 'test' } : undefined),
  reader: () => ndjson,
};
