// openSources / readEntryBytes over archives built in memory: zip, gz, tar, tar.gz,
// nesting, truncation, odd member names and decompression limits.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, writeFileSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openSources, readEntryBytes, type SourceContext } from '../../../../src/core/raw/sources';
import { collect } from '../../../../src/core/raw/sources/byteStream';
import { gzip, ndjson, rawTar, tar, zip } from './helpers';

const dir = mkdtempSync(join(tmpdir(), 'huntbench-sources-'));

function file(name: string, bytes: Uint8Array): string {
  const path = join(dir, name);
  writeFileSync(path, bytes);
  return path;
}

async function entries(path: string, limits?: SourceContext['limits']) {
  const warnings: string[] = [];
  const warnedMembers: (string | undefined)[] = [];
  const out: { member: string | undefined; text: string }[] = [];
  const warn = (message: string, member?: string) => {
    warnings.push(message);
    warnedMembers.push(member);
  };
  for await (const entry of openSources(path, { warn, limits })) {
    out.push({ member: entry.member, text: Buffer.from(await collect(entry.open())).toString('utf8') });
  }
  return { entries: out, warnings, warnedMembers };
}

test('a plain file is one entry without a member name', async () => {
  const path = file('plain.json', ndjson(3, 'plain'));
  const { entries: got, warnings } = await entries(path);
  assert.deepEqual(got.map((e) => e.member), [undefined]);
  assert.equal(got[0]!.text, ndjson(3, 'plain').toString());
  assert.deepEqual(warnings, []);
});

test('a zip yields each member, skipping directories', async () => {
  const path = file('two.zip', zip([
    { name: 'logs/', data: new Uint8Array(0), store: true },
    { name: 'logs/a.json', data: ndjson(5, 'a') },
    { name: 'b.json', data: ndjson(2, 'b'), store: true },
  ]));
  const { entries: got, warnings } = await entries(path);
  assert.deepEqual(got.map((e) => e.member), ['logs/a.json', 'b.json']);
  assert.equal(got[0]!.text, ndjson(5, 'a').toString());
  assert.equal(got[1]!.text, ndjson(2, 'b').toString());
  assert.deepEqual(warnings, []);
});

test('archives are recognised by magic bytes, not names', async () => {
  const path = file('renamed.json', zip([{ name: 'inner.json', data: ndjson(1, 'x') }]));
  const { entries: got } = await entries(path);
  assert.deepEqual(got.map((e) => e.member), ['inner.json']);
});

test('a .gz is one member named without .gz', async () => {
  const path = file('conn.log.gz', gzip(Buffer.from('#separator \\x09\n')));
  const { entries: got, warnings } = await entries(path);
  assert.deepEqual(got, [{ member: 'conn.log', text: '#separator \\x09\n' }]);
  assert.deepEqual(warnings, []);
});

test('.tar and .tar.gz yield every entry', async () => {
  const image = await tar([{ name: 'a.json', data: ndjson(3, 'a') }, { name: 'dir/b.json', data: ndjson(4, 'b') }]);
  for (const path of [file('both.tar', image), file('both.tgz', gzip(image))]) {
    const { entries: got, warnings } = await entries(path);
    assert.deepEqual(got.map((e) => e.member), ['a.json', 'dir/b.json'], path);
    assert.equal(got[1]!.text, ndjson(4, 'b').toString());
    assert.deepEqual(warnings, []);
  }
});

test('a truncated .tar.gz keeps the short last entry and warns', async () => {
  const full = ndjson(200, 'cut');
  const image = await tar([{ name: 'first.json', data: ndjson(2, 'first') }, { name: 'cut.json', data: full }]);
  const gz = gzip(image);
  const { entries: got, warnings, warnedMembers } = await entries(file('cut.tar.gz', gz.subarray(0, Math.floor(gz.length * 0.8))));
  assert.deepEqual(warnedMembers, ['cut.json', 'cut.json'], 'both warnings belong to the member that was cut');
  assert.deepEqual(got.map((e) => e.member), ['first.json', 'cut.json']);
  assert.ok(got[1]!.text.length > 0 && got[1]!.text.length < full.length, 'the short entry keeps what is there');
  assert.ok(full.toString().startsWith(got[1]!.text));
  assert.ok(warnings.some((w) => /cut\.json.*truncated/.test(w)), warnings.join('\n'));
  assert.ok(warnings.some((w) => /gzip data ends unexpectedly/.test(w)), warnings.join('\n'));
});

test('stray bytes after a zip or gzip are reported, members still read', async () => {
  const zipped = file('stray.zip', Buffer.concat([zip([{ name: 'a.json', data: ndjson(2, 'a') }]), Buffer.from('\n')]));
  const z = await entries(zipped);
  assert.deepEqual(z.entries.map((e) => e.member), ['a.json']);
  assert.match(z.warnings.join('\n'), /1 stray byte/);
  const gz = await entries(file('stray.json.gz', Buffer.concat([gzip(ndjson(2, 'g')), Buffer.from('\n')])));
  assert.equal(gz.entries[0]!.text, ndjson(2, 'g').toString());
  assert.deepEqual(gz.warnedMembers, ['stray.json']);
  assert.deepEqual(z.warnedMembers, [undefined]);
  assert.match(gz.warnings.join('\n'), /ends unexpectedly/);
});

test('an archive inside an archive is opened one level deep', async () => {
  const inner = zip([{ name: 'in.json', data: ndjson(1, 'in') }]);
  const innerTgz = gzip(await tar([{ name: 't.json', data: ndjson(1, 't') }]));
  const deeper = zip([{ name: 'deep.zip', data: inner }]);
  const path = file('nested.zip', zip([
    { name: 'top.json', data: ndjson(1, 'top') },
    { name: 'inner.zip', data: inner },
    { name: 'inner.tgz', data: innerTgz },
    { name: 'twice.zip', data: deeper },
  ]));
  const { entries: got, warnings, warnedMembers } = await entries(path);
  assert.deepEqual(got.map((e) => e.member), ['top.json', 'inner.zip!in.json', 'inner.tgz!t.json']);
  assert.deepEqual(warnedMembers, ['twice.zip!deep.zip']);
  assert.match(warnings.join('\n'), /twice\.zip!deep\.zip: archives are opened one level deep/);
});

test('member names with .. or absolute paths are names only, with a warning', async () => {
  const path = file('evil.zip', zip([{ name: '../../etc/evil.json', data: ndjson(1, 'e') }, { name: '/abs.json', data: ndjson(1, 'a') }]));
  const { entries: got, warnings } = await entries(path);
  assert.deepEqual(got.map((e) => e.member), ['../../etc/evil.json', '/abs.json']);
  assert.equal(warnings.length, 2);
  assert.match(warnings[0]!, /contains "\.\."; it is used as a name only/);
  assert.match(warnings[1]!, /absolute path/);
  assert.ok(!existsSync(join(dir, '..', '..', 'etc', 'evil.json')));
});

test('a member expanding past the ratio limit is refused as a bomb', async () => {
  const zeros = new Uint8Array(4 * 1024 * 1024);
  const path = file('bomb.zip', zip([{ name: 'ok.json', data: ndjson(1, 'ok') }, { name: 'zeros.json', data: zeros }]));
  const { entries: got, warnings } = await entries(path, { ratioFloorBytes: 1024 * 1024, maxRatio: 100 });
  assert.deepEqual(got.map((e) => e.member), ['ok.json']);
  assert.match(warnings.join('\n'), /zeros\.json: declares a \d+x expansion \(limit 100x\), which looks like a decompression bomb; member skipped/);
});

test('the decompressed-size cap stops a gzip stream with a message', async () => {
  const path = file('big.json.gz', gzip(new Uint8Array(3 * 1024 * 1024).fill(0x20)));
  const { entries: got, warnings } = await entries(path, { maxBytes: 1024 * 1024 });
  assert.ok(got[0]!.text.length <= 1024 * 1024);
  assert.match(warnings.join('\n'), /decompressed size exceeds the limit of 1\.0 MiB; stopped reading/);
});

test('readEntryBytes returns a member or a byte range of it', async () => {
  const b = ndjson(50, 'b');
  const path = file('lookup.tgz', gzip(await tar([{ name: 'a.json', data: ndjson(5, 'a') }, { name: 'b.json', data: b }])));
  assert.deepEqual(Buffer.from(await readEntryBytes(path, 'b.json')), b);
  const range = await readEntryBytes(path, 'b.json', { offset: 100, length: 40 });
  assert.deepEqual(Buffer.from(range), b.subarray(100, 140));
  const plain = file('plain-range.json', b);
  assert.deepEqual(Buffer.from(await readEntryBytes(plain, undefined, { offset: 7, length: 9 })), b.subarray(7, 16));
  await assert.rejects(readEntryBytes(path, 'missing.json'), /no member named "missing\.json"/);
  const nested = file('lookup-nested.zip', zip([{ name: 'inner.tgz', data: gzip(await tar([{ name: 'deep.json', data: b }])) }]));
  assert.deepEqual(Buffer.from(await readEntryBytes(nested, 'inner.tgz!deep.json', { offset: 3, length: 5 })), b.subarray(3, 8));
});

test('a truncated zip yields its whole members and the readable part of the cut one', async () => {
  const cut = ndjson(2000, 'cut');
  const bytes = zip([{ name: 'a.json', data: ndjson(20, 'a') }, { name: 'b.json', data: ndjson(3, 'b'), store: true }, { name: 'cut.json', data: cut }]);
  const { entries: got, warnings } = await entries(file('truncated.zip', bytes.subarray(0, bytes.length - 200)));
  assert.deepEqual(got.map((e) => e.member), ['a.json', 'b.json', 'cut.json']);
  assert.equal(got[0]!.text, ndjson(20, 'a').toString());
  assert.equal(got[1]!.text, ndjson(3, 'b').toString());
  assert.ok(got[2]!.text.length > 0 && cut.toString().startsWith(got[2]!.text) && got[2]!.text.length < cut.length);
  assert.match(warnings[0]!, /truncated\.zip: the zip archive has no readable central directory .*reading members from their local headers/);
  assert.match(warnings[1]!, /truncated\.zip!cut\.json: the archive ends inside this member \(\d+ bytes recovered\)/);
});

test('a zip read from its local headers inflates a member no further than the limits allow', async () => {
  const bytes = zip([{ name: 'a.json', data: ndjson(2, 'a') }, { name: 'zeros.json', data: new Uint8Array(4 * 1024 * 1024) }, { name: 'b.json', data: ndjson(2, 'b') }]);
  const cut = bytes.subarray(0, bytes.length - 30); // no end-of-directory record: the members are scanned
  const { entries: got, warnings } = await entries(file('scan-bomb.zip', cut), { ratioFloorBytes: 1024 * 1024, maxRatio: 100 });
  assert.deepEqual(got, [{ member: 'a.json', text: ndjson(2, 'a').toString() }]);
  // Inflated in one piece, the member is stopped at the limit (1 MiB here), not after all of its 4 MiB.
  assert.match(warnings.join('\n'), /scan-bomb\.zip!zeros\.json: expands \d+x \(limit 100x\), which looks like a decompression bomb; stopped reading after 1\.0 MiB/);
});

test('a file that only starts like a zip is reported, not thrown', async () => {
  const { entries: got, warnings } = await entries(file('fake.zip', Buffer.from('PK\x03\x04 and then nothing of a zip')));
  assert.deepEqual(got, []);
  assert.match(warnings.join('\n'), /fake\.zip: the zip archive has no readable central directory/);
});

test('an entry abandoned after its head, left or returned, does not stall the entries after it', async () => {
  const big = new Uint8Array(300_000).fill(7);
  const next = ndjson(3, 'n');
  const image = await tar([{ name: 'big.bin', data: big }, { name: 'next.json', data: next }]);
  const zipped = zip([{ name: 'big.bin', data: big }, { name: 'next.json', data: next }]);
  const cases: [string, string[]][] = [
    [file('abandon.tgz', gzip(image)), ['big.bin', 'next.json']],
    [file('abandon.tar', image), ['big.bin', 'next.json']],
    [file('abandon.zip', zipped), ['big.bin', 'next.json']],
    [file('abandon-scanned.zip', zipped.subarray(0, zipped.length - 30)), ['big.bin', 'next.json']],
    [file('abandon.bin.gz', gzip(big)), ['abandon.bin']],
    // Nested, the inner gunzip is abandoned with the entry and may leave a read of the outer one in flight.
    [file('abandon-nested.tar', await tar([{ name: 'inner.tgz', data: gzip(image) }, { name: 'after.json', data: next }])), ['inner.tgz!big.bin', 'inner.tgz!next.json', 'after.json']],
    [file('abandon-nested.zip', zip([{ name: 'inner.tgz', data: gzip(image) }, { name: 'after.json', data: next }])), ['inner.tgz!big.bin', 'inner.tgz!next.json', 'after.json']],
  ];
  for (const [path, members] of cases) {
    for (const returned of [false, true]) {
      const seen: string[] = [];
      for await (const entry of openSources(path, { warn: () => undefined })) {
        const iterator = entry.open()[Symbol.asyncIterator]();
        const first = await iterator.next();
        assert.ok(!first.done);
        // Returning the iterator is what a for-await loop left with break or return does.
        if (returned) await iterator.return?.();
        seen.push(entry.member!);
        if (entry.member!.endsWith('next.json')) assert.equal(Buffer.from(first.value).toString(), next.toString());
      }
      assert.deepEqual(seen, members, `${path}, returned: ${returned}`);
    }
  }
});

test('tar links, devices and FIFOs are skipped with one warning naming how many and the first', async () => {
  const path = file('links.tar', rawTar([
    { name: 'a.json', type: '0', data: ndjson(1, 'a') },
    { name: 'link.json', type: '2', linkName: '/etc/passwd' },
    { name: 'hard.json', type: '1', linkName: '../../etc/evil.json' },
    { name: 'dir/', type: '5' },
    { name: 'pipe', type: '6' },
    { name: 'b.json', type: '0', data: ndjson(1, 'b') },
  ]));
  const { entries: got, warnings, warnedMembers } = await entries(path);
  assert.deepEqual(got.map((e) => e.member), ['a.json', 'b.json']);
  assert.deepEqual(warnings, [`${path}: skipped 3 member(s) that are not regular files, the first "link.json", a symbolic link to "/etc/passwd"; only regular files are read, nothing is extracted to disk`]);
  assert.deepEqual(warnedMembers, [undefined]);
});

test('a tar directory entry whose header declares a size does not stall the tar', async () => {
  const path = file('dir-size.tar', rawTar([{ name: 'd/', type: '5', size: 100 }, { name: 'a.json', type: '0', data: ndjson(2, 'a') }]));
  const { entries: got, warnings } = await entries(path);
  assert.deepEqual(got, [{ member: 'a.json', text: ndjson(2, 'a').toString() }]);
  assert.deepEqual(warnings, []);
});

test('a .tar.gz member stopped by the ratio limit ends the archive with the bomb message; the members before it are kept', async () => {
  const image = await tar([{ name: 'a.json', data: ndjson(3, 'a') }, { name: 'zeros.bin', data: new Uint8Array(4 * 1024 * 1024) }, { name: 'b.json', data: ndjson(3, 'b') }]);
  const path = file('bomb.tgz', gzip(image));
  const { entries: got, warnings, warnedMembers } = await entries(path, { ratioFloorBytes: 1024 * 1024, maxRatio: 100 });
  assert.deepEqual(got.map((e) => e.member), ['a.json', 'zeros.bin']);
  assert.equal(got[0]!.text, ndjson(3, 'a').toString());
  assert.ok(got[1]!.text.length < 4 * 1024 * 1024);
  assert.equal(warnings.length, 1, warnings.join('\n'));
  assert.match(warnings[0]!, /bomb\.tgz!zeros\.bin: expands \d+x \(limit 100x\), which looks like a decompression bomb; stopped reading after /);
  assert.deepEqual(warnedMembers, ['zeros.bin']);
});

test('a tar link entry holding data is counted while it is passed over: a bomb there stops the archive', async () => {
  const path = file('link-bomb.tgz', gzip(rawTar([
    { name: 'a.json', type: '0', data: ndjson(2, 'a') },
    { name: 'hidden', type: '2', linkName: 'target', data: new Uint8Array(4 * 1024 * 1024) },
    { name: 'b.json', type: '0', data: ndjson(2, 'b') },
  ])));
  const { entries: got, warnings, warnedMembers } = await entries(path, { ratioFloorBytes: 1024 * 1024, maxRatio: 100 });
  assert.deepEqual(got, [{ member: 'a.json', text: ndjson(2, 'a').toString() }]);
  const bomb = warnings.findIndex((w) => /link-bomb\.tgz!hidden: expands \d+x \(limit 100x\), which looks like a decompression bomb; stopped reading after /.test(w));
  assert.ok(bomb >= 0, warnings.join('\n'));
  assert.equal(warnedMembers[bomb], 'hidden');
});

test('a nested archive too deep to open is counted while it is passed over', async () => {
  // Starts like a gzip, so it is a third-level archive, skipped unread; inflating the .tgz around it still costs 4 MiB.
  const deep = Buffer.concat([Buffer.from([0x1f, 0x8b, 8, 0]), Buffer.alloc(4 * 1024 * 1024)]);
  const path = file('deep-bomb.zip', zip([{ name: 'inner.tgz', data: gzip(await tar([{ name: 'deep.gz', data: deep }, { name: 'after.json', data: ndjson(1, 'x') }])) }]));
  // The floor lies past the first 1 MiB piece the .tgz inflates to (inflate.ts), so the tar names deep.gz before the limit speaks.
  const { entries: got, warnings } = await entries(path, { ratioFloorBytes: 2 * 1024 * 1024, maxRatio: 100 });
  assert.deepEqual(got, []);
  assert.match(warnings.join('\n'), /deep-bomb\.zip!inner\.tgz!deep\.gz: archives are opened one level deep/);
  assert.match(warnings.join('\n'), /deep-bomb\.zip!inner\.tgz!deep\.gz: expands \d+x \(limit 100x\), which looks like a decompression bomb; stopped reading after /);
});

test('a zip member with damaged data ends with a warning; the other members are read', async () => {
  const bytes = zip([{ name: 'bad.json', data: ndjson(400, 'bad') }, { name: 'good.json', data: ndjson(2, 'good') }]);
  const damaged = Buffer.from(bytes);
  for (let i = 60; i < 90; i++) damaged[i] = 0xff; // inside bad.json's deflate stream
  const { entries: got, warnings } = await entries(file('damaged-member.zip', damaged));
  assert.deepEqual(got.map((e) => e.member), ['bad.json', 'good.json']);
  assert.equal(got[1]!.text, ndjson(2, 'good').toString());
  assert.match(warnings.join('\n'), /damaged-member\.zip!bad\.json: cannot read further \(.+\); kept what was read/);
});

test('a gzip stream expanding past the ratio limit stops with a bomb message', async () => {
  const path = file('bomb.json.gz', gzip(new Uint8Array(8 * 1024 * 1024)));
  const { entries: got, warnings } = await entries(path, { ratioFloorBytes: 1024 * 1024, maxRatio: 50 });
  assert.ok(got[0]!.text.length < 8 * 1024 * 1024);
  assert.match(warnings.join('\n'), /bomb\.json\.gz!bomb\.json: expands \d+x \(limit 50x\), which looks like a decompression bomb; stopped reading after \d/);
});
