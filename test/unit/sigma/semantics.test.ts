// Sigma matching semantics, case by case from the specification (rules v2, modifiers
// appendix v2.1): each row is a detection, an event and whether it matches.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { MapEvent, type FieldValue } from '../../../src/core/sigma/event';
import fc from 'fast-check';
import { compileSigmaRegex, regexLiterals } from '../../../src/core/sigma/regex';
import { anyOfMatcher, globMatcher, parseSigmaString } from '../../../src/core/sigma/sigmaString';
import { compileDetection, matches } from './helpers';

type Row = [string, string, Record<string, FieldValue>, boolean];

const sel = (body: string, condition = 'sel'): string => `sel:\n${body.replace(/^/gm, '  ')}\ncondition: ${condition}`;

const CASES: Row[] = [
  ['equality is case-insensitive', sel("Image: 'C:\\Windows\\System32\\cmd.exe'"), { Image: 'c:\\windows\\system32\\CMD.EXE' }, true],
  ['equality is the whole value', sel("Image: 'cmd.exe'"), { Image: 'C:\\cmd.exe' }, false],
  ['* wildcard', sel("Image: '*\\cmd.exe'"), { Image: 'C:\\x\\cmd.exe' }, true],
  ['? is one character', sel("Image: 'c?d.exe'"), { Image: 'cmd.exe' }, true],
  ['? is exactly one', sel("Image: 'c?d.exe'"), { Image: 'cd.exe' }, false],
  ['\\* is a literal star', sel("CommandLine: 'a\\*b'"), { CommandLine: 'a*b' }, true],
  ['\\* is not a wildcard', sel("CommandLine: 'a\\*b'"), { CommandLine: 'axxb' }, false],
  ['\\\\ before a wildcard is one backslash', sel("CommandLine: 'a\\\\*'"), { CommandLine: 'a\\anything' }, true],
  ['a lone backslash stays', sel("Image|endswith: '\\cmd.exe'"), { Image: 'C:\\cmd.exe' }, true],
  ['inner wildcards', sel("CommandLine: '*a*b?c*'"), { CommandLine: 'xxaYYbZcQQ' }, true],
  ['inner wildcards in order', sel("CommandLine: '*b*a*'"), { CommandLine: 'ab' }, false],
  ['contains', sel("CommandLine|contains: 'ENC'"), { CommandLine: 'powershell -enc AAA' }, true],
  ['startswith', sel("CommandLine|startswith: 'power'"), { CommandLine: 'PowerShell -x' }, true],
  ['endswith is anchored', sel("CommandLine|endswith: 'power'"), { CommandLine: 'PowerShell -x' }, false],
  ['a list is OR', sel("Image|endswith:\n  - '\\a.exe'\n  - '\\b.exe'"), { Image: 'C:\\b.exe' }, true],
  ['all makes a list AND', sel("CommandLine|contains|all:\n  - '-a'\n  - '-b'"), { CommandLine: 'x -a' }, false],
  ['all with every value', sel("CommandLine|contains|all:\n  - '-a'\n  - '-b'"), { CommandLine: 'x -b -a' }, true],
  ['a map is AND', sel("Image|endswith: '\\a.exe'\nCommandLine|contains: 'x'"), { Image: 'C:\\a.exe', CommandLine: 'y' }, false],
  ['a list of maps is OR', 'sel:\n  - Image: a\n  - Image: b\ncondition: sel', { Image: 'B' }, true],
  ['cased', sel("CommandLine|contains|cased: 'ABC'"), { CommandLine: 'xabcx' }, false],
  ['cased matches exact case', sel("CommandLine|contains|cased: 'ABC'"), { CommandLine: 'xABCx' }, true],
  ['re is case-sensitive', sel("CommandLine|re: 'ab+c'"), { CommandLine: 'ABBC' }, false],
  ['re', sel("CommandLine|re: 'ab+c'"), { CommandLine: 'xabbbc' }, true],
  ['re|i', sel("CommandLine|re|i: 'ab+c'"), { CommandLine: 'ABBC' }, true],
  ['re|m: ^ at a line start', sel("CommandLine|re|m: '^b'"), { CommandLine: 'a\nb' }, true],
  ['re without m', sel("CommandLine|re: '^b'"), { CommandLine: 'a\nb' }, false],
  ['re|s: dot matches newline', sel("CommandLine|re|s: 'a.b'"), { CommandLine: 'a\nb' }, true],
  ['re without s', sel("CommandLine|re: 'a.b'"), { CommandLine: 'a\nb' }, false],
  ['leading (?i)', sel("CommandLine|re: '(?i)abc'"), { CommandLine: 'ABC' }, true],
  ['cidr IPv4', sel("DestinationIp|cidr: '10.0.0.0/8'"), { DestinationIp: '10.2.3.4' }, true],
  ['cidr IPv4 outside', sel("DestinationIp|cidr: '10.0.0.0/8'"), { DestinationIp: '11.2.3.4' }, false],
  ['cidr reads dotted-quad IPv4, not a number (inet_aton form)', sel("DestinationIp|cidr: '10.0.0.0/8'"), { DestinationIp: '167772161' }, false],
  ['cidr reads dotted-quad IPv4, not a short form', sel("SourceIp|cidr: '127.0.0.0/8'"), { SourceIp: '127.1' }, false],
  ['cidr IPv6', sel("DestinationIp|cidr: 'fe80::/10'"), { DestinationIp: 'fe80::1%12' }, true],
  ['cidr IPv6 outside', sel("DestinationIp|cidr: 'fe80::/10'"), { DestinationIp: 'fec0::1' }, false],
  ['cidr list', sel("DestinationIp|cidr:\n  - '127.0.0.0/8'\n  - '::1/128'"), { DestinationIp: '::1' }, true],
  ['base64', sel("CommandLine|base64: 'abc'"), { CommandLine: 'YWJj' }, true],
  ['base64|contains', sel("CommandLine|base64|contains: 'http://'"), { CommandLine: 'x aHR0cDovLw== y' }, true],
  ['base64offset|contains, offset 0', sel("CommandLine|base64offset|contains: 'http://'"), { CommandLine: Buffer.from('http://x').toString('base64') }, true],
  ['base64offset|contains, offset 1', sel("CommandLine|base64offset|contains: 'http://'"), { CommandLine: Buffer.from('ahttp://x').toString('base64') }, true],
  ['base64offset|contains, offset 2', sel("CommandLine|base64offset|contains: 'http://'"), { CommandLine: Buffer.from('abhttp://x').toString('base64') }, true],
  ['wide|base64offset|contains', sel("CommandLine|wide|base64offset|contains: 'ping'"), { CommandLine: Buffer.from('x ping y', 'utf16le').toString('base64') }, true],
  ['utf16le|base64', sel("CommandLine|utf16le|base64: 'cmd'"), { CommandLine: Buffer.from('cmd', 'utf16le').toString('base64') }, true],
  ['utf16be|base64', sel("CommandLine|utf16be|base64: 'cmd'"), { CommandLine: Buffer.from([0, 0x63, 0, 0x6d, 0, 0x64]).toString('base64') }, true],
  ['utf16|base64 has a BOM', sel("CommandLine|utf16|base64: 'cmd'"), { CommandLine: Buffer.from([0xff, 0xfe, 0x63, 0, 0x6d, 0, 0x64, 0]).toString('base64') }, true],
  ['windash: slash for dash', sel("CommandLine|contains|windash: ' -enc '"), { CommandLine: 'powershell /enc x' }, true],
  ['windash: en dash', sel("CommandLine|contains|windash: ' -enc '"), { CommandLine: 'powershell \u2013enc x' }, true],
  ['windash: dash inside a word stays', sel("CommandLine|contains|windash: 'Invoke-Expression'"), { CommandLine: 'Invoke/Expression' }, false],
  ['windash: a dash after a non-ASCII letter is inside a word (Python\'s \\w)', sel("CommandLine|contains|windash: 'Café-x'"), { CommandLine: 'Café/x' }, false],
  ['windash: a dash before a non-ASCII letter is a flag', sel("CommandLine|contains|windash: ' -ü'"), { CommandLine: 'a /ü' }, true],
  ['exists true', sel('Hashes|exists: true'), { Hashes: '' }, true],
  ['exists false', sel('Hashes|exists: false'), { Image: 'x' }, true],
  ['exists false on a present field', sel('Hashes|exists: false'), { Hashes: 'x' }, false],
  ['gt', sel('Size|gt: 100'), { Size: '101' }, true],
  ['gte on equal', sel('Size|gte: 100'), { Size: 100 }, true],
  ['lt', sel('Size|lt: 100'), { Size: '100' }, false],
  ['lte', sel('Size|lte: 100'), { Size: '99.5' }, true],
  ['gt on text', sel('Size|gt: 100'), { Size: 'big' }, false],
  ['neq', sel("User|neq: 'SYSTEM'"), { User: 'admin' }, true],
  ['neq on equal', sel("User|neq: 'system'"), { User: 'SYSTEM' }, false],
  ['fieldref', sel('TargetUserName|fieldref: SubjectUserName'), { TargetUserName: 'Bob', SubjectUserName: 'bob' }, true],
  ['fieldref differs', sel('TargetUserName|fieldref: SubjectUserName'), { TargetUserName: 'Bob', SubjectUserName: 'alice' }, false],
  ['fieldref|endswith', sel('Image|fieldref|endswith: OriginalFileName'), { Image: 'C:\\x\\cmd.exe', OriginalFileName: 'Cmd.Exe' }, true],
  ['hour', sel('UtcTime|hour: 3'), { UtcTime: '2024-03-04 03:15:00.000' }, true],
  ['hour|gte', sel('UtcTime|hour|gte: 20'), { UtcTime: '2024-03-04 03:15:00.000' }, false],
  ['month and year', 'a:\n  UtcTime|month: 3\nb:\n  UtcTime|year: 2024\ncondition: a and b', { UtcTime: '2024-03-04T00:00:00Z' }, true],
  ['null: absent', sel('ParentImage: null'), { Image: 'x' }, true],
  ['null: empty', sel('ParentImage: null'), { ParentImage: '' }, true],
  ['null: present', sel('ParentImage: null'), { ParentImage: 'x' }, false],
  ["'' is an empty value", sel("ParentImage: ''"), { ParentImage: '' }, true],
  ["'' needs the field", sel("ParentImage: ''"), {}, false],
  ['a missing field never equals', sel("ParentImage: '*'"), {}, false],
  ['number against text', sel('EventID: 4688'), { EventID: '4688' }, true],
  ['number against number', sel('EventID: 4688'), { EventID: 4688 }, true],
  ['number is not a prefix', sel('EventID: 46'), { EventID: '4688' }, false],
  ['a number is decimal, not hex', sel('GrantedAccess: 16'), { GrantedAccess: '0x10' }, false],
  ['gt reads decimal text only', sel('Size|gt: 1'), { Size: '0x10' }, false],
  ['number as text in contains', sel('LogonType|contains: 3'), { LogonType: '13' }, true],
  ['boolean', sel('Initiated: true'), { Initiated: 'true' }, true],
  ['keywords anywhere', "kw:\n  - 'mimikatz'\n  - 'sekurlsa'\ncondition: kw", { CommandLine: 'x SEKURLSA::logonpasswords' }, true],
  ['keywords miss', "kw:\n  - 'mimikatz'\ncondition: kw", { CommandLine: 'x' }, false],
  ['keywords |all', "kw:\n  '|all':\n    - 'Oab'\n    - ' -ExternalUrl '\ncondition: kw", { Payload: 'Set-OabVirtualDirectory -ExternalUrl x' }, true],
  ['keywords |all, one missing', "kw:\n  '|all':\n    - 'Oab'\n    - ' -ExternalUrl '\ncondition: kw", { Payload: 'Set-OabVirtualDirectory' }, false],
  ['1 of pattern', 'sel_a:\n  Image: a\nsel_b:\n  Image: b\ncondition: 1 of sel_*', { Image: 'b' }, true],
  ['all of pattern', 'sel_a:\n  Image: a\nsel_b:\n  CommandLine: b\ncondition: all of sel_*', { Image: 'a', CommandLine: 'c' }, false],
  ['1 of them skips _ identifiers', '_x:\n  Image: a\nsel:\n  Image: b\ncondition: 1 of them', { Image: 'a' }, false],
  ['1 of a pattern skips _ identifiers too', 'sel:\n  Image: a\n_filter_x:\n  CommandLine: x\nfilter_main:\n  CommandLine: c\ncondition: sel and not 1 of *filter*', { Image: 'a', CommandLine: 'x' }, true],
  ['all of them', 'a:\n  Image: a\nb:\n  CommandLine: b\ncondition: all of them', { Image: 'a', CommandLine: 'b' }, true],
  ['not binds tighter than and, and tighter than or', 'a:\n  Image: a\nb:\n  Image: b\nc:\n  CommandLine: c\ncondition: a or b and not c', { Image: 'b', CommandLine: 'c' }, false],
  ['or is least binding', 'a:\n  Image: a\nb:\n  Image: b\nc:\n  CommandLine: c\ncondition: a or b and not c', { Image: 'a', CommandLine: 'c' }, true],
  ['parentheses', 'a:\n  Image: a\nb:\n  Image: b\nc:\n  CommandLine: c\ncondition: (a or b) and not c', { Image: 'a', CommandLine: 'c' }, false],
  ['not 1 of', 'sel:\n  Image: a\nf_1:\n  CommandLine: x\nf_2:\n  CommandLine: y\ncondition: sel and not 1 of f_*', { Image: 'a', CommandLine: 'y' }, false],
  ['upper-case operators', 'a:\n  Image: a\nb:\n  Image: b\ncondition: a OR b', { Image: 'b' }, true],
  ['a condition list is OR', 'a:\n  Image: a\nb:\n  Image: b\ncondition:\n  - a\n  - b', { Image: 'b' }, true],
];

for (const [name, detection, event, expected] of CASES) {
  test(`${name}: ${expected ? 'matches' : 'does not match'}`, () => {
    assert.equal(matches(detection, event), expected);
  });
}

test('a regex prefilter literal is in every text the regex matches', () => {
  // Random patterns over literals, escapes, classes, groups, alternation and quantifiers.
  const token = fc.constantFrom('a', 'b', 'S', 'k', '.', '\\.', '\\d', '[ab]', '(a|b)', '(?:ab)', '*', '+', '?', '{0,2}', '{2}', '|', '^', '$', '{', '}', '\\u0061', '\\x61', '\\141');
  const text = fc.array(fc.constantFrom('a', 'b', 'A', 'B', 's', 'ſ', 'K', '\u212a', '.', '1', '{', '}', ' '), { maxLength: 16 }).map((cs) => cs.join(''));
  fc.assert(fc.property(fc.array(token, { minLength: 1, maxLength: 8 }).map((ts) => ts.join('')), fc.boolean(), fc.array(text, { minLength: 1, maxLength: 20 }), (pattern, i, texts) => {
    const matcher = compileSigmaRegex(pattern, { i });
    if ('error' in matcher) return;
    const literals = regexLiterals(pattern, { i });
    if (!literals) return;
    for (const t of texts) {
      if (!matcher.test(t)) continue;
      const lower = t.toLowerCase().replace(/\u212a/g, 'k');
      assert.ok(literals.some((l) => lower.includes(l.toLowerCase())), `${pattern} (i: ${i}) matches ${JSON.stringify(t)} without ${JSON.stringify(literals)}`);
    }
  }), { numRuns: 3000 });
});

test('a regex item is prefiltered by its literals and still matches exactly', () => {
  assert.deepEqual(regexLiterals('\\w+`(\\w+|-|.)`[\\w+|\\s]', {}), ['`']);
  assert.deepEqual(regexLiterals('abc|de(f)g', {}), ['abc', 'de']);
  assert.equal(regexLiterals('.{1000,}', {}), undefined);
  // An escape that may take more characters is no literal text: the run would miss 'xABCx'.
  assert.equal(regexLiterals('\\u0041BC', {}), undefined);
  const result = compileDetection('selection:\n  CommandLine|re: \'-enc(odedcommand)? +[a-z0-9+/=]{20,}\'\ncondition: selection');
  assert.deepEqual(result.compiled!.branches[0]!.atoms, [{ field: 'CommandLine', text: '-enc' }]);
  const rule = 'selection:\n  CommandLine|re: \'-enc(odedcommand)? +[a-z0-9+/=]{20,}\'\ncondition: selection';
  assert.equal(matches(rule, { CommandLine: 'powershell -enc sqbfafgaiaaoae4azqb3ac0atwbiagoa' }), true);
  assert.equal(matches(rule, { CommandLine: 'powershell -enc SQBFAFgAIAAoAE4AZQB3AC0ATwBiAGoA' }), false, 're is case-sensitive');
});

test('category antivirus reads Defender detections with its field names (the log sources of SigmaHQ regression runs)', () => {
  const result = compileDetection("sel:\n  Filename|contains: '\\spool\\drivers\\'\n  Signature|startswith: 'Exploit:'\ncondition: sel", 'logsource:\n  category: antivirus\n');
  const [branch] = result.compiled!.branches;
  assert.deepEqual(branch!.branch.channels, ['Microsoft-Windows-Windows Defender/Operational']);
  assert.ok(branch!.branch.eventIds!.includes(1116));
  assert.equal(branch!.predicate(MapEvent.of({ Path: 'file:_C:\\Windows\\System32\\spool\\drivers\\x64\\3\\evil.dll', ThreatName: 'Exploit:Win32/CVE-2021-1675' })), true);
  assert.equal(branch!.predicate(MapEvent.of({ Path: 'C:\\Users\\a\\evil.dll', ThreatName: 'Exploit:Win32/CVE-2021-1675' })), false);
  assert.deepEqual(compileDetection('sel:\n  Data: x\ncondition: sel', 'logsource:\n  product: windows\n  category: clipboard_change\n').compiled!.branches[0]!.branch.eventIds, [24]);
});

test('a list of plain strings matched as one set gives what the values OR-ed give', () => {
  const piece = fc.array(fc.constantFrom('a', 'B', '\\', 'é', 'K'), { maxLength: 3 }).map((cs) => cs.join(''));
  const value = fc.tuple(fc.boolean(), piece, fc.boolean()).map(([s, p, e]) => `${s ? '*' : ''}${p}${e ? '*' : ''}`);
  const text = fc.array(fc.constantFrom('a', 'A', 'b', 'B', '\\', 'é', 'É', 'k'), { maxLength: 6 }).map((cs) => cs.join(''));
  fc.assert(fc.property(fc.array(value, { minLength: 1, maxLength: 6 }), fc.boolean(), fc.array(text, { minLength: 1, maxLength: 10 }), (values, cased, texts) => {
    const strings = values.map(parseSigmaString);
    const one = anyOfMatcher(strings, cased)!;
    const each = strings.map((s) => globMatcher(s, cased));
    for (const t of texts) {
      const v = cased ? t : t.toLowerCase();
      assert.equal(one(v), each.some((m) => m(v)), `${JSON.stringify(values)} on ${JSON.stringify(t)} (cased: ${cased})`);
    }
  }), { numRuns: 2000 });
  assert.equal(anyOfMatcher([parseSigmaString('a?c')], false), undefined, 'a ? wildcard is left to the glob');
});

test('null or a boolean as a keyword is reported, not matched against any empty or `true` field', () => {
  for (const value of ['null', 'true']) {
    const result = compileDetection(`kw:\n  - 'abc'\n  - ${value}\ncondition: kw`);
    assert.equal(result.compiled, undefined, value);
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['SIGMA2003']);
  }
});

test('an empty map is reported, not read as an AND of nothing that every event satisfies', () => {
  for (const detection of ['sel: {}\ncondition: sel', "sel:\n  - Image: a\n  - {}\ncondition: sel"]) {
    const result = compileDetection(detection);
    assert.equal(result.compiled, undefined, detection);
    assert.deepEqual(result.diagnostics.map((d) => d.code), ['SIGMA2010']);
  }
});

test('fieldref names a field, not a pattern: a wildcard is reported, as pySigma does, not left to never match', () => {
  const result = compileDetection("sel:\n  Image|fieldref: 'Parent*'\ncondition: sel");
  assert.equal(result.compiled, undefined);
  assert.deepEqual(result.diagnostics.map((d) => d.code), ['SIGMA2003']);
  assert.equal(matches('sel:\n  Image|fieldref: ParentImage\ncondition: sel', { Image: 'a', ParentImage: 'A' }), true);
});
