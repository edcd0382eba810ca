// preflight: before the long code-server install starts, missing system packages are named
// with the one command that installs them; a wrong platform or a full disk are said plainly.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DISK_NEEDED_BYTES, preflight, REQUIREMENTS, type Requirement } from '../../../../scripts/code-server/preflight';

const present = (what: string, debianPackage: string): Requirement => ({ what, debianPackage, present: () => true });
const absent = (what: string, debianPackage: string): Requirement => ({ what, debianPackage, present: () => false });
const PLENTY = 10 * DISK_NEEDED_BYTES;

test('nothing to say when every requirement is present and the disk has room', () => {
  assert.deepEqual(preflight('/cache/cs', { requirements: [present('make', 'make')], platform: 'linux', arch: 'x64', freeBytes: PLENTY }), []);
});

test('every missing package is named, with one apt-get command for all of them (sudo unless root)', () => {
  const requirements = [absent('a C++ compiler', 'g++'), present('make', 'make'), absent('the Kerberos headers', 'libkrb5-dev')];
  const [user] = preflight('/cache/cs', { requirements, platform: 'linux', arch: 'x64', isRoot: false, freeBytes: PLENTY });
  assert.match(user, /missing: a C\+\+ compiler, the Kerberos headers\./);
  assert.match(user, /^ {2}sudo apt-get install -y g\+\+ libkrb5-dev$/m);
  const [root] = preflight('/cache/cs', { requirements, platform: 'linux', arch: 'x64', isRoot: true, freeBytes: PLENTY });
  assert.match(root, /^ {2}apt-get install -y g\+\+ libkrb5-dev$/m);
});

test('a machine that is not linux-x64 is told so, and pointed to F5', () => {
  const problems = preflight('/cache/cs', { requirements: [absent('make', 'make')], platform: 'darwin', arch: 'arm64', freeBytes: PLENTY });
  assert.equal(problems.length, 1);
  assert.match(problems[0], /needs Linux on x64 \(this is darwin-arm64\).*F5/);
});

test('too little disk at the cache folder is reported with the way to move it', () => {
  const [problem] = preflight('/cache/cs', { requirements: [], platform: 'linux', arch: 'x64', freeBytes: 0.4 * 1024 ** 3 });
  assert.match(problem, /only 0\.4 GB free at \/cache\/cs; .*HUNTBENCH_CACHE/);
});

test('the checks cover what the native builds need', () => {
  assert.deepEqual(REQUIREMENTS.map((requirement) => requirement.debianPackage).sort(), ['g++', 'libkrb5-dev', 'make', 'python3']);
});
