// Entry of the timeline webview bundle (dist/webview/timeline.js, an IIFE loaded with the
// page's CSP nonce). Registers the VS Code Elements it uses and starts the app.

import '@vscode-elements/elements/dist/vscode-button/index.js';
import '@vscode-elements/elements/dist/vscode-textfield/index.js';
import '@vscode-elements/elements/dist/vscode-single-select/index.js';
import '@vscode-elements/elements/dist/vscode-option/index.js';
import { TimelineApp } from './app';
import { vscodeTransport } from './transport';

const root = document.getElementById('app');
if (root) new TimelineApp(vscodeTransport(), root).start();
