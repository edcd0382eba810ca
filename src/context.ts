// The extension's state, one object shared by commands, language features and views: the
// engine worker (started on first need), what the session holds (stats after each load), the
// results of the last analytic runs, and change events the views listen to. Commands are
// factories of this context (see commands/), in the manner of rust-analyzer's `ctx.ts`.

import * as path from 'node:path';
import * as vscode from 'vscode';
import { printableLog } from './views/printable';
import type { ParamsOf, ResultOf, WorkerMethod } from './protocol/worker';
import type { AnalyticRun, SessionStats, SigmaReport } from './core/types/session';
import { RAW_SCHEME, REPORT_SCHEME, ReadOnlyDocuments } from './views/readOnlyDocuments';
import { EngineClient, type RequestOptions } from './worker/engineClient';

export interface Settings {
  readonly timeZone: string;
  readonly defaultWindow: string;
  readonly allowlistFiles: readonly string[];
  readonly memoryBudgetBytes: number;
  readonly maxChainsShown: number;
  readonly runOnSave: boolean;
  readonly diagnosticsDelayMs: number;
  /** Sigma rule files and folders (workspace-relative or absolute) for Run Sigma Rules and sigma("…"). */
  readonly sigmaRules: readonly string[];
}

/** Outcome of the last run of one analytic, for the Analytics view and CodeLens. */
export interface RunRecord extends AnalyticRun {
  readonly at: number;
}

export class Context implements vscode.Disposable {
  private client: EngineClient | undefined;
  private statsValue: SessionStats | undefined;
  private readonly runs = new Map<string, RunRecord>();
  /** Paths loaded in this session, in load order (what the session manifest records). */
  readonly loadedPaths: string[] = [];
  private readonly sessionChanged = new vscode.EventEmitter<SessionStats | undefined>();
  private readonly runsChanged = new vscode.EventEmitter<void>();
  private readonly sigmaChanged = new vscode.EventEmitter<void>();
  private sigmaValue: SigmaReport | undefined;
  readonly output: vscode.LogOutputChannel;
  /** Raw event records, one read-only document each. */
  readonly rawDocuments = new ReadOnlyDocuments(RAW_SCHEME);
  /** Query results and explanations, as read-only Markdown documents. */
  readonly reportDocuments = new ReadOnlyDocuments(REPORT_SCHEME);
  /** Fired after a load, unload or new session, with the session's new stats. */
  readonly onSessionChanged = this.sessionChanged.event;
  /** Fired when analytic run results change. */
  readonly onRunsChanged = this.runsChanged.event;
  /** Fired when a Sigma rule run finishes (or a new session drops its detections). */
  readonly onSigmaChanged = this.sigmaChanged.event;

  /** The last Sigma rule run over this session. */
  get sigma(): SigmaReport | undefined {
    return this.sigmaValue;
  }

  setSigma(report: SigmaReport | undefined): void {
    this.sigmaValue = report;
    this.sigmaChanged.fire();
  }

  constructor(readonly extension: vscode.ExtensionContext) {
    this.output = printableLog(vscode.window.createOutputChannel('Huntbench', { log: true }));
    extension.subscriptions.push(this, this.output, this.sessionChanged, this.runsChanged, this.sigmaChanged, this.rawDocuments.register(), this.reportDocuments.register());
  }

  settings(): Settings {
    const c = vscode.workspace.getConfiguration('huntbench');
    return {
      timeZone: c.get('timeZone', 'UTC'),
      defaultWindow: c.get('defaultWindow', '5m'),
      allowlistFiles: c.get('allowlistFiles', []),
      memoryBudgetBytes: c.get('memoryBudgetMB', 2560) * 1024 * 1024,
      maxChainsShown: c.get('maxChainsShown', 500),
      runOnSave: c.get('runOnSave', false),
      diagnosticsDelayMs: c.get('diagnosticsDelayMs', 250),
      sigmaRules: vscode.workspace.isTrusted ? c.get('sigmaRules', []) : [],
    };
  }

  /** True once logs were loaded in this window (the worker is never started just to ask). */
  get hasData(): boolean {
    return (this.statsValue?.events ?? 0) > 0;
  }

  get stats(): SessionStats | undefined {
    return this.statsValue;
  }

  /** Calls the engine worker, starting it first if needed. */
  request<M extends WorkerMethod>(method: M, params: ParamsOf<M>, options: RequestOptions = {}): Promise<ResultOf<M>> {
    this.client ??= new EngineClient(path.join(this.extension.extensionPath, 'dist', 'engineWorker.js'), (reason) => this.engineLost(reason));
    return this.client.request(method, params, options);
  }

  async refreshStats(): Promise<SessionStats> {
    this.statsValue = await this.request('stats', {});
    this.sessionChanged.fire(this.statsValue);
    return this.statsValue;
  }

  /** Forgets the session's data and results (the worker keeps running, empty). */
  async resetSession(): Promise<void> {
    if (this.client?.started) await this.request('reset', {});
    this.statsValue = undefined;
    this.loadedPaths.length = 0;
    this.runs.clear();
    this.sessionChanged.fire(undefined);
    this.runsChanged.fire();
    this.setSigma(undefined);
  }

  /** The worker died (e.g. out of memory): the session's data is gone, say so and offer a reload. */
  private engineLost(reason: string): void {
    this.output.error(reason);
    this.statsValue = undefined;
    this.runs.clear();
    this.sessionChanged.fire(undefined);
    this.runsChanged.fire();
    void vscode.window.showErrorMessage(`${reason}. Reload the session, perhaps with fewer files or a lower huntbench.memoryBudgetMB.`, 'Reload Session')
      .then((choice) => choice && vscode.commands.executeCommand('huntbench.reloadSession'));
  }

  recordRuns(runs: readonly AnalyticRun[]): void {
    const at = Date.now();
    for (const run of runs) this.runs.set(run.analytic, { ...run, at });
    this.runsChanged.fire();
  }

  runOf(analytic: string): RunRecord | undefined {
    return this.runs.get(analytic);
  }

  allRuns(): RunRecord[] {
    return [...this.runs.values()];
  }

  dispose(): void {
    void this.client?.dispose();
    this.client = undefined;
  }
}
