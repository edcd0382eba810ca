// The inventory file: pins parsed with bad lines reported by number, and a pin that names a
// host for an address no log claims attributes the sensor rows to it (through the CLI).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseInventory } from '../../../src/core/hosts/inventory';
import { main } from '../../../src/core/cli';

test('inventory lines: header and comments skipped, FQDNs shortened, bad lines named and skipped', () => {
  const { pins, problems } = parseInventory('host,address,from,to\n# web\nweb01.lab.local,10.0.0.30,2021-03-01T00:00:00Z,\nbad\nWS9,nope,,\nWS8,10.0.0.8,yesterday,\n', 'inv.csv');
  assert.deepEqual(pins.map((p) => [p.host, p.address, p.from, p.to, p.capture]), [['WEB01', '10.0.0.30', Date.parse('2021-03-01T00:00:00Z'), null, null]]);
  assert.deepEqual(problems, ['inv.csv:4: expected host,address[,from,to]', 'inv.csv:5: "nope" is not an IP address', 'inv.csv:6: from/to must be ISO 8601 times or empty']);
});

test('huntbench hosts: a pinned address attributes the sensor rows no host log explains', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'hb-inventory-'));
  try {
    writeFileSync(join(dir, 'conn.log'), [
      '#separator \\x09', '#set_separator\t,', '#empty_field\t(empty)', '#unset_field\t-', '#path\tconn',
      '#fields\tts\tuid\tid.orig_h\tid.orig_p\tid.resp_h\tid.resp_p\tproto\tservice\tduration\torig_bytes\tresp_bytes\tconn_state\tlocal_orig\tlocal_resp',
      '#types\ttime\tstring\taddr\tport\taddr\tport\tenum\tstring\tinterval\tcount\tcount\tstring\tbool\tbool',
      '1614592800.000000\tC1\t10.10.10.5\t41000\t10.0.0.30\t22\ttcp\t-\t-\t-\t-\tS0\tF\tT',
    ].join('\n') + '\n');
    const inventory = join(dir, 'hosts.csv');
    writeFileSync(inventory, 'host,address,from,to\nWEB01,10.0.0.30,,\n');
    const out: string[] = [];
    const code = await main(['hosts', join(dir, 'conn.log'), '--hosts', inventory, '--json'], { out: (t) => out.push(t), err: () => {} });
    assert.equal(code, 0);
    const result = JSON.parse(out.join('\n')) as { addresses: { host: string; address: string; evidence: string }[]; hosts: { attributed: number } };
    assert.deepEqual(result.addresses.map((a) => [a.host, a.address, a.evidence]), [['WEB01', '10.0.0.30', 'inventory']]);
    assert.equal(result.hosts.attributed, 1);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('huntbench --hosts with a file that does not exist is a usage error, not a silent load', async () => {
  const err: string[] = [];
  const code = await main(['hosts', 'samples', '--hosts', join(tmpdir(), 'hb-no-such-inventory.csv')], { out: () => {}, err: (t) => err.push(t) });
  assert.notEqual(code, 0);
  assert.match(err.join('\n'), /--hosts needs an existing file/);
});
