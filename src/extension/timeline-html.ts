// The timeline webview's HTML page. Pure (no 'vscode'), so the CSP can be unit-tested: one script,
// loaded from the extension with a fresh nonce; styles only from the extension; nothing remote.
import { randomBytes } from 'node:crypto';

const HTML: Record<string, string> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** The page skeleton is the one HTML built as a string: its text and attributes are escaped. */
export function escapeHtml(s: unknown): string {
  return String(s ?? '').replace(/[&<>"']/g, (c) => HTML[c]!);
}

export interface TimelineHtmlOptions {
  /** webview.cspSource: the origin VS Code serves local resources from. */
  cspSource: string;
  nonce: string;
  /** webview.asWebviewUri(dist/webview.js) */
  scriptUri: string;
  /** webview.asWebviewUri(media/timeline.css) */
  styleUri: string;
  /** More stylesheets from the extension, after styleUri (the Workload Timeline's CSS, codicons). */
  extraStyleUris?: string[];
  title: string;
}

/** 32 random bytes, base64 (the CSP nonce grammar allows base64 characters). */
export function makeNonce(): string {
  return randomBytes(32).toString('base64');
}

export function contentSecurityPolicy(cspSource: string, nonce: string): string {
  return [
    "default-src 'none'",
    `style-src ${cspSource}`,
    `img-src ${cspSource}`,
    `font-src ${cspSource}`,
    `script-src 'nonce-${nonce}'`,
    "base-uri 'none'",
    "form-action 'none'",
  ].join('; ');
}

export function buildTimelineHtml(o: TimelineHtmlOptions): string {
  if (!/^[A-Za-z0-9+/=_-]{16,}$/.test(o.nonce)) throw new Error('nonce must be at least 16 base64 characters');
  // webview.cspSource is one or more CSP source expressions (code-server: `'self' https://*.vscode-cdn.net`).
  // Anything that could end the directive or add another one is refused.
  const sources = o.cspSource.trim().split(/ +/);
  if (!sources.every((s) => /^(?:'self'|[A-Za-z][A-Za-z0-9+.-]*:(?:\/\/[^\s;,'"]*)?)$/.test(s))) {
    throw new Error('unexpected characters in cspSource');
  }
  const csp = contentSecurityPolicy(o.cspSource, o.nonce);
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="UTF-8">
<meta http-equiv="Content-Security-Policy" content="${escapeHtml(csp)}">
<meta name="viewport" content="width=device-width, initial-scale=1.0">
<link rel="stylesheet" href="${escapeHtml(o.styleUri)}">
${(o.extraStyleUris ?? []).map((u) => `<link rel="stylesheet" href="${escapeHtml(u)}">\n`).join('')}<title>${escapeHtml(o.title)}</title>
</head>
<body>
<main id="app" aria-live="off"><p>Loading the timeline…</p></main>
<script nonce="${escapeHtml(o.nonce)}" src="${escapeHtml(o.scriptUri)}"></script>
</body>
</html>
`;
}
