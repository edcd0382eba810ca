// CodeLens above each analytic: "Run ▶", the chain count of its last run, and "Explain".
// Refreshed when a run finishes; the count reads the context, never the engine.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { analyticAnchors } from '../core/dsl/service/lenses';
import { toRange } from './convert';
import { sourceOf } from './sources';

export function registerCodeLens(ctx: Context): vscode.Disposable {
  const changed = new vscode.EventEmitter<void>();
  const provider: vscode.CodeLensProvider = {
    onDidChangeCodeLenses: changed.event,
    provideCodeLenses(document) {
      return analyticAnchors(sourceOf(document)).flatMap((anchor) => {
        const range = toRange(document, anchor.span);
        const ref = { uri: document.uri.toString(), analytic: anchor.analytic };
        const run = ctx.runOf(anchor.analytic);
        const count = !run
          ? 'not run'
          : run.diagnostics.some((d) => d.severity === 'error') ? 'has errors' : `${run.chains.length} chain${run.chains.length === 1 ? '' : 's'}`;
        return [
          new vscode.CodeLens(range, { title: 'Run ▶', command: 'huntbench.runAnalytic', arguments: [ref] }),
          new vscode.CodeLens(range, { title: count, command: run?.chains.length ? 'huntbench.chains.focus' : '', tooltip: run ? `Last run ${new Date(run.at).toISOString()}` : 'Run the analytic to count its chains' }),
          new vscode.CodeLens(range, { title: 'Explain', command: 'huntbench.explainAnalytic', arguments: [ref] }),
        ];
      });
    },
  };
  return vscode.Disposable.from(changed, ctx.onRunsChanged(() => changed.fire()), vscode.languages.registerCodeLensProvider('hunt', provider));
}
