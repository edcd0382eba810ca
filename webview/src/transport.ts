// The webview's only contact with VS Code: post a message, receive messages, keep state.
// UI code depends on this interface, never on `acquireVsCodeApi`, so it runs under tests.

import type { HostToWebview, WebviewToHost } from '../../src/protocol/webview';

/** Typed by the page's protocol: the timeline's by default, the estate graph's (src/protocol/graph.ts) too. */
export interface Transport<In = HostToWebview, Out = WebviewToHost> {
  post(message: Out): void;
  onMessage(handler: (message: In) => void): void;
  getState(): unknown;
  setState(state: unknown): void;
}

interface VsCodeApi {
  postMessage(message: unknown): void;
  getState(): unknown;
  setState(state: unknown): void;
}

declare function acquireVsCodeApi(): VsCodeApi;

export function vscodeTransport<In = HostToWebview, Out = WebviewToHost>(): Transport<In, Out> {
  const api = acquireVsCodeApi();
  return {
    post: (message) => api.postMessage(message),
    onMessage: (handler) => window.addEventListener('message', (e: MessageEvent) => handler(e.data as In)),
    getState: () => api.getState(),
    setState: (state) => api.setState(state),
  };
}
