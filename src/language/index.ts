// Everything the editor offers for `.hunt` files, registered together at activation. Each
// provider is a thin adapter over a pure function in core/dsl/service/.

import * as vscode from 'vscode';
import type { Context } from '../context';
import { registerCodeActions } from './codeActions';
import { registerCodeLens } from './codeLens';
import { registerCompletion } from './completion';
import { DataCache } from './dataCache';
import { registerDiagnostics, type PublishedDiagnostics } from './diagnostics';
import { registerHover } from './hover';
import { registerSymbols } from './symbols';
import { registerSigmaDiagnostics } from './sigmaDiagnostics';
import { registerSources } from './sources';
import { registerTesting } from './testing';

export function registerLanguageFeatures(ctx: Context): vscode.Disposable {
  const data = new DataCache(ctx);
  const published: PublishedDiagnostics = new Map();
  return vscode.Disposable.from(
    registerSources(),
    registerDiagnostics(ctx, data, published),
    registerCompletion(ctx, data),
    registerHover(ctx, data),
    registerSymbols(),
    registerCodeActions(ctx, published),
    registerCodeLens(ctx),
    registerTesting(ctx),
    registerSigmaDiagnostics(ctx),
  );
}
