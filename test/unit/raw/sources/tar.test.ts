// tarMembers (tar.ts) on its own: what a consumer leaves of an entry, in whatever state,
// is read through, and every read it started settles.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { setImmediate as nextTurn } from 'node:timers/promises';
import { tarMembers } from '../../../../src/core/raw/sources/tar';
import { ndjson, tar } from '../../ingest/formats/helpers';

/** The bytes in small pieces, a turn of the event loop apart, so a read can be left waiting. */
async function* slowly(bytes: Uint8Array): AsyncIterable<Uint8Array> {
  for (let i = 0; i < bytes.length; i += 512) {
    await nextTurn();
    yield bytes.subarray(i, i + 512);
  }
}

test('a read the consumer left in flight settles when the rest of the entry is read through', async () => {
  const image = await tar([{ name: 'big.json', data: ndjson(2000, 'big') }, { name: 'next.json', data: ndjson(2, 'n') }]);
  const members = tarMembers(slowly(image), { short: () => undefined })[Symbol.asyncIterator]();
  const big = (await members.next()).value!;
  const bytes = big.stream[Symbol.asyncIterator]();
  assert.ok(!(await bytes.next()).done);
  const inFlight = bytes.next();
  const next = (await members.next()).value!;
  assert.equal(next.name, 'next.json');
  await inFlight;
  await members.return?.();
});
