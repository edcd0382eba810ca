// Hover adapter: the core finds what is under the cursor; for a field the engine supplies
// its value distribution, for a step how many loaded events match its selection.

import * as vscode from 'vscode';
import { printable } from '../core/text/printable';
import type { Context } from '../context';
import { hoverMarkdown, hoverTarget, type HoverData } from '../core/dsl/service/hover';
import { workspaceLists } from '../commands/lists';
import { analyticText } from '../core/dsl/service/source';
import { toRange } from './convert';
import { sourceOf } from './sources';
import type { DataCache } from './dataCache';

export function registerHover(ctx: Context, data: DataCache): vscode.Disposable {
  return vscode.languages.registerHoverProvider('hunt', {
    async provideHover(document, position) {
      const source = sourceOf(document);
      const target = hoverTarget(source, document.offsetAt(position));
      if (!target) return undefined;
      let extra: HoverData = { events: ctx.stats?.events };
      if (target.kind === 'field' && ctx.hasData) {
        extra = { ...extra, values: { [target.name]: await data.topValues(target.name) } };
      } else if (target.kind === 'step' && ctx.hasData) {
        // Only the analytic (and the lists it may use) travels to the engine, not the file.
        const text = analyticText(source, target.analytic) ?? '';
        const stepCandidates = await ctx.request('candidates', {
          document: { uri: document.uri.toString(), text }, analytic: target.analytic, step: target.step, lists: await workspaceLists(ctx),
        }).catch(() => undefined);
        extra = { ...extra, stepCandidates };
      }
      return new vscode.Hover(new vscode.MarkdownString(printable(hoverMarkdown(target, extra))), toRange(document, target.span));
    },
  });
}
