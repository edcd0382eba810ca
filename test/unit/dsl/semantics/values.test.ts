// The value semantics the SQL prefilter and the JS predicate share (dsl/semantics/values.ts):
// case folding, numbers, nulls, wildcards, CIDR, private addresses, port specs.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { compare, equals, foldCase, isPrivateIp, parseCidr, portInSpec, wildcardMatcher } from '../../../../src/core/dsl/semantics/values';

test('values: case folding, numbers, nulls', () => {
  assert.equal(foldCase('C:\\WINDOWS\\É'), 'c:\\windows\\É');
  assert.ok(equals('WS1', 'ws1'));
  assert.ok(!equals('É', 'é'));
  assert.ok(equals(4688, '4688'));
  assert.ok(!equals(null, null));
  assert.equal(compare(9, '10'), -1);
  assert.equal(compare('b', 'A'), 1);
  assert.equal(compare(null, 1), undefined);
});

test('values: wildcards, CIDR, private addresses, port specs', () => {
  const m = wildcardMatcher(['*\\temp\\?.exe']);
  assert.ok(m('C:\\TEMP\\a.exe'));
  assert.ok(!m('C:\\temp\\ab.exe'));
  assert.ok(wildcardMatcher(['a?b'])('a😀b'));
  assert.ok(wildcardMatcher(['50%_off'])('50%_OFF'));
  const net = parseCidr('172.16.0.0/12')!;
  assert.ok(net('172.31.255.255') && !net('172.32.0.0'));
  assert.equal(parseCidr('10.0.0/8'), undefined);
  assert.ok(isPrivateIp('192.168.1.1') && isPrivateIp('fe80::1') && isPrivateIp('fd12::1') && !isPrivateIp('8.8.8.8') && !isPrivateIp('2001:db8::1'));
  assert.ok(portInSpec(8443, '80,8443') && portInSpec('5005', '5000-5010') && portInSpec(1, 'Any') && !portInSpec(22, '80,443') && !portInSpec(null, '*'));
});
