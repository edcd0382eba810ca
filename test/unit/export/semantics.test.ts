// What a target compares must mean what the analytic compares: text folds case in `.hunt`, so
// a target comparison that does not is left to a post-filter (reported), never written as if
// it were exact.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadHuntText } from '../../../src/core/dsl/load';
import { exportFile } from '../../../src/core/export/index';

const analytic = (where: string): string => `analytic "S1" {\n  title "t"\n  severity low\n  sequence by host\n    step a: process where ${where}\n}\n`;

test('EQL leaves case-sensitive text comparisons (two fields, text order) to a post-filter', () => {
  const text = analytic('image == parent_image and command_line < "m" and process_name != parent_name and dst_port < src_port and process_name == "cmd.exe"');
  const [out] = exportFile(loadHuntText('/tmp/case.hunt', text), 'eql').analytics;
  const query = out!.text.split('\n').filter((l) => !l.startsWith('//')).join(' ');
  assert.doesNotMatch(query, /process\.executable ==|command_line <|process\.name != process\.parent\.name/);
  assert.match(query, /destination\.port < source\.port/);
  assert.match(query, /process\.name : "cmd\.exe"/);
  assert.deepEqual(out!.diagnostics.filter((d) => d.code === 'HUNT4009').map((d) => text.slice(d.span.start, d.span.end)),
    ['image == parent_image', 'command_line < "m"', 'process_name != parent_name']);
});

test('SPL: not like and not matches hold on a missing field, as not in does', () => {
  const text = analytic('image not like "*\\\\temp\\\\*" and command_line not matches /-enc/ and process_name not in ("a.exe")');
  const query = exportFile(loadHuntText('/tmp/missing.hunt', text), 'spl').text;
  assert.match(query, /\(isnull\(process_path\) OR NOT \(match\(process_path, "[^"]+"\)\)\)/);
  assert.match(query, /\(isnull\(process\) OR NOT match\(process, "-enc"\)\)/);
  assert.match(query, /\(isnull\(process_name\) OR NOT in\(lower\(process_name\), "a\.exe"\)\)/);
});
