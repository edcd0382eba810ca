// Live diagnostics for `.hunt` documents: checked as you type (debounced by
// `huntbench.diagnosticsDelayMs`), on open, and when the session changes (the loaded data
// changes which fields exist). The checking itself is the core's `diagnose`.

import * as vscode from 'vscode';
import { listName } from '../core/dsl/load';
import type { Context } from '../context';
import { diagnose } from '../core/dsl/service/diagnostics';
import type { Diagnostic } from '../core/types/diagnostic';
import { toDiagnostic } from './convert';
import { sigmaRuleNames } from './sigmaDiagnostics';
import { configuredRulePaths } from '../commands/sigma';
import { sourceOf } from './sources';
import type { DataCache } from './dataCache';

/** The core diagnostics last published per document, so code actions can offer their fixes. */
export type PublishedDiagnostics = Map<string, readonly Diagnostic[]>;

export function registerDiagnostics(ctx: Context, data: DataCache, published: PublishedDiagnostics): vscode.Disposable {
  const collection = vscode.languages.createDiagnosticCollection('hunt');
  const timers = new Map<string, NodeJS.Timeout>();

  const refresh = async (document: vscode.TextDocument): Promise<void> => {
    if (document.languageId !== 'hunt') return;
    const version = document.version;
    const dataFields = await data.fieldsSeen();
    const externalLists = ctx.settings().allowlistFiles.map(listName);
    if (document.isClosed || document.version !== version) return;
    const sigmaRules = sigmaRuleNames(configuredRulePaths(ctx));
    const found = diagnose(sourceOf(document), { dataFields, externalLists, ...(sigmaRules ? { sigmaRules } : {}) });
    published.set(document.uri.toString(), found);
    collection.set(document.uri, found.map((d) => toDiagnostic(document, d)));
  };
  const schedule = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'hunt') return;
    const key = document.uri.toString();
    clearTimeout(timers.get(key));
    timers.set(key, setTimeout(() => {
      timers.delete(key);
      void refresh(document);
    }, ctx.settings().diagnosticsDelayMs));
  };

  vscode.workspace.textDocuments.forEach((d) => void refresh(d));
  return vscode.Disposable.from(
    collection,
    vscode.workspace.onDidOpenTextDocument((d) => void refresh(d)),
    vscode.workspace.onDidChangeTextDocument((e) => schedule(e.document)),
    vscode.workspace.onDidCloseTextDocument((d) => {
      clearTimeout(timers.get(d.uri.toString()));
      collection.delete(d.uri);
      published.delete(d.uri.toString());
    }),
    ctx.onSessionChanged(() => vscode.workspace.textDocuments.forEach((d) => void refresh(d))),
    { dispose: () => timers.forEach((t) => clearTimeout(t)) },
  );
}
