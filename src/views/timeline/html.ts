// The timeline page: a strict CSP (nothing but our own script, by nonce, and our own styles),
// the bundle and the style sheet from the extension, and an empty root. No data is ever
// interpolated into this HTML; it all arrives by postMessage.

import { randomBytes } from 'node:crypto';

export interface PageResources {
  /** `webview.cspSource`. */
  readonly cspSource: string;
  /** Webview URIs (as strings) of the bundle and the style sheet. */
  readonly script: string;
  readonly style: string;
  /** The page's title (the estate graph reuses this page). */
  readonly title?: string;
}

export function nonce(): string {
  return randomBytes(18).toString('base64').replace(/[^A-Za-z0-9]/g, '');
}

export function contentSecurityPolicy(cspSource: string, scriptNonce: string): string {
  return [
    "default-src 'none'",
    `script-src 'nonce-${scriptNonce}'`,
    `style-src ${cspSource} 'nonce-${scriptNonce}'`,
    `img-src ${cspSource} data:`,
    `font-src ${cspSource}`,
  ].join('; ');
}

export function timelineHtml(r: PageResources, scriptNonce = nonce()): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy(r.cspSource, scriptNonce)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${r.style}" nonce="${scriptNonce}">
<title>${r.title ?? 'Chain timeline'}</title>
</head>
<body>
<div id="app"></div>
<script nonce="${scriptNonce}" src="${r.script}"></script>
</body>
</html>`;
}
