// Writes scenarios to disk: the small committed demo set under samples/, with a README
// per scenario and an index.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import type { Random } from './random';
import type { Scenario } from './records';
import { RecordNumbers, renderFile } from './render';

export function recordNumbers(rng: Random): RecordNumbers {
  const starts = new Map<string, number>();
  return new RecordNumbers((key) => {
    const value = starts.get(key) ?? rng.int(40_000, 3_000_000);
    starts.set(key, value);
    return value;
  });
}

export function writeScenario(root: string, scenario: Scenario, numbers: RecordNumbers): string[] {
  const folder = join(root, scenario.folder);
  const written: string[] = [];
  for (const file of scenario.files) {
    const path = join(folder, file.path);
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, renderFile(file.format, file.records, numbers));
    written.push(path);
  }
  writeFileSync(join(folder, 'README.md'), scenario.readme);
  return written;
}

export function samplesIndex(scenarios: readonly Scenario[]): string {
  return [
    '# Huntbench demo scenarios',
    '',
    'Small lab stories for trainers and newcomers, one folder per built-in analytic, in the formats real exports use.',
    'All of it is project-written (`npm run samples` regenerates it from `scripts/generate-samples.ts`, seeded, byte-identical);',
    'the lab is modelled on the OTRF `theshire.local` lab (WORKSTATION5 172.18.39.5, WORKSTATION6 172.18.39.6, MORDORDC 172.18.38.5).',
    '',
    '| folder | analytic | chain on |',
    '|---|---|---|',
    ...scenarios.map((s) => `| [${s.folder}](${s.folder}/README.md) | ${s.analytic} | ${s.expected.host} |`),
    '',
    '`hunts/first-hunt.hunt` is an analytic of your own to read, edit and run (Huntbench: Run Analytic) next to the four built-ins.',
    '',
    'Open this folder in VS Code (or run `npm start`), then follow the walkthrough "Hunt your first chain".',
    '',
  ].join('\n');
}
