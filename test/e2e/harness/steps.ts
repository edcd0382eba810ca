// Tests of one e2e session build on each other (load → run → timeline → raw). `step` runs a
// test body: when an earlier test it names in `needs` failed, it fails at once instead of
// waiting out its own timeouts; on failure it prints what VS Code and the browser logged and
// keeps a screenshot named after the test.
import assert from 'node:assert/strict';
import type { TestContext } from 'node:test';
import type { E2eSession } from './session';

export type Step = (t: TestContext, needs: readonly string[], body: () => Promise<void>) => Promise<void>;

export function stepRunner(session: () => E2eSession, prefix: string): Step {
  const failed = new Set<string>();
  return async (t, needs, body) => {
    const missing = needs.filter((name) => failed.has(name));
    if (missing.length) {
      failed.add(t.name);
      assert.fail(`not run: it needs "${missing.join('", "')}", which failed`);
    }
    try {
      await body();
    } catch (error) {
      failed.add(t.name);
      const shot = await session().workbench.screenshot(`${prefix}failed-${t.name.replace(/\W+/g, '-')}`).catch(() => 'none');
      console.error(`\n----- ${t.name} failed; screenshot ${shot}; VS Code logs follow\n${session().logs()}`);
      throw error;
    }
  };
}
