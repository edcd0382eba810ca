// Regression test: a text log holding a block of NUL padding in its first 64 KiB (a log cut
// short at a preallocated size) was detected as "binary data that is not EVTX" and skipped
// whole. A run of NULs now counts once; binary data is still refused.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { randomBytes } from 'node:crypto';
import { detectFormat } from '../../../src/core/ingest/detect';

test('NUL padding does not make a text log binary; binary data stays binary', () => {
  const record = Buffer.from('{"EventID":1,"Channel":"Security"}\n');
  assert.equal(detectFormat(Buffer.concat([record, Buffer.alloc(8192), Buffer.from('\n'), record]), 'x.json'), 'json');
  assert.equal(detectFormat(Buffer.concat([Buffer.from('#separator \\x09\n#fields\tts\n'), Buffer.alloc(4096)]), 'conn.log'), 'zeek-tsv');
  assert.equal(detectFormat(randomBytes(4096), 'x.json'), undefined);
});
