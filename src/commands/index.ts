// The command table: every `huntbench.*` command id and the factory that builds its handler
// from the context. Titles live in package.json (`contributes.commands`); keep ids stable,
// the end-to-end tests drive them through the palette.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { explainAnalytic, runAllAnalytics, runAnalytic } from './analytics';
import { copyAnalyticToWorkspace, openAnalytic } from './builtinAnalytics';
import { exportChains } from './export';
import { exportAnalytic } from './exportAnalytic';
import { loadIntoHuntbench, loadLogs, reloadSession } from './load';
import { queryEvents } from './query';
import { showOriginalRecord, showRawEvent } from './raw';
import { runSigmaRules } from './sigma';
import { newSession, unloadLogs } from './session';

type Handler = (...args: never[]) => unknown;

const COMMANDS: Readonly<Record<string, (ctx: Context) => Handler>> = {
  'huntbench.loadLogs': loadLogs,
  'huntbench.loadIntoHuntbench': loadIntoHuntbench,
  'huntbench.unloadLogs': unloadLogs,
  'huntbench.newSession': newSession,
  'huntbench.reloadSession': reloadSession,
  'huntbench.runAnalytic': runAnalytic,
  'huntbench.runAllAnalytics': runAllAnalytics,
  'huntbench.explainAnalytic': explainAnalytic,
  'huntbench.openAnalytic': openAnalytic,
  'huntbench.copyAnalyticToWorkspace': copyAnalyticToWorkspace,
  'huntbench.queryEvents': queryEvents,
  'huntbench.showRawEvent': showRawEvent,
  'huntbench.showOriginalRecord': showOriginalRecord,
  'huntbench.exportChains': exportChains,
  'huntbench.exportAnalytic': exportAnalytic,
  'huntbench.runSigmaRules': runSigmaRules,
};

export function registerCommands(ctx: Context): vscode.Disposable {
  return vscode.Disposable.from(...Object.entries(COMMANDS).map(([id, factory]) => {
    const handler = factory(ctx) as (...args: unknown[]) => unknown;
    return vscode.commands.registerCommand(id, async (...args: unknown[]) => {
      try {
        await handler(...args);
      } catch (error) {
        ctx.output.error(`${id}: ${(error as Error).stack ?? String(error)}`);
        void vscode.window.showErrorMessage(`Huntbench: ${(error as Error).message}`);
      }
    });
  }));
}
