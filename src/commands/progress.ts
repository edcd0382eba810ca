// An engine request behind a cancellable progress notification: Cancel reaches the engine as an
// abort (a message, and a shared flag that a synchronous run reads between anchors), and the
// engine's progress becomes the notification's message where `describe` says something.

import * as vscode from 'vscode';
import type { Context } from '../context';
import type { LoadProgress } from '../core/types/reports';
import type { RunProgress } from '../core/types/session';
import type { ParamsOf, ResultOf, WorkerMethod } from '../protocol/worker';

export type Describe = (progress: LoadProgress | RunProgress) => { readonly message: string; readonly increment?: number } | undefined;

export function requestWithProgress<M extends WorkerMethod>(ctx: Context, title: string, method: M, params: ParamsOf<M>, describe?: Describe): Thenable<ResultOf<M>> {
  return vscode.window.withProgress({ location: vscode.ProgressLocation.Notification, title, cancellable: true }, (progress, token) => {
    const abort = new AbortController();
    token.onCancellationRequested(() => abort.abort());
    return ctx.request(method, params, { signal: abort.signal, onProgress: (p) => { const shown = describe?.(p); if (shown) progress.report(shown); } });
  });
}
