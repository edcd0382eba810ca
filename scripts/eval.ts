// `npm run eval [-- --labels file.json]... [-- --analytics dir]`: scores the analytics
// (the built-in ones by default) against labelled captures and prints the confusion per
// analytic and every wrong row (src/core/eval). Default labels: the shared datasets'
// labels.json ($HUNTBENCH_SHARED or ../shared next to the repo) and the project's own
// (samples/labels.json, test/fixtures/eval/labels.json); absent ones are skipped. Exit 1
// when an analytic with rows is below the target precision or recall.

import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { huntFiles, loadHuntFile } from '../src/core/dsl/load';
import { evaluate } from '../src/core/eval/evaluate';
import { meetsTarget, reportText } from '../src/core/eval/report';
import { defaultModules } from '../src/core/ingest/loadModules';

const REPO = join(__dirname, '..');
const shared = process.env.HUNTBENCH_SHARED ?? join(REPO, '..', 'shared');

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { labels: { type: 'string', multiple: true }, analytics: { type: 'string', multiple: true } } });
  const labels = values.labels ?? [join(shared, 'datasets', 'labels.json'), join(REPO, 'samples', 'labels.json'), join(REPO, 'test', 'fixtures', 'eval', 'labels.json')];
  const files = huntFiles(values.analytics ?? [join(REPO, 'analytics')]).map((p) => loadHuntFile(p));
  const report = await evaluate(labels, files, defaultModules);
  console.log(reportText(report));
  if (!meetsTarget(report) || report.errors.length) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
