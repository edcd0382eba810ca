// The compiler's SQL prefilters (over `event_rows`, text of columns with a dictionary of their
// own compared by code): golden SQL, every value bound, never stronger than the JS
// predicate (the value semantics both sides share: dsl/semantics/values.test.ts).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { loadHuntText } from '../../../../src/core/dsl/load';
import { normalizeTestEvent, storeOf } from '../../../../src/core/session/inlineTests';

function plan(where: string, lists = '') {
  const file = loadHuntText('/tmp/c.hunt', `${lists}\nanalytic "C" {\n  title "t"\n  severity low\n  sequence by host\n    step a: network where ${where}\n}\n`);
  assert.deepEqual(file.diagnostics.filter((d) => d.severity === 'error'), []);
  return file.plans[0]!;
}

test('SQL prefilters: golden SQL with bound values', () => {
  const cases: [string, string, unknown[]][] = [
    ['dst_port in (135, 445) and direction == "Inbound"', 'ts IS NOT NULL AND category = ? AND (event_rows."dst_port" IN (?, ?) AND event_rows."direction" = ?)', ['network', 135, 445, 'inbound']],
    ['host != "ws1" or dst_port >= 49152', 'ts IS NOT NULL AND category = ? AND (NOT coalesce(event_rows."host" IN (SELECT id FROM dict_host WHERE value = ? COLLATE NOCASE), 0) OR event_rows."dst_port" >= ?)', ['network', 'ws1', 49152]],
    ['image like "*\\\\temp\\\\*" and not image like "*_x%"', 'ts IS NOT NULL AND category = ? AND (((SELECT value FROM strings WHERE id = event_rows."image") LIKE ? ESCAPE \'\\\') AND NOT coalesce(((SELECT value FROM strings WHERE id = event_rows."image") LIKE ? ESCAPE \'\\\'), 0))', ['network', '%\\\\temp\\\\%', '%\\_x\\%']],
    ['src_ip is not null and cidr(src_ip, "10.0.0.0/8")', 'ts IS NOT NULL AND category = ? AND event_rows."src_ip" IS NOT NULL', ['network']],
    ['not (dst_ip matches /x/ and dst_port == 1)', 'ts IS NOT NULL AND category = ?', ['network']],
    ['event_id == "4688"', 'ts IS NOT NULL AND category = ? AND event_rows."event_id" = ?', ['network', 4688]],
  ];
  for (const [where, sql, params] of cases) {
    const alt = plan(where).steps[0]!.alternatives[0]!;
    assert.equal(alt.filter.sql, sql, where);
    assert.deepEqual(alt.filter.params, params, where);
  }
});

test('SQL prefilters: a hostile literal stays a bound value', () => {
  const alt = plan(`host == "x' OR 1=1 --" and user in ("a\\"); DROP TABLE events; --")`).steps[0]!.alternatives[0]!;
  assert.ok(!alt.filter.sql.includes('OR 1=1') && !alt.filter.sql.includes('DROP'));
  assert.ok(alt.filter.params.includes("x' OR 1=1 --"));
});

const FIELDS = ['host', 'image', 'dst_port', 'src_ip'] as const;
const valueArb = fc.oneof(fc.constantFrom('WS1', 'ws1', 'C:\\Temp\\a.exe', 'c:\\temp\\A.EXE', 'É', 'é', '10.0.0.1', '', '_%'), fc.integer({ min: 0, max: 70000 }), fc.constant(null));
const exprArb: fc.Arbitrary<string> = fc.letrec<{ e: string }>((tie) => ({
  e: fc.oneof(
    { depthSize: 'small' },
    fc.tuple(fc.constantFrom('host', 'image'), fc.constantFrom('==', '!='), fc.constantFrom('"ws1"', '"C:\\\\temp\\\\a.exe"', '"é"')).map(([f, op, v]) => `${f} ${op} ${v}`),
    fc.tuple(fc.constantFrom('<', '>=', '=='), fc.integer({ min: 0, max: 70000 })).map(([op, n]) => `dst_port ${op} ${n}`),
    fc.constantFrom('image like "*\\\\temp\\\\*"', 'image like "?:*"', 'host in ("WS1", "x")', 'src_ip is null', 'cidr(src_ip, "10.0.0.0/8")', 'image matches /a\\.exe$/i'),
    tie('e').map((e) => `not (${e})`),
    fc.tuple(tie('e'), fc.constantFrom('and', 'or'), tie('e')).map(([a, op, b]) => `(${a}) ${op} (${b})`),
  ),
})).e;

test('property: the SQL prefilter never drops an event the JS predicate accepts, and what it leaves to JS decides the rest', async () => {
  await fc.assert(fc.asyncProperty(exprArb, fc.array(fc.record(Object.fromEntries(FIELDS.map((f) => [f, valueArb]))), { minLength: 1, maxLength: 8 }), async (where, rows) => {
    const p = plan(where);
    const alt = p.steps[0]!.alternatives[0]!;
    const store = await storeOf('prop', rows.map((r, i) => normalizeTestEvent({ ...r, ts: i + 1, category: 'network' })));
    try {
      const all = store.all('SELECT * FROM events ORDER BY id');
      // Filters are written over the row table, interned text compared by code.
      const viaSql = new Set(store.all(`SELECT id FROM event_rows WHERE ${alt.filter.sql}`, alt.filter.params).map((r) => Number(r.id)));
      for (const row of all) {
        const accepted = alt.local({ row, refs: new Map(), baseline: null, tuples: [] });
        if (accepted) assert.ok(viaSql.has(Number(row.id)), `${where} accepts ${JSON.stringify(row)} but SQL drops it`);
        if (alt.filter.exact) assert.equal(viaSql.has(Number(row.id)), accepted, `${where} is exact`);
        // A row the filter read needs only the residual test to be judged as the predicate judges it.
        if (viaSql.has(Number(row.id))) assert.equal(alt.residual({ row, refs: new Map(), baseline: null, tuples: [] }), accepted, `${where}: residual on ${JSON.stringify(row)}`);
      }
    } finally {
      store.close();
    }
  }), { numRuns: 150 });
});
