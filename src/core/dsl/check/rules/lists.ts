// Named lists: every `in name` / `like name` must name a declared list; names are unique.

import { diag } from '../../diagnosticCodes';
import { walk } from '../../syntax/visit';
import type { CheckContext } from '../context';
import { closest } from '../suggest';

export function checkLists(context: CheckContext): void {
  const seen = new Set<string>();
  for (const item of context.document.items) {
    if (item.kind !== 'ListDecl') continue;
    if (seen.has(item.name.name)) context.report(diag('duplicate', item.name.span, { what: 'list', name: item.name.name }));
    seen.add(item.name.name);
  }
  const names = [...seen, ...(context.info.externalLists ?? [])];
  walk(context.document, {
    enter(n) {
      if ((n.kind !== 'In' && n.kind !== 'Like') || !n.list) return;
      if (names.includes(n.list.name)) return;
      const near = closest(n.list.name, names, 1);
      context.report(diag('unknownList', n.list.span, { name: n.list.name, hint: near.length ? ` Did you mean ${near[0]}?` : '' }, {
        fixes: near.map((s) => ({ title: `Change to ${s}`, edits: [{ span: n.list!.span, newText: s }] })),
      }));
    },
  });
}
