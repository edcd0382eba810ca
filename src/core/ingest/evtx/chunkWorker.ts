// Worker-thread entry of the EVTX chunk pool: decodes and normalizes the chunks it is sent and
// posts the results back packed (packedChunk.ts) with the request's id. Bundled as dist/evtxChunkWorker.js.

import { parentPort } from 'node:worker_threads';
import { decodeNormalizedChunk } from './normalizedChunk';
import { packChunk, packedChunkBuffers } from './packedChunk';
import type { ChunkRequest, ChunkResponse } from './pool';

parentPort?.on('message', (request: ChunkRequest) => {
  let response: ChunkResponse;
  try {
    response = { id: request.id, packed: packChunk(decodeNormalizedChunk(request.bytes, request.number, request.fileOffset)) };
  } catch (error) {
    parentPort!.postMessage({ id: request.id, error: (error as Error).message } satisfies ChunkResponse);
    return;
  }
  parentPort!.postMessage(response, packedChunkBuffers(response.packed));
});
