// The shared walker's contract: a construct a target cannot express is dropped towards a
// superset (a dropped leaf is true; an `or`/`not` around it goes whole) and reported with the
// span of the construct; what the target can express stays. Also the YAML emitter and mappings.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { load } from 'js-yaml';
import { loadHuntText } from '../../../src/core/dsl/load';
import { exportFile } from '../../../src/core/export/index';
import { loadMapping } from '../../../src/core/export/mapping';
import { toYaml } from '../../../src/core/export/yaml';

const TEXT = `list none = []
analytic "T1" {
  title "walker"
  severity low
  sequence by host within 5m
    step a: network where dst_port == 445
    step b: network where action == "connect" and (dst_ip == a.src_ip or dst_port == 80)
                      and not src_ip == a.dst_ip and dst_port != 22 and not dst_ip in none
}
`;
const file = loadHuntText('/tmp/walker.hunt', TEXT);

test('EQL drops references towards a superset and reports each with its span', () => {
  const [a] = exportFile(file, 'eql').analytics;
  const refs = a!.diagnostics.filter((d) => d.code === 'HUNT4001');
  assert.deepEqual(refs.map((d) => TEXT.slice(d.span.start, d.span.end)), ['dst_ip == a.src_ip', 'src_ip == a.dst_ip']);
  const query = a!.text.split('\n').filter((l) => !l.startsWith('//')).join(' ').replace(/\s+/g, ' ');
  assert.match(query, /\[network where \(event\.type : "connection"\) and \(\(destination\.port == null or destination\.port != 22\)\)\]/);
  assert.doesNotMatch(query, /== 80/, 'the whole `or` around a dropped reference goes');
  assert.doesNotMatch(query, /source\.ip/, 'the `not` around a dropped reference goes');
});

test('under a `not`, a dropped leaf counts as false: `not (a and X)` goes whole, `not (a or X)` keeps `not a`', () => {
  const text = TEXT.replace(/step b: [\s\S]*?\n}/, 'step b: network where not (dst_port == 80 and dst_ip == a.src_ip) and not (dst_port == 22 or dst_ip == a.src_ip)\n}');
  const query = exportFile(loadHuntText('/tmp/not.hunt', text), 'eql').text.split('\n').filter((l) => !l.startsWith('//')).join(' ');
  assert.doesNotMatch(query, /== 80/, 'not (a and X) is not narrowed to not a');
  assert.match(query, /\[network where not \(destination\.port == 22\)\]/);
});

test('a condition whose events remove chains (absent step, until) drops leaves towards fewer removals', () => {
  const text = `analytic "T3" {\n title "x"\n severity low\n sequence by host within 10m\n  step logon: logon where logon_type == 10\n  absent step logoff: logon where action == "logoff" and logon_id == logon.logon_id\n  step net: network where dst_port == 445\n until network where peer_scope == "internal"\n}\n`;
  const query = exportFile(loadHuntText('/tmp/absent.hunt', text), 'eql').text;
  assert.match(query, /^ {2}!\[authentication where false\]$/m, 'an absence on every logoff of the host would drop chains Huntbench reports');
  assert.match(query, /^until \[network where false\]$/m);
});

test('KQL carries the same references through scan state, without diagnostics for them', () => {
  const [a] = exportFile(file, 'kql').analytics;
  assert.equal(a!.diagnostics.filter((d) => d.code === 'HUNT4001').length, 0);
  assert.match(a!.text, /\(dst_ip =~ a\.src_ip\) or \(dst_port == 80\)/);
  assert.match(a!.text, /not\(\(src_ip =~ a\.dst_ip\)\)/);
});

test('a condition on an empty list is constant: `in` never holds, `not in` always does', () => {
  const never = loadHuntText('/tmp/never.hunt', 'list none = []\nanalytic "T2" {\n title "x"\n severity low\n sequence by host\n  step a: network where dst_ip in none\n}\n');
  assert.match(exportFile(never, 'eql').analytics[0]!.text, /^network where false$/m);
  assert.doesNotMatch(exportFile(file, 'eql').analytics[0]!.text, /none|in~ \(\)/);
});

test('the YAML emitter round-trips through an independent parser', () => {
  const value = { title: "it's", detection: { sel1: { 'Image|endswith': ['\\cmd.exe', '*\\Program Files\\\\*'], n: 3, z: null, b: true }, condition: 'sel1' }, tags: [] };
  assert.deepEqual(load(toYaml(value)), value);
});

test('a YAML string keeps line breaks and control characters, as a value and as a key', () => {
  const hostile = ["a\nb", 'c\r\nd', 'tab\there', 'nul\u0000bell\u0007del\u007f\u0085', 'sep\u2028\u2029', 'quote\"back\\slash\n\'', 'lone\ud800', 'pair 😀\n'];
  for (const s of hostile) {
    const value = { [`k ${s}`]: s, list: [s] };
    assert.deepEqual(load(toYaml(value)), value, JSON.stringify(s));
  }
});

test('a workspace mapping overrides single fields; a mapping for another target is refused', () => {
  const dir = mkdtempSync(join(tmpdir(), 'hb-export-'));
  writeFileSync(join(dir, 'eql.json'), JSON.stringify({ fields: { host: 'agent.hostname' } }));
  const mapping = loadMapping('eql', join(dir, 'eql.json'));
  assert.equal(mapping.fields?.host, 'agent.hostname');
  assert.equal(mapping.fields?.dst_port, 'destination.port');
  assert.match(exportFile(file, 'eql', mapping).text, /sequence by agent\.hostname/);
  writeFileSync(join(dir, 'kql.json'), JSON.stringify({ target: 'kql' }));
  assert.throws(() => loadMapping('eql', join(dir, 'kql.json')), /kql\.json is for target "kql"/);
  assert.throws(() => loadMapping('eql', join(dir, 'missing.json')), /cannot read mapping .*missing\.json/);
});

test('values are translated through the mapping vocabulary; a value it lacks is reported, not passed through', () => {
  const text = 'analytic "T3" {\n title "x"\n severity low\n sequence by host\n  step a: network where direction == "inbound" and direction != "local"\n}\n';
  const vocab = loadHuntText('/tmp/vocab.hunt', text);
  const [a] = exportFile(vocab, 'sigma').analytics;
  assert.match(a!.text, /Initiated: 'false'/);
  const missing = a!.diagnostics.filter((d) => d.code === 'HUNT4008');
  assert.deepEqual(missing.map((d) => text.slice(d.span.start, d.span.end)), ['direction != "local"']);
  assert.match(missing[0]!.message, /value "local" of direction has no equivalent/);
});
