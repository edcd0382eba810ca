// Inline analytic tests (`test "name" expect N [events]` or `... from "events.json"`): each
// test loads its events into a fresh store, runs its analytic alone, and compares the number
// of chains with the expectation. Event keys may be any field alias; times are ISO 8601 or
// epoch milliseconds. `huntbench test` and the golden tests run these.

import { readRegularTextSync } from '../fs/regularFile';
import { dirname, resolve } from 'node:path';
import { resolveField } from '../schema/aliases';
import { column, type NormalizedEvent } from '../schema/columns';
import type { LoadedRecord } from '../types/records';
import { SqlStore } from '../store/sqlStore';
import type { TestResult } from '../types/session';
import { runAnalytics } from '../match/run';
import type { HuntFile } from '../dsl/load';
import type * as A from '../dsl/syntax/ast';

type JsonEvent = Readonly<Record<string, unknown>>;

/** A test event as the loaders would have produced it: aliases resolved, time in epoch ms. */
export function normalizeTestEvent(json: JsonEvent): NormalizedEvent {
  const event: Record<string, string | number | null> = {};
  for (const [key, value] of Object.entries(json)) {
    const name = resolveField(key);
    if (!name || name === 'id' || name === 'source_id' || name === 'line' || name === 'offset' || name === 'length') continue;
    if (name === 'ts') {
      event.ts = typeof value === 'number' ? value : Date.parse(String(value));
      event.ts_raw = String(value);
      continue;
    }
    if (value === null || value === undefined) event[name] = null;
    else if (column(name)?.type === 'integer') event[name] = typeof value === 'number' ? value : Number(value);
    else event[name] = typeof value === 'boolean' ? String(value) : String(value);
  }
  return event as NormalizedEvent;
}

/** Events of a test given as a file: a JSON array or NDJSON, relative to the `.hunt` file. */
function readEventsFile(huntPath: string, file: string): JsonEvent[] {
  const text = readRegularTextSync(resolve(dirname(huntPath), file)).trim();
  if (text.startsWith('[')) return JSON.parse(text) as JsonEvent[];
  return text.split(/\r?\n/).filter((l) => l.trim() !== '').map((l, i) => {
    try {
      return JSON.parse(l) as JsonEvent;
    } catch (e) {
      throw new Error(`${file}:${i + 1}: ${(e as Error).message}`);
    }
  });
}

/** Loads events into a new, indexed store whose single source is named `name`. */
export async function storeOf(name: string, events: readonly NormalizedEvent[]): Promise<SqlStore> {
  const store = await SqlStore.open();
  const source = store.addSource({ path: name, member: null, format: 'test', dialect: null });
  const records: LoadedRecord[] = events.map((event, i) => ({ pointer: { line: i + 1, offset: 0, length: 0 }, event }));
  store.insertBatch(source, records);
  store.buildIndexes();
  return store;
}

export async function runInlineTests(file: HuntFile): Promise<TestResult[]> {
  const results: TestResult[] = [];
  const analytics = file.document.items.filter((i): i is A.Analytic => i.kind === 'Analytic');
  for (const analytic of analytics) {
    const id = analytic.id?.value ?? '';
    const plan = file.plans.find((p) => p.id === id);
    for (const test of analytic.tests) {
      const name = test.name?.value ?? '';
      const expected = test.expect?.value ?? 0;
      const base = { analytic: id, name, expected, span: test.span };
      if (!plan) {
        results.push({ ...base, actual: 0, passed: false, error: 'the analytic did not compile (see `huntbench check`)', chains: [] });
        continue;
      }
      let json: JsonEvent[];
      try {
        json = test.events ? test.events.map((e) => e.value) : readEventsFile(file.path, test.file?.value ?? '');
      } catch (e) {
        results.push({ ...base, actual: 0, passed: false, error: (e as Error).message, chains: [] });
        continue;
      }
      const store = await storeOf(`${file.path}#${name}`, json.map(normalizeTestEvent));
      try {
        const { chains } = runAnalytics(store, [plan]);
        results.push({ ...base, actual: chains.length, passed: chains.length === expected, chains });
      } finally {
        store.close();
      }
    }
  }
  return results;
}
