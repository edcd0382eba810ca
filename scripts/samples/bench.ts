// Scales the scenarios into large benchmark sets: benign noise from many synthetic hosts,
// with copies of the four lab stories embedded one per time slot. A manifest records
// where every embedded chain is (analytic, host, time span, line ranges per file), so
// benchmarks can check the engine found exactly those.
import { createWriteStream, mkdirSync, writeFileSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import { labHost, type LabHost } from './lab';
import { benignNoise } from './noise';
import type { Random } from './random';
import type { PfirewallLine, WinRecord, ZeekConn } from './records';
import { nxlogLine, PFIREWALL_HEADER, pfirewallLine, zeekFooter, zeekHeader, zeekLine } from './render';
import { SCENARIOS } from './scenarios';
import { recordNumbers } from './write';

export interface BenchOptions {
  readonly out: string;
  readonly events: number;
  readonly chains: number;
  readonly start: number;
}

interface Embedded {
  readonly analytic: string;
  readonly host: string;
  readonly start: string;
  readonly end: string;
  /** 1-based inclusive line ranges of the slot in each file. */
  readonly lines: Record<string, [number, number]>;
}

class LineWriter {
  line = 0;
  private readonly stream: WriteStream;
  constructor(readonly path: string) {
    this.stream = createWriteStream(path);
  }
  async write(lines: readonly string[]): Promise<void> {
    if (lines.length === 0) return;
    this.line += lines.length;
    if (!this.stream.write(lines.join('\n') + '\n')) await new Promise<void>((resolve) => this.stream.once('drain', () => resolve()));
  }
  close(): Promise<void> {
    return new Promise<void>((resolve) => this.stream.end(() => resolve()));
  }
}

function fillerHosts(count: number): LabHost[] {
  return Array.from({ length: count }, (_, i) => {
    const n = i + 1;
    return labHost(`WKS${String(n).padStart(4, '0')}`, `172.18.${40 + Math.floor(n / 250)}.${(n % 250) + 1}`, (0x10000000 + n * 7919).toString(16));
  });
}

export async function writeBenchmark(rng: Random, options: BenchOptions): Promise<void> {
  mkdirSync(options.out, { recursive: true });
  const windows = new LineWriter(join(options.out, 'windows-nxlog.json'));
  const zeek = new LineWriter(join(options.out, 'conn.log'));
  const pfw = new LineWriter(join(options.out, 'pfirewall.log'));
  await zeek.write(zeekHeader(options.start));
  await pfw.write(PFIREWALL_HEADER.slice(0, -1));
  const numbers = recordNumbers(rng);
  const hosts = fillerHosts(50);
  const perSlot = Math.ceil(options.events / options.chains);
  const manifest: Embedded[] = [];
  let slotStart = options.start;
  let written = 0;
  for (let slot = 0; slot < options.chains; slot++) {
    const scenario = SCENARIOS[slot % SCENARIOS.length]!(rng, slotStart);
    const records = scenario.files.flatMap((f) => f.records);
    const slotEnd = Math.max(...records.map((r) => r.ts)) + 60_000;
    const fillerPerHost = Math.max(0, Math.ceil((Math.min(perSlot, options.events - written) - records.length) / hosts.length));
    for (const host of hosts) records.push(...benignNoise(rng, host, slotStart, slotEnd, fillerPerHost, true));
    records.sort((a, b) => a.ts - b.ts);
    const before = { windows: windows.line, zeek: zeek.line, pfw: pfw.line };
    const win = records.filter((r): r is WinRecord => r.kind === 'win');
    await windows.write(win.map((r) => nxlogLine(r, numbers.take(r), 1000 + (r.eventId % 9000))));
    await zeek.write(records.filter((r): r is ZeekConn => r.kind === 'zeek').map(zeekLine));
    await pfw.write(records.filter((r): r is PfirewallLine => r.kind === 'pfirewall').map(pfirewallLine));
    const lines: Record<string, [number, number]> = {};
    for (const [name, from, to] of [['windows-nxlog.json', before.windows, windows.line], ['conn.log', before.zeek, zeek.line], ['pfirewall.log', before.pfw, pfw.line]] as const) {
      if (to > from) lines[name] = [from + 1, to];
    }
    manifest.push({
      analytic: scenario.analytic, host: scenario.expected.host,
      start: new Date(slotStart).toISOString(), end: new Date(slotEnd).toISOString(), lines,
    });
    written += records.length;
    slotStart = slotEnd + 3600_000;
  }
  await zeek.write([zeekFooter(slotStart)]);
  await Promise.all([windows.close(), zeek.close(), pfw.close()]);
  writeFileSync(join(options.out, 'manifest.json'), JSON.stringify({ events: written, chains: manifest }, null, 2) + '\n');
  console.error(`wrote ${written} events with ${manifest.length} embedded chains to ${options.out}`);
}
