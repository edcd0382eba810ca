// Status bar: events loaded and the store's memory use, turning to a warning (and telling the
// user once) as the store nears its memory budget, before loading stops on its own.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { formatBytes } from '../core/format/units';
import { sessionStatus } from '../core/format/notices';

const WARN_AT = 0.8;

export function registerStatusBar(ctx: Context): vscode.Disposable {
  const item = vscode.window.createStatusBarItem('huntbench.session', vscode.StatusBarAlignment.Left, 10);
  item.name = 'Huntbench session';
  item.command = 'huntbench.data.focus';
  let warned = false;
  const subscription = ctx.onSessionChanged((stats) => {
    if (!stats || stats.events === 0) {
      item.hide();
      warned = false;
      return;
    }
    const budget = stats.budgetBytes || ctx.settings().memoryBudgetBytes;
    const { text, tooltip, share } = sessionStatus(stats, budget);
    item.text = `$(telescope) ${text}`;
    item.tooltip = tooltip;
    item.backgroundColor = share >= WARN_AT ? new vscode.ThemeColor('statusBarItem.warningBackground') : undefined;
    item.show();
    if (share >= WARN_AT && !warned) {
      warned = true;
      void vscode.window.showWarningMessage(`Huntbench: the session's store uses ${Math.round(share * 100)}% of its ${formatBytes(budget)} memory budget. Further loads stop at the budget; load a narrower time range or fewer files, or raise huntbench.memoryBudgetMB.`);
    }
  });
  return vscode.Disposable.from(item, subscription);
}
