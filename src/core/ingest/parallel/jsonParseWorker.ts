// Worker thread entry of the NDJSON parse pool: parses and normalizes line batches sent by
// parallelJson.ts, or ranges of a file it reads and cuts into lines itself (fileRanges.ts), and
// sends them back packed (packedBatch.ts). Bundled as dist/jsonParseWorker.js; run from source under tsx.

import { parentPort } from 'node:worker_threads';
import { RangeReader } from './fileRanges';
import { parseBatch } from './jsonBatch';
import { packBatch, packedBuffers } from './packedBatch';
import type { OpenFile, ParseAnswer, ParseJob } from './parseMessages';

/** The reader of the file being loaded (one per file: its memory is reused from range to range). */
let reading: { file: OpenFile; reader: RangeReader } | undefined;

function rangeReader(file: OpenFile): RangeReader {
  if (reading?.file.fd !== file.fd) reading = { file, reader: new RangeReader(file.fd, file.size, file.skip, file.maxLineBytes) };
  return reading.reader;
}

function answer(job: ParseJob): { answer: ParseAnswer; transfer: ArrayBuffer[] } {
  if ('batch' in job) {
    const packed = packBatch(parseBatch(job.batch));
    const spent = job.batch.bytes.buffer as ArrayBuffer;
    return { answer: { packed, spent }, transfer: [...packedBuffers(packed), spent] };
  }
  const lines = rangeReader(job.file).read(job.range);
  const packed = packBatch(parseBatch({ seq: job.seq, bytes: lines.bytes, firstLine: 0, firstOffset: lines.offset }));
  return { answer: { packed, lineCount: lines.lineCount, ...(lines.tooLong ? { tooLong: lines.tooLong } : {}) }, transfer: packedBuffers(packed) };
}

parentPort?.on('message', (job: ParseJob) => {
  let reply: ReturnType<typeof answer>;
  try {
    reply = answer(job);
  } catch (error) {
    parentPort!.postMessage({ seq: 'batch' in job ? job.batch.seq : job.seq, error: (error as Error).message } satisfies ParseAnswer);
    return;
  }
  parentPort!.postMessage(reply.answer, reply.transfer);
});
