// Field names: each must resolve to a schema column (through any alias), an original field
// (warned: read from the raw record, slow), or a reference to an earlier step. A name that
// is close to a known alias is almost always a typo: an error with a did-you-mean fix.

import { ALIASES } from '../../../schema/aliases';
import { diag } from '../../diagnosticCodes';
import { walk } from '../../syntax/visit';
import type { CheckContext } from '../context';
import { fieldTarget, resolveName } from '../../semantics/resolve';
import { scopedParts } from '../scope';
import { closest } from '../suggest';

export function checkFields(context: CheckContext): void {
  const dataFields = new Set((context.info.dataFields ?? []).map((f) => f.toLowerCase()));
  const known = [...ALIASES.map((a) => a.name), ...(context.info.dataFields ?? [])];
  for (const { node, scope, step } of scopedParts(context.document)) {
    walk(node, {
      enter(n) {
        if (n.kind !== 'Field') return;
        const r = resolveName(n, scope);
        if (r.kind === 'laterRef') {
          context.report(diag('laterStep', n.span, { name: r.step, from: step?.name?.name ?? 'until' }));
          return;
        }
        const target = r.kind === 'ref' ? r.target : r;
        if (target.kind !== 'raw') return;
        const bare = r.kind === 'ref' ? n.name.slice(n.name.indexOf('.') + 1) : n.name;
        const dot = n.name.indexOf('.');
        if (r.kind !== 'ref' && dot > 0 && !n.quoted) {
          // `opn.dst_port`: the tail is a schema field, so the head was meant as a step name.
          const prefix = n.name.slice(0, dot);
          const steps = closest(prefix, scope.all, 1);
          if (steps.length || (fieldTarget(n.name.slice(dot + 1)).kind === 'column' && closest(n.name, known).length === 0)) {
            context.report(diag('unknownStep', n.span, { name: prefix, ref: n.name }, {
              fixes: steps.map((s) => ({ title: `Change to ${s}`, edits: [{ span: { start: n.span.start, end: n.span.start + dot }, newText: s }] })),
            }));
            return;
          }
        }
        if (dataFields.has(bare.toLowerCase())) return;
        const near = closest(bare, known);
        if (near.length) {
          const fieldStart = r.kind === 'ref' ? n.span.start + n.name.indexOf('.') + 1 : n.span.start;
          context.report(diag('unknownField', n.span, { name: bare, hint: ` Did you mean ${near.join(', ')}?` }, {
            fixes: near.map((s) => ({ title: `Change to ${s}`, edits: [{ span: { start: fieldStart, end: n.span.end }, newText: s }] })),
          }));
        } else {
          context.report(diag('originalField', n.span, { name: bare }));
        }
      },
    });
  }
}
