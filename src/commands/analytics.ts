// Running analytics: Run Analytic (the one at the cursor, or one picked in a view or CodeLens),
// Run All Analytics (the built-ins shipped in `analytics/` and every `.hunt` file in the
// workspace; a workspace analytic with a built-in's id replaces it), Explain Analytic (why no
// chain on a host: the step and predicate that failed, the nearest events; and per step, how
// many loaded events are candidates: where a near-miss chain stops).

import * as vscode from 'vscode';
import type { Context } from '../context';
import { configuredRulePaths } from './sigma';
import { analyticAt } from '../core/dsl/service/lenses';
import { sourceOf } from '../language/sources';
import type { AnalyticDocument, AnalyticRun } from '../core/types/session';
import { explanationMarkdown } from '../core/format/explanation';
import { fileSafe, runSummary } from '../core/format/notices';
import { workspaceLists } from './lists';
import { requestWithProgress } from './progress';
import { markProgress, PROGRESS } from '../views/walkthrough';

export interface AnalyticFile {
  readonly uri: vscode.Uri;
  readonly builtIn: boolean;
}

/** An analytic as views and CodeLens name it. */
export interface AnalyticRef {
  readonly uri: string;
  readonly analytic: string;
}

export async function discoverAnalytics(ctx: Context): Promise<AnalyticFile[]> {
  const builtInDir = vscode.Uri.joinPath(ctx.extension.extensionUri, 'analytics');
  const builtIns = (await vscode.workspace.fs.readDirectory(builtInDir).then(undefined, () => []))
    .filter(([name, type]) => type === vscode.FileType.File && name.endsWith('.hunt'))
    .map(([name]) => vscode.Uri.joinPath(builtInDir, name));
  const own = vscode.workspace.workspaceFolders ? await vscode.workspace.findFiles('**/*.hunt', '**/node_modules/**') : [];
  const ownPaths = new Set(own.map((u) => u.fsPath));
  return [
    ...builtIns.filter((u) => !ownPaths.has(u.fsPath)).map((uri) => ({ uri, builtIn: true })),
    ...own.map((uri) => ({ uri, builtIn: false })),
  ].sort((a, b) => a.uri.fsPath.localeCompare(b.uri.fsPath));
}

/** The document's current text, unsaved edits included. */
export async function analyticDocument(uri: vscode.Uri): Promise<AnalyticDocument> {
  const open = vscode.workspace.textDocuments.find((d) => d.uri.toString() === uri.toString());
  const text = open ? open.getText() : Buffer.from(await vscode.workspace.fs.readFile(uri)).toString('utf8');
  return { uri: uri.toString(), text };
}

async function requireData(ctx: Context): Promise<boolean> {
  if (ctx.hasData) return true;
  const choice = await vscode.window.showInformationMessage('Huntbench: no logs are loaded. Load logs first, then run analytics.', 'Load Logs');
  if (choice) await vscode.commands.executeCommand('huntbench.loadLogs');
  return ctx.hasData;
}

async function runDocuments(ctx: Context, documents: AnalyticDocument[], only?: string): Promise<readonly AnalyticRun[] | undefined> {
  const lists = await workspaceLists(ctx);
  try {
    const title = only ? `Huntbench: running ${only}` : 'Huntbench: running analytics';
    const runs = await requestWithProgress(ctx, title, 'run', { documents, lists, sigmaRules: configuredRulePaths(ctx) });
    const stopped = runs.find((r) => r.stopReason);
    if (stopped) void vscode.window.showWarningMessage(`Huntbench: ${stopped.stopReason}.`);
    const wanted = only ? runs.filter((r) => r.analytic === only) : runs;
    ctx.recordRuns(wanted);
    return wanted;
  } catch (error) {
    void vscode.window.showErrorMessage(`Huntbench could not run the analytics: ${(error as Error).message}`);
    return undefined;
  }
}

function report(runs: readonly AnalyticRun[]): void {
  const show = runs.some((r) => r.chains.length > 0) ? ['Show Chains'] : [];
  void vscode.window.showInformationMessage(runSummary(runs), ...show).then((choice) => {
    if (choice) void vscode.commands.executeCommand('huntbench.chains.focus');
  });
}

/** An analytic named by CodeLens (`uri` a string), by an Analytics view item (`uri` a Uri), or at the cursor. */
type Target = AnalyticRef | { readonly uri: vscode.Uri; readonly analytic: string } | vscode.Uri;

function targetAnalytic(arg?: Target): { uri: vscode.Uri; analytic?: string } | undefined {
  if (arg instanceof vscode.Uri) return { uri: arg };
  if (arg && typeof arg.uri === 'string') return { uri: vscode.Uri.parse(arg.uri), analytic: arg.analytic };
  if (arg && arg.uri instanceof vscode.Uri) return { uri: arg.uri, analytic: arg.analytic };
  const editor = vscode.window.activeTextEditor;
  if (!editor || editor.document.languageId !== 'hunt') return undefined;
  return { uri: editor.document.uri, analytic: analyticAt(sourceOf(editor.document), editor.document.offsetAt(editor.selection.active)) };
}

export function runAnalytic(ctx: Context) {
  return async (arg?: Target): Promise<void> => {
    const target = targetAnalytic(arg);
    if (!target) {
      void vscode.window.showInformationMessage('Huntbench: open a .hunt file and place the cursor in an analytic, or use Run All Analytics.');
      return;
    }
    if (!(await requireData(ctx))) return;
    const runs = await runDocuments(ctx, [await analyticDocument(target.uri)], target.analytic);
    if (!runs) return;
    report(runs);
    // The walkthrough's last step: an analytic of the user's own ran without errors.
    if (target.uri.scheme === 'file' && vscode.workspace.getWorkspaceFolder(target.uri) && runs.every((r) => !r.diagnostics.some((d) => d.severity === 'error'))) markProgress(PROGRESS.ownAnalytic);
  };
}

export function runAllAnalytics(ctx: Context) {
  return async (): Promise<void> => {
    if (!(await requireData(ctx))) return;
    const files = await discoverAnalytics(ctx);
    if (files.length === 0) {
      void vscode.window.showWarningMessage('Huntbench: no analytics found (no built-ins and no .hunt files in the workspace).');
      return;
    }
    const documents = await Promise.all(files.map((f) => analyticDocument(f.uri)));
    const runs = await runDocuments(ctx, documents);
    if (!runs) return;
    // A workspace analytic replaces the built-in with the same id: keep the last one per id.
    report([...new Map(runs.map((r) => [r.analytic, r])).values()]);
  };
}

export function explainAnalytic(ctx: Context) {
  return async (arg?: Target): Promise<void> => {
    const target = targetAnalytic(arg);
    if (!target?.analytic) {
      void vscode.window.showInformationMessage('Huntbench: place the cursor in an analytic to explain it.');
      return;
    }
    if (!(await requireData(ctx))) return;
    const analytic = target.analytic;
    const host = await pickHost(ctx, analytic);
    if (host === undefined) return;
    const others = await Promise.all((await discoverAnalytics(ctx)).map((f) => analyticDocument(f.uri)));
    const explanation = await vscode.window.withProgress(
      { location: vscode.ProgressLocation.Notification, title: `Huntbench: explaining ${analytic}` },
      async () => ctx.request('explain', { document: await analyticDocument(target.uri), analytic, lists: await workspaceLists(ctx), whyNot: { host, others } }),
    );
    await ctx.reportDocuments.show(`/explain-${fileSafe(target.analytic)}.md`, explanationMarkdown(explanation), { viewColumn: vscode.ViewColumn.Beside });
  };
}

/** The host to explain: where the analytic got furthest (null), or one of the loaded hosts; undefined when dismissed. */
async function pickHost(ctx: Context, analytic: string): Promise<string | null | undefined> {
  const hosts = [...new Set((ctx.stats?.sources ?? []).flatMap((s) => s.hosts))].sort();
  if (hosts.length <= 1) return hosts[0] ?? null;
  const furthest = { label: '$(search) Where it got furthest', description: 'the host with the most steps found', host: null as string | null };
  const picked = await vscode.window.showQuickPick([furthest, ...hosts.map((h) => ({ label: h, description: '', host: h as string | null }))], { title: `Why did ${analytic} find nothing on…`, placeHolder: 'Pick a host' });
  return picked ? picked.host : undefined;
}
