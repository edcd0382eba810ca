// Entry the VS Code extension host loads (`--extensionTestsPath`): registers the suites, runs
// them, and rejects when any failed (so the host exits non-zero). When HUNTBENCH_IT_RESULTS
// names a file, the outcome is also written there as JSON: in code-server the extension host
// runs on the server, and that file is how codeServer.ts learns the result.

import { writeFileSync } from 'node:fs';
import { runAll } from './harness';
import './workbench.tests';

export async function run(): Promise<void> {
  const outcome = await runAll();
  const results = process.env.HUNTBENCH_IT_RESULTS;
  if (results) writeFileSync(results, JSON.stringify(outcome, null, 2));
  if (outcome.failed.length) throw new Error(`${outcome.failed.length} integration test(s) failed: ${outcome.failed.map((f) => f.name).join('; ')}`);
}
