// Worker thread entry of the NDJSON parse pool: parses and normalizes line batches sent by
// parallelJson.ts and sends them back packed (packedBatch.ts). Bundled as dist/jsonParseWorker.js; run from source under tsx.

import { parentPort } from 'node:worker_threads';
import { parseBatch, type LineBatch } from './jsonBatch';
import { packBatch, packedBuffers } from './packedBatch';

parentPort?.on('message', (batch: LineBatch) => {
  try {
    const packed = packBatch(parseBatch(batch));
    parentPort!.postMessage(packed, packedBuffers(packed));
  } catch (error) {
    parentPort!.postMessage({ seq: batch.seq, error: (error as Error).message });
  }
});
