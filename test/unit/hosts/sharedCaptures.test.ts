// The built-in analytics on every shared capture (skipped when ../shared/datasets is absent),
// each loaded as an analyst would (an archive, or a folder whole): no chain has the host's own
// address (its own, loopback or link-local) as the other side of a network event; one
// connection never makes two chains; and no chain runs backwards beyond its slack. An episode
// (`merge`) folds chains that each keep the order (docs/language.md, "Order, with slack"): the
// order is checked on the chains before the fold, and the episodes must list exactly their events.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import type { Chain, ChainEvent } from '../../../src/core/types/chain';

const REPO = join(__dirname, '..', '..', '..');
const DATASETS = join(REPO, '..', 'shared', 'datasets');
const skip = existsSync(join(DATASETS, 'otrf')) ? false : `shared datasets absent (${DATASETS})`;
const plans = huntFiles([join(REPO, 'analytics')]).flatMap((p) => loadHuntFile(p).plans);

function captures(): string[] {
  const archives = (dir: string): string[] => (existsSync(dir) ? readdirSync(dir).filter((f) => /\.(zip|gz)$/.test(f)).map((f) => join(dir, f)) : []);
  const evtx = join(DATASETS, 'evtx');
  const folders = existsSync(evtx) ? readdirSync(evtx).filter((f) => !f.includes('.')).map((f) => join(evtx, f)) : [];
  return [...archives(join(DATASETS, 'otrf')), ...archives(join(DATASETS, 'otrf', 'lateral_movement')), ...folders];
}

/**
 * Steps out of order by more than the slack: an event of a later step before an earlier step's
 * event. An observation's records count at the time of its first record (later repeats of one
 * connection are the same access, not a later one).
 */
function backwards(chain: Chain, slack: number): string[] {
  const all = chain.steps.flatMap((s) => s.events);
  const firstOf = new Map(all.filter((e) => e.obs_id === e.id).map((e) => [e.id, e.corrected_ts ?? e.ts]));
  const time = (e: ChainEvent): number => (e.obs_id !== undefined ? firstOf.get(e.obs_id) : undefined) ?? e.corrected_ts ?? e.ts;
  const found: string[] = [];
  const steps = chain.steps.filter((s) => s.events.length);
  for (let i = 1; i < steps.length; i++) {
    const latestBefore = Math.max(...steps[i - 1]!.events.map(time));
    const earliest = Math.min(...steps[i]!.events.map(time));
    // Events around the ones the chain took may each sit `slack` to either side of them.
    if (earliest < latestBefore - 2 * slack) found.push(`${steps[i]!.name} ${earliest - latestBefore} ms before ${steps[i - 1]!.name}`);
  }
  return found;
}

test('shared captures: no own address as the other side, one chain per connection, no chain running backwards', { skip, timeout: 600_000 }, async () => {
  const slackOf = new Map(plans.map((p) => [p.id, p.slack]));
  // The analytics that fold episodes, run again without the fold: their chains as found.
  const unmerged = plans.filter((p) => p.merge !== null).map((p) => ({ ...p, merge: null }));
  assert.ok(unmerged.length > 0, 'some built-in analytic folds episodes');
  let chainsSeen = 0;
  let foldedSeen = 0;
  for (const path of captures()) {
    const session = await HuntSession.create(defaultModules);
    try {
      await session.load([path]);
      const { chains } = runAnalytics(session.store, plans);
      const found = runAnalytics(session.store, unmerged).chains;
      chainsSeen += chains.length;
      foldedSeen += found.length;
      const connections = new Map<string, number>();
      chains.forEach((chain, index) => {
        const ids = chain.steps.flatMap((s) => s.events.map((e) => e.id));
        const rows = session.store.all(`SELECT id, host, protocol, src_ip, src_port, dst_ip, dst_port, peer_scope FROM events WHERE category = 'network' AND id IN (${ids.map(() => '?').join(', ')})`, ids);
        for (const r of rows) {
          assert.ok(!['self', 'loopback', 'link_local'].includes(String(r.peer_scope)), `${path}: ${chain.analytic} on ${String(chain.key.host)} has event ${String(r.id)} with its own address as the other side (${String(r.peer_scope)})`);
        }
        // A connection: host, protocol and 5-tuple.
        const firstStep = new Set(chain.steps[0]!.events.map((e) => e.id));
        for (const r of rows.filter((x) => firstStep.has(Number(x.id)) && x.src_port !== null)) {
          const key = `${chain.analytic}|${String(r.host)}|${String(r.protocol)}|${String(r.src_ip)}:${String(r.src_port)}>${String(r.dst_ip)}:${String(r.dst_port)}`;
          const other = connections.get(key);
          assert.ok(other === undefined || other === index, `${path}: two ${chain.analytic} chains for one connection ${key}`);
          connections.set(key, index);
        }
      });
      const folded = new Set(unmerged.map((p) => p.id));
      for (const chain of [...chains.filter((c) => !folded.has(c.analytic)), ...found]) {
        assert.deepEqual(backwards(chain, slackOf.get(chain.analytic) ?? 0), [], `${path}: ${chain.analytic} on ${String(chain.key.host)}${folded.has(chain.analytic) ? ' (before merge)' : ''}`);
      }
      // The fold invents and loses nothing: per analytic and key, the episodes list the events of the chains found.
      const events = (list: readonly Chain[], analytic: string): string[] =>
        [...new Set(list.filter((c) => c.analytic === analytic).flatMap((c) => c.steps.flatMap((s) => s.events.map((e) => `${String(c.key.host)}#${e.id}`))))].sort();
      for (const analytic of folded) assert.deepEqual(events(chains, analytic), events(found, analytic), `${path}: ${analytic} episodes list the events of its chains`);
    } finally {
      session.close();
    }
  }
  assert.ok(chainsSeen > 0, 'the captures produce chains to check');
  assert.ok(foldedSeen > 0, 'the captures produce chains of the folding analytics to check');
});
