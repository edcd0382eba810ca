// What the host sends for chains: ids and step notes, the chain itself untouched (its events'
// processes and its story travel inside it); a failed step-note lookup leaves the chain drawable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTimelineChains } from '../../../src/views/timeline/timelineChains';
import { chainId } from '../../../src/protocol/webview';
import { svcRpcExec } from '../webview/chains';

test('each chain gets its stable id and travels whole, lineage included', async () => {
  const chain = svcRpcExec().chain;
  const [tc] = await toTimelineChains([chain], {});
  assert.equal(tc!.id, chainId(chain));
  assert.equal(tc!.chain, chain);
  assert.equal(tc!.stepNotes, undefined);
});

test('step notes are attached when the services know them; a failed lookup leaves none', async () => {
  const chain = svcRpcExec().chain;
  const [tc] = await toTimelineChains([chain], { stepNotes: async (c) => c.steps.map((s) => `why ${s.name}`) });
  assert.deepEqual(tc!.stepNotes, ['why inbound', 'why install', 'why child']);
  const [failed] = await toTimelineChains([chain], { stepNotes: () => Promise.reject(new Error('document gone')) });
  assert.equal(failed!.stepNotes, undefined);
  assert.equal(failed!.chain, chain);
});
