// Selections judged in the in-memory columns (dsl/compile/columnar.ts) against the same
// selections' compiled JS predicate asked of every row as SQL returns it: `and`, `or` and
// `not` across columns, text decided per code, numbers per small value, NULLs, numbers past
// the per-value table, and enough events for the conditions to be reordered by a sample.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHuntText } from '../../../../src/core/dsl/load';
import { normalizeTestEvent, storeOf } from '../../../../src/core/session/inlineTests';
import type { Row } from '../../../../src/core/types/store';

const SELECTIONS = [
  'process where action == "start" and parent_name in ("services.exe", "wmiprvse.exe")',
  'process where process_name == "x.exe" or (parent_name == "services.exe" and not image like "*\\\\svc*.exe")',
  'any where (category == "service" and action in ("crash", "fail")) or (category == "process" and action == "crash")',
  'network where not (dst_port in (135, 445) or dst_port >= 49152) and src_port != 0',
  'network where dst_port == null or src_port > 70000 or src_port < 0',
  'network where not dst_port in (445) and not process_name in ("system", "svchost.exe")',
  'process where command_line like ("*-embedding*", "*/automation*") and not user like ("*$", "NT AUTHORITY\\\\*")',
];

/** A spread of events: every value repeats (codes are shared), some are missing, ports run past 65535 and below 0. */
function events(count: number): Record<string, unknown>[] {
  const names = ['x.exe', 'svc.exe', 'cmd.exe', 'System', 'svchost.exe', 'X.EXE'];
  const parents = ['services.exe', 'wmiprvse.exe', 'explorer.exe', 'Services.exe'];
  const actions = ['start', 'crash', 'fail', 'stop'];
  const users = ['WS1$', 'NT AUTHORITY\\SYSTEM', 'CORP\\eve', null];
  const ports = [135, 445, 3389, 49152, 65000, 70001, -5, 0, null];
  let seed = 7;
  const random = (n: number): number => {
    seed = (Math.imul(seed, 1103515245) + 12345) >>> 0;
    return (seed >>> 8) % n;
  };
  return Array.from({ length: count }, (_, i) => {
    const category = ['process', 'network', 'service'][i % 3]!;
    const pick = <T>(list: readonly T[]): T => list[random(list.length)]!;
    const event: Record<string, unknown> = { ts: new Date(Date.UTC(2024, 0, 1) + i * 1000).toISOString(), host: `H${i % 5}`, category, action: pick(actions) };
    if (i % 17 !== 0) event.process_name = pick(names);
    if (i % 13 !== 0) event.parent_name = pick(parents);
    if (i % 7 !== 0) event.image = `C:\\Windows\\${pick(['svc1.exe', 'evil.exe', 'svc.exe'])}`;
    if (i % 5 !== 0) event.command_line = `${pick(['mmc.exe -Embedding', 'excel.exe /automation', 'cmd.exe /c x'])} ${i % 23}`;
    const user = pick(users);
    if (user !== null) event.user = user;
    if (category === 'network') {
      const [src, dst] = [pick(ports), pick(ports)];
      if (src !== null) event.src_port = src;
      if (dst !== null) event.dst_port = dst;
    }
    return event;
  });
}

test('selections judged in the columns keep exactly the events their predicate passes', async () => {
  const source = events(9000);
  const store = await storeOf('columnar', source.map((e) => normalizeTestEvent(e as never)));
  const view = store.columns()!;
  const text = SELECTIONS.map((s, i) => `analytic "T${i}" {\n  title "t"\n  severity low\n  sequence\n    step s: ${s}\n}`).join('\n');
  const file = loadHuntText('columnar.hunt', text);
  assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), []);
  const rows: Row[] = store.all('SELECT * FROM events ORDER BY id');
  for (const plan of file.plans) {
    const alt = plan.steps[0]!.alternatives[0]!;
    const positions = alt.columnar!.select(view);
    assert.ok(positions, `${plan.id} is judged in the columns`);
    const expected = rows.filter((row) => alt.local({ row, refs: new Map(), baseline: null, tuples: [] })).map((row) => view.position(Number(row.id)));
    assert.ok(expected.length > 0 && expected.length < rows.length, `${plan.id} keeps some events and drops others (${expected.length})`);
    assert.deepEqual([...positions!], expected, SELECTIONS[Number(plan.id.slice(1))]);
  }
});
