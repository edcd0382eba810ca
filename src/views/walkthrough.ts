// The walkthrough "Hunt your first chain" follows what the user actually did: each step's
// completion is a context key set when the thing happened (logs loaded, analytics run, a
// timeline opened, a raw record shown, a workspace analytic run), not when a command or dialog
// merely opened. In the demo workspace (setting `huntbench.openWalkthrough`, set by
// samples/.vscode/settings.json) the walkthrough opens by itself once, on first start.

import * as vscode from 'vscode';
import type { Context } from '../context';

export const WALKTHROUGH_ID = 'huntbench.huntbench#huntbench.firstChain';
const OPENED_KEY = 'huntbench.walkthroughOpened';

/** Context keys the walkthrough's completionEvents wait for (`onContext:<key>`). */
export const PROGRESS = {
  loaded: 'huntbench.progress.loaded',
  ran: 'huntbench.progress.ran',
  timeline: 'huntbench.progress.timeline',
  raw: 'huntbench.progress.raw',
  ownAnalytic: 'huntbench.progress.ownAnalytic',
} as const;

export function markProgress(key: (typeof PROGRESS)[keyof typeof PROGRESS]): void {
  void vscode.commands.executeCommand('setContext', key, true);
}

export function registerWalkthrough(ctx: Context): vscode.Disposable {
  const disposables = [
    ctx.onSessionChanged((stats) => { if ((stats?.events ?? 0) > 0) markProgress(PROGRESS.loaded); }),
    ctx.onRunsChanged(() => { if (ctx.allRuns().length) markProgress(PROGRESS.ran); }),
  ];
  const state = ctx.extension.globalState;
  if (vscode.workspace.getConfiguration('huntbench').get('openWalkthrough', false) && !state.get(OPENED_KEY)) {
    void state.update(OPENED_KEY, true).then(() => vscode.commands.executeCommand('workbench.action.openWalkthrough', WALKTHROUGH_ID, false));
  }
  return vscode.Disposable.from(...disposables);
}
