// The webview's only contact with VS Code: post a message, receive messages, keep state.
// UI code depends on this interface, never on `acquireVsCodeApi`, so it runs under tests.

import type { HostToWebview, WebviewToHost } from '../../src/protocol/webview';

export interface Transport {
  post(message: WebviewToHost): void;
  onMessage(handler: (message: HostToWebview) => void): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeTransport(): Transport {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) => window.addEventListener('message', (e: MessageEvent) => handler(e.data as HostToWebview)),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
