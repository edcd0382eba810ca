// The comment block written directly above each step of an analytic: the built-in analytics
// explain there what evidence a step expects, which the timeline's trainer mode shows.

import { lineStartOf } from '../syntax/lexer';
import { stepDecls } from './locate';
import type { HuntSource } from './source';

/** Step (or alternative) name → its comment text, for the analytic with this id. */
export function stepComments(source: HuntSource, analytic: string): Record<string, string> {
  const { text } = source;
  const node = source.document.items.find((i) => i.kind === 'Analytic' && i.id?.value === analytic);
  if (node?.kind !== 'Analytic') return {};
  const notes: Record<string, string> = {};
  for (const decl of stepDecls(node)) {
    if (decl.kind === 'list') continue;
    const above = text.slice(0, lineStartOf(text, decl.node.span.start)).split(/\r\n|\r|\n/).slice(0, -1);
    const block: string[] = [];
    for (let i = above.length - 1; i >= 0; i--) {
      const match = /^\s*(?:#|\/\/)\s?(.*)$/.exec(above[i]!);
      if (!match) break;
      block.unshift(match[1]!.trimEnd());
    }
    const note = block.join('\n').trim();
    if (note) notes[decl.name] = note;
  }
  return notes;
}
