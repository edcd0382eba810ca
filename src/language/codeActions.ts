// Quick fixes: the checker's own fixes carried on each diagnostic (did-you-mean field, step
// or list), and "add window" for a sequence without one.

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { QuickFix } from '../core/types/diagnostic';
import { addWindowFix } from '../core/dsl/service/actions';
import { toRange } from './convert';
import { sourceOf } from './sources';
import type { PublishedDiagnostics } from './diagnostics';

function toAction(document: vscode.TextDocument, fix: QuickFix, diagnostic?: vscode.Diagnostic): vscode.CodeAction {
  const action = new vscode.CodeAction(fix.title, vscode.CodeActionKind.QuickFix);
  action.edit = new vscode.WorkspaceEdit();
  for (const edit of fix.edits) action.edit.replace(document.uri, toRange(document, edit.span), edit.newText);
  if (diagnostic) {
    action.diagnostics = [diagnostic];
    action.isPreferred = true;
  }
  return action;
}

export function registerCodeActions(ctx: Context, published: PublishedDiagnostics): vscode.Disposable {
  return vscode.languages.registerCodeActionsProvider('hunt', {
    provideCodeActions(document, range, context) {
      const core = published.get(document.uri.toString()) ?? [];
      const actions = context.diagnostics.flatMap((d) => {
        const match = core.find((c) => c.code === d.code && toRange(document, c.span).isEqual(d.range));
        return (match?.fixes ?? []).map((fix) => toAction(document, fix, d));
      });
      const window = addWindowFix(sourceOf(document), document.offsetAt(range.start), ctx.settings().defaultWindow);
      if (window) actions.push(toAction(document, window));
      return actions;
    },
  }, { providedCodeActionKinds: [vscode.CodeActionKind.QuickFix] });
}
