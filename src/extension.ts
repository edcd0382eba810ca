// Huntbench's VS Code entry: activate and deactivate only. Activation is cheap: it registers
// commands, views and `.hunt` language features; the engine worker (and sql.js with it)
// starts on the first request that needs data. No deactivate(): the context is one of the
// extension's subscriptions, so VS Code disposes it, which ends the worker.

import * as vscode from 'vscode';
import { runAnalytic } from './commands/analytics';
import { registerCommands } from './commands/index';
import { manifestExists } from './commands/manifest';
import { Context, type RunRecord } from './context';
import { registerLanguageFeatures } from './language/index';
import type { SessionStats } from './core/types/session';
import { registerViews } from './views/index';
import { registerWalkthrough } from './views/walkthrough';
import { watchBuiltInEditor } from './commands/builtinAnalytics';

/** What activation returns: read-only views of the session, for integration tests and other extensions. */
export interface HuntbenchApi {
  stats(): SessionStats | undefined;
  runs(): readonly RunRecord[];
}

export function activate(extension: vscode.ExtensionContext): HuntbenchApi {
  const ctx = new Context(extension);
  const run = runAnalytic(ctx);
  extension.subscriptions.push(
    registerCommands(ctx),
    registerViews(ctx),
    registerWalkthrough(ctx),
    watchBuiltInEditor(ctx),
    registerLanguageFeatures(ctx),
    vscode.workspace.onDidSaveTextDocument((document) => {
      if (document.languageId === 'hunt' && ctx.settings().runOnSave && ctx.hasData) void run(document.uri);
    }),
  );
  void manifestExists().then((exists) => vscode.commands.executeCommand('setContext', 'huntbench.hasManifest', exists));
  return { stats: () => ctx.stats, runs: () => ctx.allRuns() };
}
