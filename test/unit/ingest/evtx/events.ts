// Event templates and values shared by the EVTX unit tests: a System section like Windows
// writes it (provider, event id, time, record id, channel, computer as substitutions), a value
// that expands exponentially, and helpers to decode built bytes back into WinEvents and problems.

import { decodeChunk, type DecodedChunk } from '../../../../src/core/ingest/evtx/chunk';
import { readEvtxRecords, inlineDecoder, type DecodedRecord } from '../../../../src/core/ingest/evtx/index';
import type { FormatReader, LoadedRecord } from '../../../../src/core/types/records';
import { el, sub, v, type Content, type SubstitutionValue, type Template } from './builder';

/** Substitution index of the first value after the System ones (0-6, the last the optional ActivityID). */
export const FIRST_DATA_SUB = 7;

/** <Event><System>…</System>{body}</Event>, System fields from substitutions 0-5. */
export function eventTemplate(id: number, ...body: Content[]): Template {
  return {
    id,
    body: [
      el('Event', { xmlns: [{ text: 'http://schemas.microsoft.com/win/2004/08/events/event' }] },
        el('System', undefined,
          el('Provider', { Name: [sub(0, 0x01)] }),
          el('EventID', undefined, sub(1, 0x06)),
          el('TimeCreated', { SystemTime: [sub(2, 0x11)] }),
          el('EventRecordID', undefined, sub(3, 0x0a)),
          el('Correlation', { ActivityID: [sub(6, 0x0f, true)] }),
          el('Channel', undefined, sub(4, 0x01)),
          el('Computer', undefined, sub(5, 0x01))),
        ...body),
    ],
  };
}

export function systemValues(recordId: number, eventId = 4688, provider = 'Microsoft-Windows-Security-Auditing', channel = 'Security'): SubstitutionValue[] {
  return [v.string(provider), v.uint16(eventId), v.filetime('2024-05-06T07:08:09.123Z', 4567n), v.uint64(BigInt(recordId)), v.string(channel), v.string('WS1.corp.example'), v.null()];
}

/**
 * An EVTX "billion laughs" (the hostile-input audit's bomb): a template whose body repeats its
 * nested-BinXML substitution `fanOut` times, the value holding the same template again, `depth`
 * levels down to `leaf`: about 20 bytes a level, fanOut^depth copies of the leaf once expanded.
 */
export function nestedTemplateBomb(fanOut: number, depth: number, leaf: SubstitutionValue = v.string('leaf')): SubstitutionValue {
  const bomb: Template = { id: 99, body: [el('X', undefined, ...Array.from({ length: fanOut }, () => sub(0, 0x21)))] };
  let value = leaf;
  for (let i = 0; i < depth; i++) value = { nested: { template: bomb, values: [value] } };
  return value;
}

export const EXPECTED_TIME = '2024-05-06T07:08:09.123456700Z';

export interface Problems {
  rejects: { offset?: number; reason: string }[];
  warnings: string[];
}

export async function readAll(bytes: Uint8Array, pieceSize = 7000): Promise<{ records: DecodedRecord[] } & Problems> {
  const rejects: Problems['rejects'] = [];
  const warnings: string[] = [];
  const context = { sourceName: 'test.evtx', reject: (r: { offset?: number; reason: string }) => rejects.push(r), warn: (m: string) => warnings.push(m) };
  async function* pieces() {
    for (let o = 0; o < bytes.length; o += pieceSize) yield bytes.subarray(o, o + pieceSize);
  }
  const records: DecodedRecord[] = [];
  for await (const r of readEvtxRecords(pieces(), context, inlineDecoder)) records.push(r);
  return { records, rejects, warnings };
}

/** Reads `bytes` with a format reader (the EVTX reader, its worker pool, the EVTX-XML reader). */
export async function readWith(reader: FormatReader, bytes: Uint8Array): Promise<{ records: LoadedRecord[]; problems: string[] }> {
  const problems: string[] = [];
  const context = { sourceName: 'sample', reject: (r: { reason: string }) => problems.push(r.reason), warn: (m: string) => problems.push(m) };
  async function* stream() {
    for (let o = 0; o < bytes.length; o += 100_000) yield bytes.subarray(o, o + 100_000);
  }
  const records: LoadedRecord[] = [];
  for await (const batch of reader(stream(), context)) records.push(...batch);
  return { records, problems };
}

export function decode(chunk: Uint8Array): DecodedChunk {
  return decodeChunk(chunk, 0, 4096);
}
