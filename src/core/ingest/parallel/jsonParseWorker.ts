// Worker thread entry of the NDJSON parse pool: parses and normalizes line batches sent by
// parallelJson.ts. Bundled as dist/jsonParseWorker.js; run from source under tsx.

import { parentPort } from 'node:worker_threads';
import { parseBatch, type LineBatch } from './jsonBatch';

parentPort?.on('message', (batch: LineBatch) => {
  try {
    parentPort!.postMessage(parseBatch(batch));
  } catch (error) {
    parentPort!.postMessage({ seq: batch.seq, error: (error as Error).message });
  }
});
