// Analytic inline tests in VS Code's Test Explorer: file → analytic → test, discovered from the
// workspace's `.hunt` files (and kept current as documents change), run in the engine worker
// exactly as `huntbench test` runs them: each test's events in a fresh store.

import * as vscode from 'vscode';
import { analyticDocument } from '../commands/analytics';
import type { Context } from '../context';
import { outline } from '../core/dsl/service/outline';
import { toRange } from './convert';
import { sourceOf } from './sources';

export function registerTesting(ctx: Context): vscode.Disposable {
  const controller = vscode.tests.createTestController('huntbench', 'Huntbench analytic tests');

  const refreshFile = (document: vscode.TextDocument): void => {
    if (document.languageId !== 'hunt' || document.uri.scheme !== 'file') return;
    const file = controller.items.get(document.uri.toString()) ?? controller.createTestItem(document.uri.toString(), vscode.workspace.asRelativePath(document.uri), document.uri);
    const analytics = outline(sourceOf(document)).filter((s) => s.kind === 'analytic' && s.children.some((c) => c.kind === 'test'));
    file.children.replace(analytics.map((a) => {
      const analytic = controller.createTestItem(`${document.uri.toString()}#${a.name}`, a.name, document.uri);
      analytic.range = toRange(document, a.nameSpan);
      analytic.children.replace(a.children.filter((c) => c.kind === 'test').map((t) => {
        const item = controller.createTestItem(`${analytic.id}#${t.name}`, t.name, document.uri);
        item.range = toRange(document, t.span);
        item.description = t.detail;
        return item;
      }));
      return analytic;
    }));
    if (file.children.size) controller.items.add(file);
    else controller.items.delete(file.id);
  };

  controller.resolveHandler = async (item) => {
    if (item) return;
    for (const uri of await vscode.workspace.findFiles('**/*.hunt', '**/node_modules/**')) {
      refreshFile(await vscode.workspace.openTextDocument(uri));
    }
  };

  const run = async (request: vscode.TestRunRequest, token: vscode.CancellationToken): Promise<void> => {
    const testRun = controller.createTestRun(request);
    const wanted: vscode.TestItem[] = [];
    const collect = (item: vscode.TestItem): void => {
      if (request.exclude?.includes(item)) return;
      if (item.children.size === 0) wanted.push(item);
      else item.children.forEach(collect);
    };
    if (request.include) request.include.forEach(collect);
    else controller.items.forEach(collect);
    const byFile = new Map<string, vscode.TestItem[]>();
    for (const item of wanted) {
      const key = item.uri!.toString();
      byFile.set(key, [...(byFile.get(key) ?? []), item]);
      testRun.enqueued(item);
    }
    for (const [uri, items] of byFile) {
      if (token.isCancellationRequested) break;
      items.forEach((i) => testRun.started(i));
      try {
        const results = await ctx.request('inlineTests', { document: await analyticDocument(vscode.Uri.parse(uri)) });
        for (const item of items) {
          const result = results.find((r) => item.id === `${uri}#${r.analytic}#${r.name}`);
          if (!result) testRun.errored(item, new vscode.TestMessage('The test is no longer in the file.'));
          else if (result.error) testRun.errored(item, new vscode.TestMessage(result.error));
          else if (result.passed) testRun.passed(item);
          else {
            const message = vscode.TestMessage.diff(`expected ${result.expected} chain(s), got ${result.actual}`, String(result.expected), String(result.actual));
            testRun.failed(item, message);
          }
        }
      } catch (error) {
        items.forEach((i) => testRun.errored(i, new vscode.TestMessage((error as Error).message)));
      }
    }
    testRun.end();
  };
  controller.createRunProfile('Run', vscode.TestRunProfileKind.Run, run, true);

  return vscode.Disposable.from(
    controller,
    vscode.workspace.onDidOpenTextDocument(refreshFile),
    vscode.workspace.onDidChangeTextDocument((e) => refreshFile(e.document)),
  );
}
