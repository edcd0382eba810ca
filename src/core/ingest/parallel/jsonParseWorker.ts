// Worker thread entry of the NDJSON parse pool: parses and normalizes line batches sent by
// parallelJson.ts and sends them back packed (packedBatch.ts). Bundled as dist/jsonParseWorker.js; run from source under tsx.

import { parentPort } from 'node:worker_threads';
import { parseBatch, type LineBatch } from './jsonBatch';
import { packBatch, packedBuffers, type ParseAnswer } from './packedBatch';

parentPort?.on('message', (batch: LineBatch) => {
  let answer: ParseAnswer;
  try {
    answer = { packed: packBatch(parseBatch(batch)), spent: batch.bytes.buffer as ArrayBuffer };
  } catch (error) {
    parentPort!.postMessage({ seq: batch.seq, error: (error as Error).message } satisfies ParseAnswer);
    return;
  }
  parentPort!.postMessage(answer, [...packedBuffers(answer.packed), answer.spent]);
});
