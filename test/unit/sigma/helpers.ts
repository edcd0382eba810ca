// Builds one Sigma rule from a detection written as YAML and evaluates it on plain events.

import { compileRule, type CompileResult } from '../../../src/core/sigma/compile';
import { MapEvent, type FieldValue } from '../../../src/core/sigma/event';
import { loadSigmaText } from '../../../src/core/sigma/load';
import type { SigmaRule } from '../../../src/core/sigma/model';

export function ruleText(detection: string, logsource = 'logsource:\n  product: windows\n  category: process_creation\n'): string {
  return `title: test rule\nid: 11111111-2222-3333-4444-555555555555\nlevel: high\n${logsource}detection:\n${detection.replace(/^/gm, '  ')}\n`;
}

export function compileDetection(detection: string, logsource?: string): CompileResult {
  const loaded = loadSigmaText('/rules/test.yml', ruleText(detection, logsource));
  if (loaded.documents.length !== 1) throw new Error(JSON.stringify(loaded.diagnostics));
  return compileRule(loaded.documents[0] as SigmaRule);
}

/** Whether the rule's first branch matches the event. */
export function matches(detection: string, event: Record<string, FieldValue>): boolean {
  const result = compileDetection(detection);
  if (!result.compiled) throw new Error(result.diagnostics.map((d) => d.message).join('; '));
  return result.compiled.branches[0]!.predicate(MapEvent.of(event));
}
