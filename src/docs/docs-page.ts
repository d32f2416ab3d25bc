import type { OpenApiDocument } from '../openapi/document.js';
import { redocStandaloneSource } from './redoc-standalone.js';
import { tryItOperations, tryItPanelSource } from './try-it.js';
import { withCodeSamples } from './with-code-samples.js';

export interface DocsPageOptions {
  /** A server-sent-events URL: when it sends `spec-changed`, the page reloads. Served pages only. */
  liveReloadUrl?: string;
  /** Where the code samples send their requests; default the spec's first server. `start` passes the mock's own URL. */
  baseUrl?: string;
  /**
   * A "Try it" panel under each operation's samples, sending to the page's own origin:
   * for the page `start` serves beside the mock. A written file has none (from `file://`
   * there is no origin to send to, and its Content-Security-Policy lets nothing out).
   */
  tryIt?: boolean;
  /** The typed client, fetch and curl samples of each operation (`x-codeSamples` on the page's copy); default on. */
  codeSamples?: boolean;
}

// Redoc's settings for a reference that shows everything at once: every response
// opened (its status, description, headers and schema), nested schemas expanded (the
// error envelope's fields), and every sample opened to its last level.
const REDOC_OPTIONS = {
  expandResponses: 'all',
  schemaExpansionLevel: 'all',
  jsonSampleExpandLevel: 'all',
  requiredPropsFirst: true,
  nativeScrollbars: true,
  hideDownloadButton: false,
};

/**
 * One self-contained HTML page of the API reference: Redoc's bundle and the document
 * inline, nothing else. Its Content-Security-Policy lets nothing load from anywhere
 * (no CDN, font, logo or telemetry), so it reads the same from `file://` on a plane as
 * it does served; a spec whose markdown points at a remote image gets a blocked image,
 * not a request.
 */
export function renderDocsPage(document: OpenApiDocument, options: DocsPageOptions = {}): string {
  const title = (document.info as { title?: string } | undefined)?.title ?? 'API reference';
  const connect = options.liveReloadUrl || options.tryIt ? "'self'" : "'none'";
  const policy = [`default-src 'none'`, `script-src 'unsafe-inline'`, `style-src 'unsafe-inline'`, `img-src data: blob:`, `font-src data:`, `worker-src blob:`, `connect-src ${connect}`].join('; ');
  const liveReload = options.liveReloadUrl
    ? `<script>new EventSource(${inlineJson(options.liveReloadUrl)}).addEventListener('spec-changed', () => location.reload());</script>`
    : '';
  const tryIt = options.tryIt
    ? `<script id="authkit-try-operations" type="application/json">${inlineJson(tryItOperations(document))}</script>
<script>${tryItPanelSource().replace(/<\/script/gi, '<\\/script')}</script>
`
    : '';
  // Redoc calls back once it has drawn the operations; the panels go into what it drew.
  const drawn = options.tryIt ? `, () => authkitTryIt(JSON.parse(document.getElementById('authkit-try-operations').textContent))` : '';
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta http-equiv="Content-Security-Policy" content="${policy}">
<title>${escapeHtml(title)}</title>
<style>body { margin: 0; padding: 0; }</style>
</head>
<body>
<div id="redoc"></div>
<script id="openapi-document" type="application/json">${inlineJson(options.codeSamples === false ? withoutRemoteLogo(document) : withCodeSamples(withoutRemoteLogo(document), { baseUrl: options.baseUrl }))}</script>
<script>${redocStandaloneSource().replace(/<\/script/gi, '<\\/script')}</script>
${tryIt}<script>
Redoc.init(JSON.parse(document.getElementById('openapi-document').textContent), ${inlineJson(REDOC_OPTIONS)}, document.getElementById('redoc')${drawn});
</script>
${liveReload}
</body>
</html>
`;
}

/** `info.x-logo` is an image URL Redoc would fetch; a page that fetches nothing leaves it out. */
function withoutRemoteLogo(document: OpenApiDocument): OpenApiDocument {
  const info = document.info as Record<string, unknown> | undefined;
  if (!info || !('x-logo' in info)) return document;
  const { 'x-logo': _logo, ...rest } = info;
  return { ...document, info: rest };
}

/** JSON that cannot end the script element it sits in. */
function inlineJson(value: unknown): string {
  return JSON.stringify(value).replace(/</g, '\\u003c').replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (char) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[char]!);
}
