// The inventory file: the user's own word on who is who (`.huntbench/hosts.csv`, or
// `huntbench --hosts FILE`). One pin per line, `host,address,from,to`; from/to are optional
// ISO 8601 times (empty = unbounded); a header line and `#` comments are skipped. A pin holds
// in every capture and wins over learned claims (addressBook.ts). The file is user-supplied
// text: bad lines are reported with their number and skipped, the rest is used.

import { closeSync, fstatSync, readFileSync } from 'node:fs';
import { openRegularSync } from '../fs/regularFile';
import type { AddressClaim } from './addressBook';
import { addressScope } from './peerScope';

export interface Inventory {
  readonly pins: AddressClaim[];
  /** One message per line that was not used, naming the line. */
  readonly problems: string[];
}

const MAX_LINES = 100_000;
/** An inventory is a list of hosts; a larger file is not one, and is not read. */
const MAX_BYTES = 16 * 1024 * 1024;

function time(text: string | undefined): number | null | undefined {
  if (text === undefined || text.trim() === '') return null;
  const ms = Date.parse(text.trim());
  return Number.isNaN(ms) ? undefined : ms;
}

export function parseInventory(text: string, name = 'hosts.csv'): Inventory {
  const pins: AddressClaim[] = [];
  const problems: string[] = [];
  const lines = text.split(/\r?\n/);
  if (lines.length > MAX_LINES) problems.push(`${name}: only the first ${MAX_LINES.toLocaleString('en-US')} lines are read`);
  lines.slice(0, MAX_LINES).forEach((raw, index) => {
    const line = raw.trim();
    const where = `${name}:${index + 1}`;
    if (line === '' || line.startsWith('#') || (index === 0 && /^host\s*,/i.test(line))) return;
    const [host, address, from, to, ...rest] = line.split(',').map((f) => f.trim());
    if (!host || !address || rest.length > 0) return void problems.push(`${where}: expected host,address[,from,to]`);
    if (addressScope(address) === null) return void problems.push(`${where}: "${address.slice(0, 60)}" is not an IP address`);
    const [lo, hi] = [time(from), time(to)];
    if (lo === undefined || hi === undefined) return void problems.push(`${where}: from/to must be ISO 8601 times or empty`);
    pins.push({ host: host.split('.')[0]!.toUpperCase(), address, capture: null, from: lo, to: hi, evidence: 'inventory', events: 0 });
  });
  return { pins, problems };
}

/**
 * The inventory at `path`; a file that cannot be read, is too large or is not a regular file is
 * one problem and no pins. Only a regular file is opened: the load waited forever on a FIFO, and
 * read /dev/zero (size 0, so under the size cap) until memory ran out.
 */
export function readInventory(path: string): Inventory {
  let fd: number | undefined;
  try {
    fd = openRegularSync(path);
    const size = fstatSync(fd).size;
    if (size > MAX_BYTES) return { pins: [], problems: [`${path}: ${size.toLocaleString('en-US')} bytes, more than an inventory's ${MAX_BYTES.toLocaleString('en-US')}; not read`] };
    return parseInventory(readFileSync(fd, 'utf8'), path);
  } catch (error) {
    const reason = (error as NodeJS.ErrnoException).code ?? (error as Error).message.replace(`${path} is `, '');
    return { pins: [], problems: [`${path}: not read (${reason})`] };
  } finally {
    if (fd !== undefined) closeSync(fd);
  }
}
