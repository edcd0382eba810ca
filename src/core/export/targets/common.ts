// Pieces every target's output shares: the header comment naming the analytic, its source
// and the mapping, so an exported query can be traced back to the `.hunt` it came from.

import { basename } from 'node:path';
import type { ExportContext } from '../model';

export function metaValues(ctx: ExportContext, key: string): string[] {
  return ctx.analytic.meta.filter((m) => m.key === key).flatMap((m) => m.values.map((v) => (v.kind === 'String' ? v.value : v.name)));
}

export function header(ctx: ExportContext, comment: (text: string) => string, language: string): string[] {
  return [
    comment(`Huntbench analytic ${ctx.analytic.id?.value ?? ''}: ${metaValues(ctx, 'title')[0] ?? ''}`),
    comment(`Exported from ${basename(ctx.file.path)} as ${language}. Severity ${metaValues(ctx, 'severity')[0] ?? ''}; ATT&CK ${metaValues(ctx, 'attack').join(', ')}.`),
  ];
}
