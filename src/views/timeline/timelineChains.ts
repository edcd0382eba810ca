// Chains as the timeline receives them: a stable id each, the processes of their events
// (for lineage lanes), their steps' explanations, and their story (one sentence per step and
// the values carried between steps), from whatever the services can tell.
// No vscode import: unit-tested in node.

import type { Chain } from '../../core/types/chain';
import { chainId, type ProcessRef, type TimelineChain } from '../../protocol/webview';
import type { TimelineServices } from './services';
import { processRefFromFields } from './lineage';
import { chainStory, type Fields } from '../../core/format/story';

/** Beyond this many events, lineage is only drawn when the services can look processes up in bulk. */
const LINEAGE_LOOKUPS = 400;

/** Chains as the timeline shows them, with lineage and step notes where the services know them. */
export async function toTimelineChains(chains: readonly Chain[], services: TimelineServices): Promise<TimelineChain[]> {
  const ids = [...new Set(chains.flatMap((c) => c.steps.flatMap((s) => s.events.map((e) => e.id))))];
  const rows = await rowsOf(ids, services);
  const processes = services.processes ? await processesOf(ids, services) : fromRows(rows);
  return Promise.all(chains.map(async (chain) => {
    const own: Record<number, ProcessRef> = {};
    for (const step of chain.steps) for (const e of step.events) if (processes[e.id]) own[e.id] = processes[e.id];
    const stepNotes = services.stepNotes ? await services.stepNotes(chain).catch(() => undefined) : undefined;
    const story = rows.size ? chainStory(chain, rows) : undefined;
    return { id: chainId(chain), chain, processes: own, ...(stepNotes ? { stepNotes } : {}), ...(story ? { story } : {}) };
  }));
}

/** The events' columns, in bulk where the services can; a failed lookup leaves the story out. */
async function rowsOf(ids: readonly number[], services: TimelineServices): Promise<ReadonlyMap<number, Fields>> {
  if (!ids.length) return new Map();
  if (services.rows) return services.rows(ids).catch(() => new Map());
  if (ids.length > LINEAGE_LOOKUPS) return new Map();
  const out = new Map<number, Fields>();
  await Promise.all(ids.map(async (id) => {
    const fields = await services.fields(id).catch(() => undefined);
    if (fields) out.set(id, fields);
  }));
  return out;
}

function fromRows(rows: ReadonlyMap<number, Fields>): Readonly<Record<number, ProcessRef>> {
  const out: Record<number, ProcessRef> = {};
  for (const [id, fields] of rows) {
    const ref = processRefFromFields(fields);
    if (ref) out[id] = ref;
  }
  return out;
}

/** Lineage is a nicety: a failed lookup leaves the events in their host lane. */
async function processesOf(ids: readonly number[], services: TimelineServices): Promise<Readonly<Record<number, ProcessRef>>> {
  return ids.length && services.processes ? services.processes(ids).catch(() => ({})) : {};
}
