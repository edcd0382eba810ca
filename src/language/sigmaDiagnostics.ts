// Diagnostics on Sigma YAML files in the workspace: what Huntbench cannot run in them (coded
// SIGMA diagnostics, docs/sigma.md), as you type (debounced) and on open. A thin adapter over
// the core's sigmaFileDiagnostics, loaded on first use: the bundle keeps Sigma's loader and
// compiler in a file of their own (esbuild.mjs), so activation does not read them.

import * as vscode from 'vscode';
import type { Context } from '../context';
type Core = typeof import('../core/sigma/fileDiagnostics');
let core: Core | undefined;
const sigma = (): Core => (core ??= require('../core/sigma/fileDiagnostics') as Core);
import { toDiagnostic } from './convert';

let names: { readonly key: string; readonly names: readonly string[] } | undefined;

/**
 * The Sigma rule ids and names of `huntbench.sigmaRules` (for sigma("…") in .hunt files),
 * read again only when the setting changes; undefined when no rules are configured.
 */
export function sigmaRuleNames(paths: readonly string[]): readonly string[] | undefined {
  if (paths.length === 0) return undefined;
  const key = JSON.stringify(paths);
  if (names?.key !== key) {
    let found: readonly string[] = [];
    try {
      found = sigma().sigmaRuleNames(paths);
    } catch {
      // An unreadable path names no rules; Run Sigma Rules reports it.
    }
    names = { key, names: found };
  }
  return names.names;
}

export function registerSigmaDiagnostics(ctx: Context): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('sigma');
  const timers = new Map<string, NodeJS.Timeout>();
  const isYaml = (d: vscode.TextDocument): boolean => d.uri.scheme === 'file' && /\.ya?ml$/i.test(d.uri.fsPath);
  const refresh = (document: vscode.TextDocument): void => {
    if (!isYaml(document) || document.isClosed) return;
    const text = document.getText();
    // Plain YAML (workflows, configs) never loads the Sigma modules.
    if (!/^(detection|correlation|logsource)\s*:/m.test(text)) return void collection.delete(document.uri);
    const found = sigma().sigmaFileDiagnostics(document.uri.fsPath, text);
    collection.set(document.uri, (found ?? []).map((d) => {
      const diagnostic = toDiagnostic(document, d);
      diagnostic.source = 'Huntbench Sigma';
      return diagnostic;
    }));
  };
  const schedule = (document: vscode.TextDocument): void => {
    if (!isYaml(document)) return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => { timers.delete(key); refresh(document); }, ctx.settings().diagnosticsDelayMs));
  };
  vscode.workspace.textDocuments.forEach(refresh);
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument(refresh),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => collection.delete(d.uri)),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
