// Differential test: our binary EVTX parser against python-evtx's evtx_dump.py (Debian
// python3-evtx) on the shared EVTX-ATTACK-SAMPLES. For every record python-evtx prints, the
// event id, record id, time, provider, channel, computer and every EventData/UserData value
// must match ours (see compare.ts for the documented rendering differences), and we must not
// produce records it does not. By default a representative subset runs (every Lateral_Movement
// file with Security or Sysmon events, and the largest files); HUNTBENCH_FULL=1 runs them all.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import { createReadStream, existsSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { evtxFilesUnder } from './evtxFiles';
import { promisify } from 'node:util';
import { readEvtxRecords, inlineDecoder } from '../../../../src/core/ingest/evtx/index';
import type { WinEvent } from '../../../../src/core/types/records';
import { parseReference } from './referenceXml';
import { differences } from './compare';

const DATASET = '../shared/datasets/evtx';
const LARGEST = 4;
const run = promisify(execFile);

function findReference(): string | undefined {
  return (process.env.PATH ?? '').split(':').map((dir) => join(dir, 'evtx_dump.py')).find((path) => existsSync(path));
}

async function ours(path: string): Promise<{ events: WinEvent[]; problems: string[] }> {
  const problems: string[] = [];
  const context = { sourceName: path, reject: (r: { reason: string }) => problems.push(r.reason), warn: (m: string) => problems.push(m) };
  const events: WinEvent[] = [];
  for await (const record of readEvtxRecords(createReadStream(path), context, inlineDecoder)) events.push(record.event);
  return { events, problems };
}

async function select(files: string[]): Promise<string[]> {
  if (process.env.HUNTBENCH_FULL === '1') return files;
  const largest = [...files].sort((a, b) => statSync(b).size - statSync(a).size).slice(0, LARGEST);
  const lateral: string[] = [];
  for (const file of files.filter((f) => f.includes('Lateral_Movement'))) {
    const { events } = await ours(file);
    if (events.some((e) => e.channel === 'Security' || e.channel === 'Microsoft-Windows-Sysmon/Operational')) lateral.push(file);
  }
  return [...new Set([...lateral, ...largest])].sort();
}

/** Starts evtx_dump.py on every file, two at a time (it is slow), results in file order. */
function referenceOutputs(reference: string, files: string[]): Promise<string>[] {
  const slots: Promise<unknown>[] = [Promise.resolve(), Promise.resolve()];
  return files.map((file, i) => {
    const output = slots[i % 2].then(() => run(reference, [file], { maxBuffer: 1 << 30 }).then((r) => r.stdout));
    slots[i % 2] = output.catch(() => undefined);
    return output;
  });
}

test('binary EVTX decodes like python-evtx on the shared samples', async (t) => {
  if (!existsSync(DATASET)) {
    t.skip(`no shared EVTX samples at ${DATASET}`);
    return;
  }
  const reference = findReference();
  assert.ok(reference, 'evtx_dump.py not on PATH: install the reference decoder with `apt-get install python3-evtx` (.ci/run does)');
  const files = await select(evtxFilesUnder(DATASET));
  const outputs = referenceOutputs(reference, files);
  let records = 0;
  for (const [i, file] of files.entries()) {
    await t.test(relative(DATASET, file), async () => {
      const expected = parseReference(await outputs[i]);
      const { events } = await ours(file);
      const byId = new Map<string, WinEvent[]>();
      for (const e of events) byId.set(String(e.recordId), [...(byId.get(String(e.recordId)) ?? []), e]);
      const problems: string[] = [];
      for (const want of expected) {
        const got = byId.get(String(want.recordId))?.shift();
        if (got === undefined) problems.push(`record ${want.recordId}: missing from ours`);
        else problems.push(...differences(got, want).map((d) => `record ${want.recordId}: ${d}`));
      }
      const extra = [...byId.values()].flat();
      if (extra.length > 0) problems.push(`${extra.length} records python-evtx does not print (first id ${extra[0].recordId})`);
      records += expected.length;
      assert.deepEqual(problems.slice(0, 20), [], `${problems.length} differences`);
      assert.ok(expected.length > 0 || events.length === 0);
    });
  }
  t.diagnostic(`compared ${records} records in ${files.length} files${process.env.HUNTBENCH_FULL === '1' ? '' : ' (subset; HUNTBENCH_FULL=1 for all)'}`);
});
