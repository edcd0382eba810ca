// What makes records one connection, and which side of a TCP connection accepted it.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { acceptingSide, connectionKey, isServicePort, splitByGap } from '../../../src/core/schema/connections';

test('the accepting side is the one at a service port when the other is not at one; TCP only', () => {
  assert.equal(acceptingSide('tcp', 445, 45616), 'src');
  assert.equal(acceptingSide('tcp', 49721, 5985), 'dst');
  assert.equal(acceptingSide('tcp', 62000, 3389), 'dst', 'a registered service port above 1024');
  assert.equal(acceptingSide('tcp', 49163, 33474), null, 'two ports that may both be ephemeral');
  assert.equal(acceptingSide('tcp', 137, 139), null, 'two service ports');
  assert.equal(acceptingSide('udp', 53, 55000), null, 'a UDP reply is no evidence');
  assert.equal(acceptingSide(null, 445, 50000), null);
  assert.equal(acceptingSide('tcp', null, 445), null);
  assert.equal(isServicePort(0), false);
  assert.equal(isServicePort(1023), true);
  assert.equal(isServicePort(1024), false);
});

test('records of one 5-tuple within the gap are one connection', () => {
  const row = { host: 'H', protocol: 'tcp', src_ip: '10.0.0.1', src_port: 50000, dst_ip: '10.0.0.2', dst_port: 445 };
  assert.equal(connectionKey(row), connectionKey({ ...row }));
  assert.equal(connectionKey({ ...row, src_port: null }), null);
  assert.deepEqual(splitByGap([0, 60_000, 400_000], (t) => t), [[0, 60_000], [400_000]]);
});
