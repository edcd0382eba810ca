// Export → import: each built-in analytic exported to Sigma (huntbench export --to sigma) and
// run again as Sigma rules on the shared OTRF captures finds the analytic's chains wherever
// Sigma can express them. A chain is expressible when every required step has an event of a
// kind the step's exported rule reads (its log source: provider, channel, event id; a step
// lists every record of one observation, e.g. Sysmon 3 and Security 5156 of one connection);
// the export is a superset (docs/export.md), so Sigma may find more. For each expressible
// chain the Sigma run must have a match on the same host within the chain's time (plus the
// correlation's timespan). Prints per capture and analytic what each side found. Skips when
// the shared datasets are absent.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { huntFiles, loadHuntFile } from '../../../src/core/dsl/load';
import { exportFile } from '../../../src/core/export/index';
import { HuntSession } from '../../../src/core/session/session';
import type { LogsourceBranch } from '../../../src/core/sigma/logsource';
import { loadSigmaText } from '../../../src/core/sigma/load';
import { buildPack } from '../../../src/core/sigma/pack';
import type { Chain, ChainEvent } from '../../../src/core/types/chain';
import { REPO } from './shared';

const OTRF = join(process.env.HUNTBENCH_SHARED ?? join(REPO, '..', 'shared'), 'datasets', 'otrf');
const CAPTURES = ['empire_psexec_dcerpc_tcp_svcctl.zip', 'empire_psremoting_stager.zip', 'empire_persistence_registry_modification_run_keys_standard_user.zip', 'covenant_sharpsc_create_dcerpc_smb_svcctl.zip'].map((c) => join(OTRF, c));
const skip = CAPTURES.every(existsSync) ? false : `shared OTRF captures absent (${OTRF})`;

const shortHost = (value: unknown): string => String(value ?? '').split('.')[0]!.toUpperCase();

function reads(branches: readonly LogsourceBranch[], e: ChainEvent): boolean {
  const lower = (xs: readonly string[] | undefined): string[] | undefined => xs?.map((x) => x.toLowerCase());
  return branches.some((b) =>
    (!b.providers || lower(b.providers)!.includes(String(e.provider ?? '').toLowerCase()))
    && (!b.channels || lower(b.channels)!.includes(String(e.channel ?? '').toLowerCase()))
    && (!b.eventIds || (e.event_id !== null && b.eventIds.includes(e.event_id))));
}

test('built-in analytics exported to Sigma find their chains again where Sigma can express them', { skip, timeout: 600_000 }, async () => {
  const files = huntFiles([join(REPO, 'analytics')]).map((p) => loadHuntFile(p));
  const missed: string[] = [];
  let expressible = 0;
  for (const capture of CAPTURES) {
    const session = await HuntSession.create();
    try {
      await session.load([capture]);
      const chains = session.runPlans(files.flatMap((f) => f.plans)).chains;
      for (const file of files) {
        const pack = buildPack(loadSigmaText(`${file.path}.sigma.yml`, exportFile(file, 'sigma').text));
        assert.deepEqual(pack.unsupported.map((u) => u.reason), [], `${file.path}: the exported rules all compile`);
        const result = session.runSigma(pack);
        for (const plan of file.plans) {
          const stepRule = (step: string) => pack.rule(`${plan.id.toLowerCase()}-${step}`);
          const correlation = result.correlations.find((c) => c.correlation.name === `${plan.id.toLowerCase()}-sequence`);
          // Sigma's findings per host, as time spans: correlation matches, or a single step's events.
          const found = correlation
            ? correlation.matches.map((m) => ({ host: shortHost(Object.values(m.group)[0]), start: m.start, end: m.end + correlation.correlation.timespanMs }))
            : [];
          const single = !correlation ? result.detections.find((d) => d.rule.name === `${plan.id.toLowerCase()}-${plan.steps[0]!.name}`) : undefined;
          const singleHosts = new Set(single ? Object.values(session.eventRows(single.events)).map((r) => shortHost(r.host)) : []);
          const own = chains.filter((c: Chain) => c.analytic === plan.id);
          // Optional and absent steps never decide whether a chain fires; the export leaves them out.
          const required = new Set(plan.steps.filter((s) => s.mode === 'required').map((s) => s.name));
          const canExpress = (c: Chain): boolean => c.steps.filter((s) => !s.missing && required.has(s.name)).every((s) => {
            const rule = stepRule(s.name);
            return rule !== undefined && s.events.some((e) => reads(rule.branches.map((b) => b.branch), e));
          });
          const hosts = (cs: readonly Chain[]): string => [...new Set(cs.map((c) => shortHost(c.key.host)))].sort().join(',') || '-';
          console.log(`${capture.split('/').pop()} ${plan.id}: Huntbench ${hosts(own)}, expressible ${hosts(own.filter(canExpress))}; Sigma ${[...new Set([...found.map((f) => f.host), ...singleHosts])].sort().join(',') || '-'}`);
          for (const c of own.filter(canExpress)) {
            expressible++;
            const host = shortHost(c.key.host);
            const covered = correlation
              ? found.some((f) => f.host === host && f.start <= c.end && c.start <= f.end)
              : singleHosts.has(host);
            if (!covered) missed.push(`${plan.id} on ${host} at ${new Date(c.start).toISOString()} (${capture.split('/').pop()})`);
          }
        }
      }
    } finally {
      session.close();
    }
  }
  console.log(`export -> Sigma -> run: ${expressible - missed.length}/${expressible} expressible chains found again`);
  assert.ok(expressible > 0, 'some chains are expressible in Sigma');
  assert.deepEqual(missed, []);
});
