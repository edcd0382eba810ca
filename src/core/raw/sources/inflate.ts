// How large the pieces are that the decompressors hand on. zlib's streams default to 16 KiB:
// each piece is a round trip through libuv's thread pool and a step of every reader above it,
// and a record of a few KiB is cut across pieces every few records. A 200k-event (540 MB)
// NDJSON .gz took its reading thread 1.2 s more than the plain file in 16 KiB pieces, and
// about the same as the plain file in 1 MiB ones (docs/benchmarks.md).
export const INFLATE_CHUNK_BYTES = 1024 * 1024;
