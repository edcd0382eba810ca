// Chains as Markdown, for reports: one section per chain with its key, span and a table of
// its steps (time, gap from the previous step, host, event, what happened, source line).
// Log text is attacker-controlled, so every cell is escaped: no raw HTML, no table breaks,
// no links. Used by the timeline's "Export as Markdown" and available to the CLI.

import type { Chain } from '../types/chain';
import { formatGap } from './units';

export interface MarkdownOptions {
  /** Heading of the document; omitted when null. */
  readonly title?: string | null;
}

export function chainsToMarkdown(chains: readonly Chain[], options: MarkdownOptions = {}): string {
  const out: string[] = [];
  const title = options.title === undefined ? 'Huntbench chains' : options.title;
  if (title !== null) out.push(`# ${escapeMarkdown(title)}`, '');
  chains.forEach((chain) => out.push(...chainSection(chain), ''));
  return `${out.join('\n').trimEnd()}\n`;
}

function chainSection(chain: Chain): string[] {
  const key = Object.entries(chain.key).map(([k, v]) => `${k}=${v ?? 'null'}`).join(', ');
  const lines = [
    `## ${escapeMarkdown(chain.analytic)}: ${escapeMarkdown(chain.title)}`,
    '',
    `- Severity: ${chain.severity}`,
    `- Key: ${key ? escapeMarkdown(key) : '(none)'}`,
    `- Span: ${iso(chain.start)} to ${iso(chain.end)} (${formatGap(chain.end - chain.start).slice(1)})`,
    '',
    '| Step | Time (UTC) | Gap | Host | Event | What happened | Source |',
    '|---|---|---|---|---|---|---|',
  ];
  let previousTs: number | null = null;
  for (const step of chain.steps) {
    if (step.missing || step.events.length === 0) {
      lines.push(`| ${escapeMarkdown(step.name)} | | | | | *not observed* | |`);
      continue;
    }
    for (const e of step.events) {
      const gap = previousTs === null ? '' : formatGap(e.ts - previousTs);
      const event = [e.channel, e.event_id].filter((v) => v !== null && v !== undefined).join(' ');
      const source = `${e.source.file}${e.source.line !== undefined ? `:${e.source.line}` : e.source.offset !== undefined ? ` @${e.source.offset}` : ''}`;
      lines.push(`| ${cells([step.name, iso(e.ts), gap, e.host ?? '', event, e.summary, source])} |`);
      previousTs = e.ts;
    }
  }
  return lines;
}

function cells(values: readonly string[]): string {
  return values.map(escapeMarkdown).join(' | ');
}

function iso(ts: number): string {
  return Number.isFinite(ts) ? new Date(ts).toISOString() : String(ts);
}

/**
 * Escape text for a Markdown paragraph or table cell: HTML-significant characters become
 * entities, the Markdown punctuation that could start emphasis, code, links or cells is backslash-escaped, line breaks become spaces.
 */
export function escapeMarkdown(text: string): string {
  return text
    .replace(/[\r\n\t]+/g, ' ')
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/([\\`*_[\]|~])/g, '\\$1');
}
