// Inline tests: a non-negative whole number of expected chains, and events that carry a
// time the loader can read (ISO 8601 text or epoch milliseconds).

import { diag } from '../../diagnosticCodes';
import type { CheckContext } from '../context';
import { analytics } from '../scope';

export function checkTests(context: CheckContext): void {
  for (const analytic of analytics(context.document)) {
    const names = new Set<string>();
    for (const test of analytic.tests) {
      if (test.name) {
        if (names.has(test.name.value)) context.report(diag('duplicate', test.name.span, { what: 'test', name: test.name.value }));
        names.add(test.name.value);
      }
      if (test.expect && (!Number.isInteger(test.expect.value) || test.expect.value < 0)) {
        context.report(diag('badTest', test.expect.span, { detail: 'The expected number of chains is a whole number, 0 or more.' }));
      }
      for (const event of test.events ?? []) {
        const ts = event.value.ts;
        const ok = typeof ts === 'number' || (typeof ts === 'string' && !Number.isNaN(Date.parse(ts)));
        if (!ok) context.report(diag('badTest', event.span, { detail: 'A test event needs "ts": an ISO 8601 time or epoch milliseconds.' }));
      }
    }
  }
}
