// A `.hunt` text parsed once: its tokens, tree and syntax diagnostics, which every language
// feature (diagnostics, completion, hover, outline, definitions, lenses, actions, step notes)
// reads instead of parsing again. The editor keeps one per document version
// (src/language/sources.ts); the CLI and tests make one with `huntSource(text)`.

import { parse, type ParseResult } from '../syntax/parser';
import type { Token } from '../syntax/tokens';

export interface HuntSource extends ParseResult {
  readonly text: string;
}

export function huntSource(text: string): HuntSource {
  return { text, ...parse(text) };
}

/** The source's tokens without the end marker. */
export function tokens(source: HuntSource): readonly Token[] {
  return source.tokens.filter((t) => t.kind !== 'eof');
}

/**
 * The text the engine needs to run one analytic: the file's list declarations and the
 * analytic itself, so a hover sends the worker one analytic, not the whole file.
 */
export function analyticText(source: HuntSource, analytic: string): string | undefined {
  const node = source.document.items.find((i) => i.kind === 'Analytic' && i.id?.value === analytic);
  if (!node) return undefined;
  const lists = source.document.items.filter((i) => i.kind === 'ListDecl');
  return [...lists, node].map((i) => source.text.slice(i.span.start, i.span.end)).join('\n');
}
