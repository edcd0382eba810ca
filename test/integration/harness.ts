// A tiny test runner for the extension host (mocha is not a dependency): suites register
// tests with `test()`, `run()` executes them in order with a per-test timeout, prints one
// line per test and a pass/fail count, and rejects when any failed so the host exits non-zero.

type TestFn = () => Promise<void> | void;

const tests: { name: string; fn: TestFn }[] = [];

export function test(name: string, fn: TestFn): void {
  tests.push({ name, fn });
}

/** Polls `probe` until it returns a value other than undefined/false, or fails after `ms`. */
export async function waitFor<T>(what: string, probe: () => T | undefined | false | Promise<T | undefined | false>, ms = 10_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`timed out after ${ms} ms waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

export async function runAll(timeoutMs = 60_000): Promise<void> {
  let passed = 0;
  const failed: string[] = [];
  for (const { name, fn } of tests) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); }),
      ]);
      passed++;
      console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      failed.push(name);
      console.log(`  ✖ ${name}\n    ${(error as Error).stack ?? String(error)}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`\n${passed} passed, ${failed.length} failed`);
  if (failed.length) throw new Error(`${failed.length} integration test(s) failed: ${failed.join('; ')}`);
}
