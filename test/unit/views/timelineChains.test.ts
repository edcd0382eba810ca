// What the host sends for chains: ids, lineage from the processes the session attached to the
// events (no engine request), step notes; a failed step-note lookup leaves the chain drawable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTimelineChains } from '../../../src/views/timeline/timelineChains';
import { chainId } from '../../../src/protocol/webview';
import type { Chain } from '../../../src/core/types/chain';
import { svcRpcExec } from '../webview/chains';

/** The SVC-RPC-EXEC chain with the processes a session attaches: a pid lane for services.exe, a GUID for cmd.exe. */
function withLineage(): Chain {
  const chain = svcRpcExec().chain;
  const processes = {
    11: { guid: 'pid:WORKSTATION6:704', parentGuid: null, name: 'services.exe (pid 704)' },
    12: { guid: '{C}', parentGuid: '{S}', name: 'cmd.exe' },
  } as const;
  return { ...chain, steps: chain.steps.map((s) => ({ ...s, events: s.events.map((e) => ({ ...e, process: processes[e.id as 11 | 12] })) })) };
}

test('lineage comes from the chain\'s own events, keyed by event id', async () => {
  const [tc] = await toTimelineChains([withLineage()], {});
  assert.equal(tc!.id, chainId(tc!.chain));
  assert.deepEqual(tc!.processes, {
    11: { guid: 'pid:WORKSTATION6:704', parentGuid: null, name: 'services.exe (pid 704)' },
    12: { guid: '{C}', parentGuid: '{S}', name: 'cmd.exe' },
  });
  const story = { sentences: ['a client reached WORKSTATION6', null, 'services.exe started cmd.exe'], carried: [[], [], ['pid 704']] };
  const [told] = await toTimelineChains([{ ...withLineage(), story }], {});
  assert.deepEqual(told!.story, story, 'the story the session attached travels with the chain');
  const [bare] = await toTimelineChains([svcRpcExec().chain], {});
  assert.deepEqual(bare!.processes, {}, 'events without a process stay in their host lane');
});

test('step notes are attached when the services know them; a failed lookup leaves none', async () => {
  const [tc] = await toTimelineChains([withLineage()], { stepNotes: async (c) => c.steps.map((s) => `why ${s.name}`) });
  assert.deepEqual(tc!.stepNotes, ['why inbound', 'why install', 'why child']);
  const [failed] = await toTimelineChains([withLineage()], { stepNotes: () => Promise.reject(new Error('document gone')) });
  assert.equal(failed!.stepNotes, undefined);
  assert.equal(Object.keys(failed!.processes ?? {}).length, 2);
});
