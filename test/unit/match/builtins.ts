// What the built-in analytics tests share: the analytics folder compiled once, a run over
// loaded paths (with an optional baseline) that keeps the rows of the chains' events, and
// lookups of chains and steps.

import assert from 'node:assert/strict';
import { join } from 'node:path';
import { HuntSession } from '../../../src/core/session/session';
import { defaultModules } from '../../../src/core/ingest/loadModules';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { runAnalytics } from '../../../src/core/match/run';
import type { RunResult } from '../../../src/core/types/session';
import type { Chain } from '../../../src/core/types/chain';
import type { Row } from '../../../src/core/types/store';

export const REPO = join(__dirname, '..', '..', '..');
export const ANALYTICS = join(REPO, 'analytics');
export const OTRF = join(REPO, '..', 'shared', 'datasets', 'otrf');
export const plans = huntFiles([ANALYTICS]).flatMap((p) => loadHuntFile(p).plans);

export async function run(paths: string[], baseline?: string[]): Promise<{ result: RunResult; row: (id: number) => Row }> {
  const session = await HuntSession.create(defaultModules);
  await session.load(paths);
  const base = baseline ? await HuntSession.create(defaultModules) : undefined;
  if (base && baseline) await base.load(baseline);
  const result = runAnalytics(session.store, plans, { baseline: base?.store });
  const rows = new Map<number, Row>();
  for (const c of result.chains) for (const s of c.steps) for (const e of s.events) rows.set(e.id, session.store.all('SELECT * FROM events WHERE id = ?', [e.id])[0]!);
  session.close();
  base?.close();
  return { result, row: (id) => rows.get(id)! };
}

export function chainsOf(result: RunResult, analytic: string, host?: string): Chain[] {
  return result.chains.filter((c) => c.analytic === analytic && (host === undefined || c.key.host === host));
}

export function step(chain: Chain, name: string) {
  const s = chain.steps.find((x) => x.name === name);
  assert.ok(s, `step ${name}`);
  return s;
}
