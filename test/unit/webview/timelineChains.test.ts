// What the host sends for chains: ids, lineage from a bulk lookup or from per-event fields
// (bounded), step notes; lookups that fail leave the chain drawable.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { toTimelineChains } from '../../../src/views/timeline/timelineChains';
import type { TimelineServices } from '../../../src/views/timeline/services';
import { chainId } from '../../../src/protocol/webview';
import { svcRpcExec, manyChains } from './chains';

const unused = () => Promise.reject(new Error('not used here'));

function services(overrides: Partial<TimelineServices>): TimelineServices {
  return { raw: unused, neighbours: unused, fields: unused, ...overrides };
}

test('lineage comes from the events\' fields when there is no bulk lookup', async () => {
  const fields: Record<number, Record<string, string | number | null>> = {
    11: { host: 'WORKSTATION6', pid: 704, process_name: 'services.exe' },
    12: { host: 'WORKSTATION6', process_guid: '{C}', parent_guid: '{S}', process_name: 'cmd.exe' },
  };
  const calls: number[] = [];
  const [tc] = await toTimelineChains([svcRpcExec().chain], services({ fields: async (id) => { calls.push(id); return fields[id]; } }));
  assert.equal(tc.id, chainId(tc.chain));
  assert.deepEqual(calls.sort(), [11, 12]);
  assert.deepEqual(tc.processes, {
    11: { guid: 'pid:WORKSTATION6:704', parentGuid: null, name: 'services.exe (pid 704)' },
    12: { guid: '{C}', parentGuid: '{S}', name: 'cmd.exe' },
  });
});

test('a bulk lookup is used once; failures and large sets leave lanes by host only', async () => {
  let bulk = 0;
  const [a] = await toTimelineChains([svcRpcExec().chain], services({ processes: async (ids) => { bulk++; return { [ids[0]]: { guid: 'g', parentGuid: null, name: 'x' } }; } }));
  assert.equal(bulk, 1);
  assert.deepEqual(Object.keys(a.processes ?? {}), ['11']);
  const [b] = await toTimelineChains([svcRpcExec().chain], services({ fields: () => Promise.reject(new Error('session gone')) }));
  assert.deepEqual(b.processes, {});
  let lookups = 0;
  const big = await toTimelineChains(manyChains(300).map((c) => c.chain), services({ fields: async () => { lookups++; return {}; } }));
  assert.equal(big.length, 300);
  assert.equal(lookups, 0, 'more than 400 events: no per-event lookups');
});

test('step notes are attached when the services know them', async () => {
  const [tc] = await toTimelineChains([svcRpcExec().chain], services({ fields: async () => ({}), stepNotes: async (c) => c.steps.map((s) => `why ${s.name}`) }));
  assert.deepEqual(tc.stepNotes, ['why inbound', 'why install', 'why child']);
});
