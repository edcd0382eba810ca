// Completion adapter: the core decides the context, the engine supplies observed values for
// the field at the cursor when logs are loaded, the core builds the items.

import * as vscode from 'vscode';
import { printable, printableLine } from '../core/text/printable';
import { listName } from '../core/dsl/load';
import type { Context } from '../context';
import { completionContext, completionItems, type EntryKind } from '../core/dsl/service/completion';
import { toRange } from './convert';
import { sourceOf } from './sources';
import type { DataCache } from './dataCache';

const KIND: Record<EntryKind, vscode.CompletionItemKind> = {
  keyword: vscode.CompletionItemKind.Keyword,
  field: vscode.CompletionItemKind.Field,
  value: vscode.CompletionItemKind.Value,
  step: vscode.CompletionItemKind.Reference,
  list: vscode.CompletionItemKind.Enum,
  category: vscode.CompletionItemKind.Class,
  function: vscode.CompletionItemKind.Function,
  operator: vscode.CompletionItemKind.Operator,
  snippet: vscode.CompletionItemKind.Snippet,
};

export function registerCompletion(ctx: Context, data: DataCache): vscode.Disposable {
  return vscode.languages.registerCompletionItemProvider('hunt', {
    async provideCompletionItems(document, position, _token, trigger) {
      const context = completionContext(sourceOf(document), document.offsetAt(position));
      // A space opens the list only where it helps (after `where`, `==`, `in`, ...), not while indenting.
      if (trigger.triggerCharacter === ' ' && (context.kind === 'item' || context.kind === 'none')) return [];
      const values = context.kind === 'value' && context.field ? { [context.field]: await data.topValues(context.field) } : {};
      const originalFields = context.kind === 'field' || context.kind === 'stepField' ? await data.fieldsSeen() : [];
      const lists = ctx.settings().allowlistFiles.map(listName);
      const range = toRange(document, context.replace);
      return completionItems(context, { values, originalFields, lists, events: ctx.stats?.events }).map((entry) => {
        // Values come from the logs: shown neutralised, inserted as they are.
        const item = new vscode.CompletionItem(printableLine(entry.label), KIND[entry.kind]);
        item.range = range;
        if (item.label !== entry.label) item.insertText = entry.label;
        if (entry.detail) item.detail = printableLine(entry.detail);
        if (entry.documentation) item.documentation = new vscode.MarkdownString(printable(entry.documentation));
        if (entry.sortText) item.sortText = entry.sortText;
        if (entry.insertText) item.insertText = entry.snippet ? new vscode.SnippetString(entry.insertText) : entry.insertText;
        if (entry.kind === 'step') item.command = { command: 'editor.action.triggerSuggest', title: 'fields of the step' };
        return item;
      });
    },
  }, '.', ' ', '(', ',', ':', '"');
}
