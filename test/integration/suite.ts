// Entry the VS Code extension host loads (`--extensionTestsPath`): registers the suites and
// runs them. Bundled by runTests.ts to out/integration/suite.js; usable by any harness that
// can start VS Code with a test entry (see docs/workbench.md).

import { runAll } from './harness';
import './workbench.tests';

export function run(): Promise<void> {
  return runAll();
}
