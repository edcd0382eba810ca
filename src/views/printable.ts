// The editor's side of the one control-character neutraliser (core/text/printable.ts): tree
// items and the output channel show log values, member names and file names, which are
// attacker-controlled, so their text goes through it on the way out.

import * as vscode from 'vscode';
import { printable, printableLine } from '../core/text/printable';

/** The item with a one-line label and description and a neutralised tooltip. */
export function printableItem(item: vscode.TreeItem): vscode.TreeItem {
  if (typeof item.label === 'string') item.label = printableLine(item.label);
  else if (item.label) item.label = { label: printableLine(item.label.label) };
  if (typeof item.description === 'string') item.description = printableLine(item.description);
  if (typeof item.tooltip === 'string') item.tooltip = printable(item.tooltip);
  else if (item.tooltip) item.tooltip = new vscode.MarkdownString(printable(item.tooltip.value));
  return item;
}

const LOGGING = new Set<PropertyKey>(['trace', 'debug', 'info', 'warn', 'error', 'append', 'appendLine', 'replace']);

/** The channel, with every string it is asked to log neutralised first. */
export function printableLog(channel: vscode.LogOutputChannel): vscode.LogOutputChannel {
  const clean = (a: unknown): unknown => (typeof a === 'string' ? printable(a) : a instanceof Error ? printable(a.message) : a);
  return new Proxy(channel, {
    get(target, property) {
      const value: unknown = Reflect.get(target, property, target);
      if (typeof value !== 'function') return value;
      return LOGGING.has(property) ? (...args: unknown[]) => value.apply(target, args.map(clean)) : value.bind(target);
    },
  });
}
