// Analytic metadata: an id (unique in the file), a title, a severity from the fixed scale,
// ATT&CK technique ids shaped like T1234 or T1234.001, a sequence, known categories.

import { CATEGORIES } from '../../../schema/columns';
import { diag } from '../../diagnosticCodes';
import { walk } from '../../syntax/visit';
import type { CheckContext } from '../context';
import { analytics } from '../scope';
import { closest } from '../suggest';

const SEVERITIES = ['informational', 'low', 'medium', 'high', 'critical'];
const SINGLE = new Set(['title', 'severity', 'description']);

export function checkMetadata(context: CheckContext): void {
  const ids = new Set<string>();
  for (const analytic of analytics(context.document)) {
    const id = analytic.id?.value ?? '';
    if (analytic.id) {
      if (ids.has(id)) context.report(diag('duplicate', analytic.id.span, { what: 'analytic id', name: id }));
      ids.add(id);
    }
    const keys = new Set<string>();
    for (const m of analytic.meta) {
      if (SINGLE.has(m.key) && keys.has(m.key)) context.report(diag('duplicate', m.keySpan, { what: 'metadata', name: m.key }));
      keys.add(m.key);
      if (m.key === 'severity') {
        const v = m.values[0];
        const text = v ? (v.kind === 'String' ? v.value : v.name) : '';
        if (v && !SEVERITIES.includes(text.toLowerCase())) context.report(diag('badMetadata', v.span, { detail: `Unknown severity ${text}: use one of ${SEVERITIES.join(', ')}.` }));
      }
      if (m.key === 'attack') {
        for (const v of m.values) {
          const text = v.kind === 'String' ? v.value : v.name;
          if (!/^T\d{4}(\.\d{3})?$/.test(text)) context.report(diag('badMetadata', v.span, { detail: `${text} is not an ATT&CK technique id (T1234 or T1234.001).` }));
        }
      }
    }
    const span = analytic.id?.span ?? analytic.span;
    for (const required of ['title', 'severity']) {
      if (!keys.has(required)) context.report(diag('badMetadata', span, { detail: `Analytic ${id} has no ${required}.` }));
    }
    if (!analytic.sequence) context.report(diag('missingSequence', span, { id }));
    walk(analytic, {
      enter(n) {
        if (n.kind !== 'Selection') return;
        const name = n.category.name;
        if (name === 'any' || (CATEGORIES as readonly string[]).includes(name)) return;
        const near = closest(name, CATEGORIES, 1);
        context.report(diag('valueNotAllowed', n.category.span, { field: 'category', value: name, values: `any, ${CATEGORIES.join(', ')}` }, {
          severity: 'error',
          fixes: near.map((s) => ({ title: `Change to ${s}`, edits: [{ span: n.category.span, newText: s }] })),
        }));
      },
    });
  }
}
