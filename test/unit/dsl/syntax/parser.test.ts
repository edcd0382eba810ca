// Lexer and parser: tokens and spans, the tree for each construct, every node's span inside
// its parent's, and recovery: a syntax error is reported where it is and the rest of the file
// still parses and checks.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { lex } from '../../../../src/core/dsl/syntax/lexer';
import { parse } from '../../../../src/core/dsl/syntax/parser';
import { walk } from '../../../../src/core/dsl/syntax/visit';
import type * as A from '../../../../src/core/dsl/syntax/ast';
import { lineColumn, loadHuntText } from '../../../../src/core/dsl/load';

const ANALYTICS = join(__dirname, '..', '..', '..', '..', 'analytics');

test('lexer: kinds, decoded values and spans', () => {
  const text = 'step a by host.name gap 30s: x == "C:\\\\a\\tb" and y matches /a\\/b/i and z >= -5 # comment';
  const { tokens, diagnostics } = lex(text);
  assert.deepEqual(diagnostics, []);
  const shown = tokens.map((t) => [t.kind, t.value]);
  assert.deepEqual(shown, [
    ['ident', 'step'], ['ident', 'a'], ['ident', 'by'], ['ident', 'host.name'], ['ident', 'gap'], ['duration', 30000], ['op', ':'],
    ['ident', 'x'], ['op', '=='], ['string', 'C:\\a\tb'], ['ident', 'and'], ['ident', 'y'], ['ident', 'matches'], ['regex', 'a\\/b'],
    ['ident', 'and'], ['ident', 'z'], ['op', '>='], ['number', -5], ['eof', ''],
  ]);
  for (const t of tokens.slice(0, -1)) assert.equal(text.slice(t.span.start, t.span.end), t.text);
  assert.equal(tokens.find((t) => t.kind === 'regex')?.flags, 'i');
});

test('lexer: unknown escapes keep the backslash (Windows paths)', () => {
  assert.equal(lex('"C:\\Windows\\System32"').tokens[0]!.value, 'C:\\Windows\\System32');
});

test('lexer: a character outside the BMP is one error spanning the whole character', () => {
  const { tokens, diagnostics } = lex('a 😀 b');
  assert.deepEqual(diagnostics.map((d) => [d.code, d.span]), [['HUNT1001', { start: 2, end: 4 }]]);
  assert.match(diagnostics[0]!.message, /😀/);
  assert.deepEqual(tokens.map((t) => t.kind), ['ident', 'error', 'ident', 'eof']);
});

test('a lone CR ends a line, as in the editor: a CR-only file keeps its analytics and line numbers', () => {
  const text = '# header\ranalytic "X" {\r  title "t"\r  severity low\r  sequence by host\r    step a: process where image == "x" # note\r    step b: process where image == "y"\r}\r';
  const file = loadHuntText('/tmp/cr.hunt', text);
  assert.deepEqual(file.diagnostics, []);
  assert.equal(file.plans.length, 1);
  assert.equal(file.plans[0]!.steps.length, 2);
  assert.deepEqual(lineColumn(text, text.indexOf('step b')), { line: 7, column: 5 });
  assert.deepEqual(lineColumn('a\r\nb', 3), { line: 2, column: 1 }, 'CRLF is one line break');
});

test('parser: a full analytic builds the documented tree', () => {
  const { document, diagnostics } = parse(`
list ports = [135, 445]
analytic "X" {
  title "t"
  severity high
  attack T1021, T1569.002
  sequence by host within 5m
    step a by src_ip: network where dst_port in ports and not (process_name == "a" or pid > 4)
    optional step b gap 10s: service where service_name like ("x*", "y?")
    step c: any of { one: process where image matches /x/ | two: any where user is not null }
    step d: network having count >= 3, distinct(dst_port) >= 2 within 1m
    absent step e within 1m: logon where logon_id == a.logon_id
  until process where action == "end"
  baseline first 1d
  test "t" expect 1 [ {"ts": "2024-01-01T00:00:00Z", "n": 1, "b": true, "z": null} ]
}`);
  assert.deepEqual(diagnostics, []);
  const analytic = document.items[1] as A.Analytic;
  const seq = analytic.sequence!;
  assert.deepEqual(seq.by.map((f) => f.name), ['host']);
  assert.equal(seq.within?.ms, 300_000);
  assert.deepEqual(seq.steps.map((s) => [s.name?.name, s.mode]), [['a', 'required'], ['b', 'optional'], ['c', 'required'], ['d', 'required'], ['e', 'absent']]);
  assert.equal(seq.steps[1]!.gap?.ms, 10_000);
  assert.equal((seq.steps[2]!.body as A.Alternatives).options.map((o) => o.name.name).join(','), 'one,two');
  assert.deepEqual(seq.steps[3]!.having?.conditions.map((c) => [c.fn, c.field?.name ?? null, c.op, c.value?.value]), [['count', null, '>=', 3], ['distinct', 'dst_port', '>=', 2]]);
  assert.equal(seq.steps[4]!.within?.ms, 60_000);
  assert.equal(seq.until?.category.name, 'process');
  assert.equal(analytic.baseline?.duration?.ms, 86_400_000);
  assert.deepEqual(analytic.tests[0]!.events![0]!.value, { ts: '2024-01-01T00:00:00Z', n: 1, b: true, z: null });
  const where = (seq.steps[0]!.body as A.Selection).where as A.Logical;
  assert.equal(where.op, 'and');
  assert.equal(where.right.kind, 'Not');
});

test('parser: every node span lies inside its parent span (built-in analytics)', () => {
  for (const name of readdirSync(ANALYTICS).filter((n) => n.endsWith('.hunt'))) {
    const text = readFileSync(join(ANALYTICS, name), 'utf8');
    const { document, diagnostics } = parse(text);
    assert.deepEqual(diagnostics, [], name);
    let nodes = 0;
    walk(document, {
      enter(node: A.Node, parent: A.Node | null) {
        nodes++;
        assert.ok(node.span.start <= node.span.end, `${name}: ${node.kind} span is ordered`);
        if (parent) assert.ok(node.span.start >= parent.span.start && node.span.end <= parent.span.end, `${name}: ${node.kind} inside ${parent.kind}`);
      },
    });
    assert.ok(nodes > 50, name);
  }
});

test('recovery: a broken step is reported at its spot and later steps and analytics still check', () => {
  const text = `analytic "A" {
  title "t"
  severity low
  sequence by host within 5m
    step a: process where image == == "x"
    step b: network where dst_prt == 1
  test "t" expect 0 [ ]
}
analytic "B" {
  title "t"
  severity low
  sequence by host
    step c: process where procss_name == "x"
}
`;
  const { diagnostics, document } = loadHuntText('/tmp/r.hunt', text);
  const syntax = diagnostics.filter((d) => d.code === 'HUNT1005');
  assert.equal(syntax.length, 1);
  assert.equal(text.slice(syntax[0]!.span.start, syntax[0]!.span.end), '==');
  assert.equal(syntax[0]!.span.start, text.indexOf('== "x"'));
  const unknown = diagnostics.filter((d) => d.code === 'HUNT2001').map((d) => text.slice(d.span.start, d.span.end));
  assert.deepEqual(unknown, ['dst_prt', 'procss_name']);
  const [a, b] = document.items as A.Analytic[];
  assert.deepEqual(a!.sequence!.steps.map((s) => s.name?.name), ['b']);
  assert.equal(a!.tests.length, 1);
  assert.equal(b!.sequence!.steps.length, 1);
});

test('recovery: a missing closing brace is reported and the next analytic still parses', () => {
  const { document, diagnostics } = parse('analytic "A" {\n  title "t"\n  severity low\nanalytic "B" {\n  title "u"\n  severity low\n}\n');
  assert.equal(document.items.length, 2);
  assert.ok(diagnostics.some((d) => d.code === 'HUNT1005' && d.message.includes('`}`')));
});

test('parser: never throws on arbitrary input', () => {
  const samples = ['', '}', 'analytic', 'analytic "x" { sequence step', 'list = [', '"unterminated', 'analytic "a" { test "t" expect 1 [ { "x": } ] }', '/regex', '\u0000\u00ff'];
  for (const s of samples) assert.doesNotThrow(() => loadHuntText('/tmp/x.hunt', s), s);
});
