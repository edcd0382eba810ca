// What an editor shows on a Sigma YAML file: every diagnostic of loading and compiling its
// rules, except references to rules that live in other files (a correlation's SIGMA3001 is
// only decidable over the whole pack). Undefined for YAML that is not Sigma. Also the rule
// names a .hunt file's sigma("…") may use, for the editor's checker.

import type { SigmaDiagnostic } from './diagnostics';
import { SIGMA_CODES } from './diagnostics';
import { loadSigmaPaths, loadSigmaText } from './load';
import { buildPack } from './pack';

/** Whether a YAML text looks like Sigma: a top-level detection, correlation or logsource key. */
export function isSigmaText(text: string): boolean {
  return /^(detection|correlation|logsource)\s*:/m.test(text);
}

export function sigmaFileDiagnostics(file: string, text: string): SigmaDiagnostic[] | undefined {
  if (!isSigmaText(text)) return undefined;
  return buildPack(loadSigmaText(file, text)).diagnostics.filter((d) => d.code !== SIGMA_CODES.unknownRuleReference.code);
}

/** The ids and names of the rules under the paths (what sigma("…") may name), without compiling them. */
export function sigmaRuleNames(paths: readonly string[]): string[] {
  return loadSigmaPaths(paths).documents.flatMap((d) => [d.id, ...(d.name !== undefined ? [d.name] : [])]);
}
