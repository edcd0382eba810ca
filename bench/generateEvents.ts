// Generates a large realistic NDJSON file for the ingest benchmark: NXLog-dialect events
// (~2.5 KB each) derived from a few templates taken from a real OTRF capture, with record
// numbers, times, process GUIDs and hosts varied. Written to bench/data/ (gitignored).

import { closeSync, existsSync, mkdirSync, openSync, statSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { readEntryBytes } from '../src/core/raw/entryBytes';

const HOSTS = ['WORKSTATION5.theshire.local', 'WORKSTATION6.theshire.local', 'MORDORDC.theshire.local', 'WORKSTATION7.theshire.local'];

/** One event per (Channel, EventID) among the first records of a capture: at most `count`. */
function templates(zipPath: string, member: string, count: number): Record<string, unknown>[] {
  const text = readEntryBytes(zipPath, member).toString('utf8', 0, 20 * 1024 * 1024);
  const seen = new Map<string, Record<string, unknown>>();
  for (const line of text.split('\n')) {
    if (seen.size >= count) break;
    try {
      const event = JSON.parse(line) as Record<string, unknown>;
      const key = `${String(event.Channel)}/${String(event.EventID)}`;
      if (!seen.has(key) && line.length > 1200) seen.set(key, event);
    } catch {
      // the cut at 20 MB leaves one partial line
    }
  }
  return [...seen.values()];
}

function guid(n: number): string {
  const hex = n.toString(16).padStart(12, '0');
  return `{5f2b3c1e-${hex.slice(0, 4)}-5f1a-${hex.slice(4, 8)}-0000${hex.slice(0, 8)}}`;
}

/** Writes `events` NDJSON lines to `out` unless a file of that name already exists; returns its path. */
export function generateEvents(zipPath: string, member: string, events: number, out: string): string {
  if (existsSync(out) && statSync(out).size > 0) return out;
  mkdirSync(join(out, '..'), { recursive: true });
  const bases = templates(zipPath, member, 12);
  const fd = openSync(out, 'w');
  const start = Date.parse('2020-09-04T03:00:00.000Z');
  try {
    let chunk: string[] = [];
    for (let i = 0; i < events; i++) {
      const base = bases[i % bases.length]!;
      const time = new Date(start + i * 7);
      const event: Record<string, unknown> = { ...base, Hostname: HOSTS[(i >> 3) % HOSTS.length], RecordNumber: i + 1, EventTime: time.toISOString().replace('T', ' ').slice(0, 19) };
      if ('UtcTime' in base) event.UtcTime = time.toISOString().replace('T', ' ').replace('Z', '');
      if ('ProcessGuid' in base) event.ProcessGuid = guid(i % 50_000);
      if ('ProcessId' in base) event.ProcessId = 1000 + (i % 9000);
      event['@timestamp'] = time.toISOString();
      chunk.push(JSON.stringify(event));
      if (chunk.length === 2000) {
        writeSync(fd, chunk.join('\n') + '\n');
        chunk = [];
      }
    }
    if (chunk.length) writeSync(fd, chunk.join('\n') + '\n');
  } finally {
    closeSync(fd);
  }
  return out;
}
