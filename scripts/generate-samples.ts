// Generates the demo scenarios under samples/ (deterministic: same seed, same bytes), or,
// with --events, a large benchmark set with the scenarios' chains embedded at known places.
//   npm run samples                                   regenerate samples/
//   npx tsx scripts/generate-samples.ts --events 1000000 --out bench/data/scenarios [--chains 200] [--seed 7]
import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { writeBenchmark } from './samples/bench';
import { FIRST_HUNT, FIRST_HUNT_PATH } from './samples/firstHunt';
import { seededRandom } from './samples/random';
import { SCENARIOS } from './samples/scenarios';
import { recordNumbers, samplesIndex, samplesLabels, writeScenario } from './samples/write';

/** The lab's day: a Tuesday, working hours, UTC. */
const LAB_START = Date.parse('2025-09-16T13:00:00Z');

const { values } = parseArgs({
  options: {
    out: { type: 'string' },
    seed: { type: 'string', default: '20250916' },
    events: { type: 'string' },
    chains: { type: 'string' },
  },
});

async function main(): Promise<void> {
  const rng = seededRandom(Number(values.seed));
  if (values.events !== undefined) {
    const events = Number(values.events);
    if (!Number.isInteger(events) || events <= 0) throw new Error(`--events must be a positive integer, got "${values.events}"`);
    const chains = values.chains === undefined ? Math.max(SCENARIOS.length, Math.round(events / 10_000)) : Number(values.chains);
    await writeBenchmark(rng, { out: values.out ?? join('bench', 'data', 'scenarios'), events, chains, start: LAB_START });
  } else {
    const root = values.out ?? 'samples';
    const numbers = recordNumbers(rng);
    const scenarios = SCENARIOS.map((build) => build(rng, LAB_START));
    for (const scenario of scenarios) {
      rmSync(join(root, scenario.folder), { recursive: true, force: true });
      mkdirSync(join(root, scenario.folder), { recursive: true });
      for (const path of writeScenario(root, scenario, numbers)) console.error(`wrote ${path}`);
    }
    writeFileSync(join(root, 'README.md'), samplesIndex(scenarios));
    writeFileSync(join(root, 'labels.json'), samplesLabels(scenarios));
    mkdirSync(dirname(join(root, FIRST_HUNT_PATH)), { recursive: true });
    writeFileSync(join(root, FIRST_HUNT_PATH), FIRST_HUNT);
    // The demo workspace opens the walkthrough "Hunt your first chain" on first start.
    mkdirSync(join(root, '.vscode'), { recursive: true });
    writeFileSync(join(root, '.vscode', 'settings.json'), `${JSON.stringify({ 'huntbench.openWalkthrough': true }, null, 2)}\n`);
  }
}

main().catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
