// Entry of the estate graph webview bundle (dist/webview/graph.js), loaded with the page's nonce.

import type { GraphToHost, HostToGraph } from '../../../src/protocol/graph';
import { vscodeTransport } from '../transport';
import { GraphView } from './graphView';

const root = document.getElementById('app');
if (root) new GraphView(vscodeTransport<HostToGraph, GraphToHost>(), root);
