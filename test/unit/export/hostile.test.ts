// `.hunt` text is attacker-controlled: a title, a value or a name may hold quotes, backslashes,
// line breaks, wildcards or a target's own comment and pipe syntax. Whatever it holds, the
// export keeps it inside a comment or a literal of the target language, meaning the same value.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHuntText } from '../../../src/core/dsl/load';
import { exportFile } from '../../../src/core/export/index';
import { ANY, ONE, parseSigmaString } from '../../../src/core/sigma/sigmaString';
import { sigmaDocuments } from './corpus';

const analytic = (body: string, head = ''): string => `${head}
analytic "H1" {
  title "t"
  severity low
  sequence by host within 5m
${body}
}
`;

/** The lines of a query that are not comments (`prefix` starts a comment line). */
const queryLines = (text: string, prefix: string): string[] => text.split('\n').filter((l) => !l.startsWith(prefix));

test('a line break or a comment delimiter in a title stays inside the comment', () => {
  const text = analytic('    step a: network where dst_port == 445')
    .replace('title "t"', 'title "t\\n| INJECTED ``` | INJECTED\\rINJECTED\\u2028INJECTED"');
  const file = loadHuntText('/tmp/hostile.hunt', text);
  for (const [target, prefix] of [['eql', '//'], ['kql', '//'], ['spl', '```']] as const) {
    const out = exportFile(file, target).text;
    const comments = out.split('\n').filter((l) => l.startsWith(prefix));
    assert.ok(comments.some((l) => l.includes('INJECTED')), `${target}: the hostile text is in a comment`);
    for (const line of queryLines(out, prefix)) assert.doesNotMatch(line, /INJECTED/, `${target}: ${line}`);
    for (const line of comments) assert.doesNotMatch(line, /[\r\u2028]/, `${target}: ${line}`);
    if (target === 'spl') for (const line of comments) assert.equal(line.split('```').length, 3, `one SPL comment per line: ${line}`);
  }
});

test('EQL writes line breaks and control characters in a value as escapes, on one line', () => {
  const file = loadHuntText('/tmp/hostile.hunt', analytic('    step a: process where command_line == "a\\"b\\\\c\\nd\\re\\tf\\u0000g\\u2028h"'));
  const query = queryLines(exportFile(file, 'eql').text, '//').join('\n');
  assert.match(query, /process\.command_line : "a\\"b\\\\c\\nd\\re\\tf\\u\{0\}g\\u\{2028\}h"/);
  assert.doesNotMatch(query, /[\r\t\u0000\u2028]/);
});

test('SPL and Sigma carry every regex flag and write \\u escapes as PCRE does', () => {
  const file = loadHuntText('/tmp/re.hunt', analytic('    step a: process where command_line matches /^a.\\u0041$/ms and image like "C:\\\\*.exe"'));
  const spl = exportFile(file, 'spl').text;
  assert.match(spl, /match\(process, "\(\?ms\)\^a\.\\\\x\{0041\}\$"\)/);
  assert.match(spl, /match\(process_path, "\(\?is\)\^C:\\\\\\\\\.\*\\\\\.exe\$"\)/);
  const [rule] = sigmaDocuments(exportFile(file, 'sigma').text);
  assert.deepEqual(rule!.detection.sel1, { 'CommandLine|re|m|s': '^a.\\x{0041}$' });
});

test('Sigma file-name values keep their separator literal, and a field name with | is not a modifier', () => {
  const file = loadHuntText('/tmp/sigma.hunt', analytic('    step a: process where process_name like "*evil*" and process_name in ("*x", "a\\\\") and `Some|re` == "v"'));
  const out = exportFile(file, 'sigma').analytics[0]!;
  const detection = sigmaDocuments(out.text)[0]!.detection;
  const globs = (values: string[]) => values.map((v) => parseSigmaString(v).parts.map((p) => (p === ANY ? '<*>' : p === ONE ? '<?>' : p)).join(''));
  assert.deepEqual(globs(detection.sel1.Image), ['<*>\\<*>evil<*>'], 'like: any path, a separator, then the pattern');
  assert.deepEqual(globs(detection.sel2['Image|endswith']), ['\\*x', '\\a\\'], 'in: a separator, then the literal name');
  assert.ok(Object.keys(detection).every((k) => !k.startsWith('sel') || !JSON.stringify(detection[k]).includes('Some')));
  assert.ok(out.diagnostics.some((d) => d.code === 'HUNT4008' && file.text.slice(d.span.start, d.span.end) === '`Some|re` == "v"'));
});

test('windows are whole numbers of a unit the target reads, rounded up (and reported) where it has no milliseconds', () => {
  const text = analytic('    step a: network where dst_port == 445 having count >= 3 within 1_500ms\n    step b gap 1.5s: network where dst_port == 80').replace('within 5m', 'within 1.5m');
  const file = loadHuntText('/tmp/windows.hunt', text);
  assert.match(exportFile(file, 'eql').text, /with maxspan=90s$/m);
  const kql = exportFile(file, 'kql').text;
  assert.match(kql, /hb_t between \(\(ts - 1500ms\) \.\. ts\)/);
  assert.match(kql, /ts - a\.ts <= 90s and ts - a\.ts <= 1500ms/);
  assert.match(exportFile(file, 'spl').text, /maxspan=90s /);
  const sigma = exportFile(file, 'sigma').analytics[0]!;
  assert.deepEqual(sigmaDocuments(sigma.text).flatMap((d) => (d.correlation ? [d.correlation.timespan] : [])), ['2s', '90s']);
  assert.ok(sigma.diagnostics.some((d) => d.code === 'HUNT4007' && text.slice(d.span.start, d.span.end) === '1_500ms' && /rounded up to 2s/.test(d.message)));
});

test('a Sigma threshold without any window says it counts within 1h', () => {
  const text = analytic('    step a: network where dst_port == 445 having count >= 3').replace(' within 5m', '');
  const sigma = exportFile(loadHuntText('/tmp/threshold.hunt', text), 'sigma').analytics[0]!;
  assert.equal(sigmaDocuments(sigma.text)[1]!.correlation.timespan, '1h');
  assert.ok(sigma.diagnostics.some((d) => d.code === 'HUNT4005' && /1h is used/.test(d.message)));
});

test('a field or join key SPL or EQL cannot name is left out and reported, never written raw', () => {
  const text = analytic('    step a by `y\'z`: network where dst_port == 445 and `a\'b` == "x"\n    step b by `q|r`: network where dst_port == 80').replace('sequence by host', 'sequence by `x| delete`, peer_scope');
  const file = loadHuntText('/tmp/keys.hunt', text);
  const spl = exportFile(file, 'spl');
  const splQuery = queryLines(spl.text, '```').join('\n');
  assert.match(splQuery, /^\| transaction maxspan=5m /m);
  assert.doesNotMatch(splQuery, /delete|y'z|q\|r|a'b|peer_scope/);
  const eql = exportFile(file, 'eql');
  assert.match(eql.text, /^sequence with maxspan=5m$/m);
  assert.match(eql.text, /\] by `y'z`$/m);
  const reported = (out: typeof spl) => out.analytics[0]!.diagnostics.filter((d) => d.code === 'HUNT4008').map((d) => text.slice(d.span.start, d.span.end));
  assert.deepEqual(reported(spl), ['`x| delete`', '`y\'z`', '`a\'b` == "x"']);
  assert.deepEqual(reported(eql), ['peer_scope']);
});

test('a field named like a keyword of the target is quoted as a field name', () => {
  const file = loadHuntText('/tmp/keywords.hunt', analytic('    step a: process where `where` == "x" and `AND` == "y" and `sequence` == "z"'));
  const eql = queryLines(exportFile(file, 'eql').text, '//').join('\n');
  assert.match(eql, /\(`where` : "x"\)\s+and \(`AND` : "y"\)\s+and \(`sequence` : "z"\)/);
  const spl = queryLines(exportFile(file, 'spl').text, '```').join('\n');
  assert.match(spl, /\(lower\(where\)=="x"\)\s+AND \(lower\('AND'\)=="y"\)\s+AND \(lower\(sequence\)=="z"\)/);
});
