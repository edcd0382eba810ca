// A tiny test runner for the extension host (mocha is not a dependency): suites register
// tests with `test()`; `runAll()` executes them in order with a per-test timeout, prints one
// line per test and a pass/fail count, and returns the outcome for the entry to report.

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

export interface Outcome {
  readonly passed: readonly string[];
  readonly failed: readonly { readonly name: string; readonly error: string }[];
}

/** Runs every registered test; resolves with the outcome, never rejects. */
export async function runAll(timeoutMs = 60_000): Promise<Outcome> {
  const passed: string[] = [];
  const failed: { name: string; error: string }[] = [];
  for (const { name, fn } of tests) {
    const started = Date.now();
    let timer: NodeJS.Timeout | undefined;
    try {
      await Promise.race([
        Promise.resolve().then(fn),
        new Promise((_, reject) => { timer = setTimeout(() => reject(new Error(`timed out after ${timeoutMs} ms`)), timeoutMs); }),
      ]);
      passed.push(name);
      console.log(`  ✔ ${name} (${Date.now() - started} ms)`);
    } catch (error) {
      const text = (error as Error).stack ?? String(error);
      failed.push({ name, error: text });
      console.log(`  ✖ ${name}\n    ${text}`);
    } finally {
      clearTimeout(timer);
    }
  }
  console.log(`\n${passed.length} passed, ${failed.length} failed`);
  return { passed, failed };
}
