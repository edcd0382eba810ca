// Fuzzing archive expansion (zip, gzip, tar, tar.gz, an archive inside an archive): byte
// mutations of valid archives and arbitrary bytes behind archive magic must end in entries
// and warnings, or at worst one Error that the load pipeline reports for that file, never in
// a crash, an unhandled stream error or a hang; and damage to one zip member's data never
// costs the other members.

import { test, type TestContext } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { openSources } from '../../../src/core/raw/sources';
import { collect } from '../../../src/core/raw/sources/byteStream';
import { gzip, ndjson, tar, zip } from '../ingest/formats/helpers';
import { Figures, fuzzOptions } from './harness';
import { mutate, mutations } from './lineFormat';

const dir = mkdtempSync(join(tmpdir(), 'huntbench-fuzz-archives-'));
test.after(() => rmSync(dir, { recursive: true, force: true }));
const figures = new Figures('archives');
let fileNumber = 0;

interface Expanded {
  readonly members: Map<string, string>;
  /** Warnings without the temporary file's name, for the figures. */
  readonly warnings: string[];
  /** Members a warning named. */
  readonly warnedMembers: ReadonlySet<string>;
  /** The Error that ended the file, as loadPaths would report it ("reading failed: ..."). */
  readonly failure?: string;
}

/** Expands a file as the load pipeline does: every entry opened and read through. */
async function expand(bytes: Uint8Array): Promise<Expanded> {
  const path = join(dir, `case-${fileNumber++}.bin`);
  writeFileSync(path, bytes);
  const members = new Map<string, string>();
  const warnings: string[] = [];
  const warnedMembers = new Set<string>();
  try {
    // Figures count the kind of warning, not the temporary file's name.
    const warn = (message: string, member?: string) => {
      warnings.push(message.startsWith(path) ? message.slice(message.indexOf(': ') + 2) : message);
      if (member !== undefined) warnedMembers.add(member);
    };
    for await (const entry of openSources(path, { warn })) {
      members.set(entry.member ?? '', Buffer.from(await collect(entry.open())).toString('utf8'));
    }
  } catch (error) {
    // A plain Error with a message is reported per file by the pipeline; anything else is a bug.
    if (!(error instanceof Error) || error instanceof TypeError || error instanceof RangeError || !error.message) throw error;
    return { members, warnings, warnedMembers, failure: error.message };
  } finally {
    rmSync(path, { force: true });
  }
  return { members, warnings, warnedMembers };
}

const member = (name: string, i: number) => ({ name, data: ndjson(5 + i, name) });

async function archive(kind: string): Promise<Uint8Array> {
  const members = ['a.json', 'b.json', 'c.json'].map(member);
  switch (kind) {
    case 'zip': return zip(members);
    case 'zip-stored': return zip(members.map((m) => ({ ...m, store: true })));
    case 'gzip': return gzip(members[0]!.data);
    case 'tar': return tar(members);
    case 'tar.gz': return gzip(await tar(members));
    default: return zip([member('inner-a.json', 0), { name: 'inner.zip', data: zip(members) }]);
  }
}
const KINDS = ['zip', 'zip-stored', 'gzip', 'tar', 'tar.gz', 'nested'];

test('archives: byte mutations of valid archives never crash or hang', async () => {
  await fc.assert(fc.asyncProperty(fc.constantFrom(...KINDS), mutations, async (kind, changes) => {
    const bytes = changes.reduce(mutate, await archive(kind));
    const outcome = await figures.guard(() => expand(bytes));
    figures.count([...outcome.warnings, ...(outcome.failure ? [outcome.failure] : [])]);
  }), fuzzOptions(120));
});

test('archives: arbitrary bytes behind archive magic never crash or hang', async () => {
  const magic = fc.constantFrom(
    Buffer.from('PK\x03\x04', 'latin1'), Buffer.from([0x1f, 0x8b, 0x08, 0x00]), Buffer.from('PK\x05\x06', 'latin1'), Buffer.alloc(0),
  );
  await fc.assert(fc.asyncProperty(magic, fc.uint8Array({ maxLength: 2000 }), fc.boolean(), async (head, body, ustar) => {
    const bytes = Buffer.concat([head, body]);
    // A tar is recognised by "ustar" at offset 257.
    if (ustar && bytes.length >= 263) bytes.write('ustar\0', 257, 'latin1');
    const outcome = await figures.guard(() => expand(bytes));
    figures.count([...outcome.warnings, ...(outcome.failure ? [outcome.failure] : [])]);
  }), fuzzOptions(120));
});

test('archives: damage to one zip member\'s data never costs the other members', async (t: TestContext) => {
  try {
    await fc.assert(fc.asyncProperty(fc.boolean(), fc.array(fc.tuple(fc.double({ min: 0, max: 1, noNaN: true, maxExcluded: true }), fc.integer({ min: 0, max: 255 })), { minLength: 1, maxLength: 8 }),
      async (stored, writes) => {
        const members = ['a.json', 'b.json', 'c.json'].map(member).map((m) => ({ ...m, store: stored }));
        const bytes = zip(members);
        // b.json's data starts after a's local header, name and data, and its own header and name.
        const aSize = 30 + 6 + zip([members[0]!]).readUInt32LE(18);
        const bStart = aSize + 30 + 6;
        const bLength = zip([members[1]!]).readUInt32LE(18);
        for (const [at, value] of writes) bytes[bStart + Math.floor(at * bLength)] = value;
        const outcome = await figures.guard(() => expand(bytes));
        figures.count(outcome.warnings);
        assert.equal(outcome.members.get('a.json'), members[0]!.data.toString());
        assert.equal(outcome.members.get('c.json'), members[2]!.data.toString());
        if (outcome.members.get('b.json') !== members[1]!.data.toString()) {
          assert.ok(outcome.warnedMembers.has('b.json'), `b.json damaged without a warning: ${outcome.warnings.join('\n')}`);
        }
      }), fuzzOptions(80));
  } finally {
    figures.report(t);
  }
});
