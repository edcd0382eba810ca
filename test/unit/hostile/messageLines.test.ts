// Export-Csv and Event Viewer CSV carry an event's data only in its rendered Message, read line
// by line as `Label: value`. The label could start with a blank, so a line of blanks without a
// colon was tried once per blank it began with: quadratic, 150,000 spaces in one Message took
// 15 s to load, and a Message line of 4 MiB (the CSV record cap) hours.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderedMessageData } from '../../../src/core/ingest/formats/renderedMessage';
import { readCsv } from '../../../src/core/ingest/formats/csv';
import { read } from '../ingest/formats/helpers';

/** Linear work on these texts takes milliseconds; the quadratic one took 15 s. */
const BOUND_MS = 2_000;

test('a Message line of 150,000 blanks and no colon costs linear time, and the lines around it are read', async () => {
  const message = `A new process has been created.\n${' '.repeat(150_000)}\nNew Process Name:\tC:\\y.exe`;
  const csv = `TimeCreated,Id,MachineName,LogName,ProviderName,Message\n2024-01-01T10:00:00Z,4688,WS1,Security,Microsoft-Windows-Security-Auditing,"${message}"\n`;
  const started = Date.now();
  const { records, rejections } = await read(readCsv, Buffer.from(csv));
  const elapsed = Date.now() - started;
  assert.deepEqual(rejections, []);
  assert.deepEqual(records.map((r) => r.event.image), ['C:\\y.exe']);
  assert.ok(elapsed < BOUND_MS, `${elapsed} ms`);
});

test('Message labels read as before: sections, indented labels, tabs, values holding colons', () => {
  const data = renderedMessageData('Subject:\n\tAccount Name:\t\tbob\n\nProcess Information:\n  New Process Name:  C:\\x.exe\nCommand Line:\tcmd /c a:b', null, null);
  assert.deepEqual({ ...data }, { SubjectUserName: 'bob', NewProcessName: 'C:\\x.exe', CommandLine: 'cmd /c a:b' });
});
