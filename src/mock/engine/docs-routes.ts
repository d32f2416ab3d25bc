import { readFileSync, statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { parse as parseYaml } from 'yaml';
import { renderDocsPage } from '../../docs/docs-page.js';

export const DOCS_PATH = '/docs';
export const DOCUMENT_PATH = '/openapi.json';
const EVENTS_PATH = '/docs/events';

/** Whether a request is for one of the docs' own paths: only those are looked at twice. */
export function isDocsPath(url: string | undefined): boolean {
  const path = (url ?? '/').split('?')[0];
  return path === DOCUMENT_PATH || path === DOCS_PATH || path?.startsWith(`${DOCS_PATH}/`) === true;
}

export interface DocsRoutes {
  /** Answers the request if it is one of the docs' own; false lets the mock have it. */
  handle(req: IncomingMessage, res: ServerResponse): boolean;
  /** The spec was reloaded: open pages reload themselves. */
  specChanged(): void;
}

/**
 * The reference page and the bundled document, beside the mock: `/docs` is the page
 * `authkit docs` writes, plus a live-reload hook and a "Try it" panel per operation that
 * sends to this mock; `/openapi.json` is the served spec;
 * `/docs/events` tells open pages (server-sent events) that the spec changed. Both are
 * built from the spec file as it is on disk, again only when its mtime or size moved.
 */
export function createDocsRoutes(specFile: string): DocsRoutes {
  const pages = new Set<ServerResponse>();
  // One page per Host the mock was reached by: its samples name that origin (localhost and
  // 127.0.0.1 are both usual). Host is the client's to choose, so only a few are kept.
  let built: { stamp: string; json: string; pages: Map<string, string> } | undefined;

  const current = () => {
    const stats = statSync(specFile);
    const stamp = `${stats.mtimeMs}:${stats.size}`;
    if (built?.stamp !== stamp) {
      const text = readFileSync(specFile, 'utf8');
      const document = /\.json$/i.test(specFile) ? JSON.parse(text) : parseYaml(text);
      built = { stamp, json: JSON.stringify(document), pages: new Map() };
    }
    return built;
  };

  return {
    handle(req, res) {
      if (req.method !== 'GET' && req.method !== 'HEAD') return false;
      const path = new URL(req.url ?? '/', 'http://docs.invalid').pathname;
      if (path === EVENTS_PATH) {
        res.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store', connection: 'keep-alive' });
        res.write(': the page reloads on `spec-changed`\n\n');
        pages.add(res);
        res.on('close', () => pages.delete(res));
        return true;
      }
      if (path !== DOCS_PATH && path !== `${DOCS_PATH}/` && path !== DOCUMENT_PATH) return false;
      const state = current();
      const isPage = path !== DOCUMENT_PATH;
      const body = isPage ? pageFor(state.pages, state.json, req.headers.host) : state.json;
      res.writeHead(200, { 'content-type': isPage ? 'text/html; charset=utf-8' : 'application/json', 'content-length': Buffer.byteLength(body), 'cache-control': 'no-store' });
      res.end(req.method === 'HEAD' ? undefined : body);
      return true;
    },
    specChanged() {
      for (const page of pages) page.write('event: spec-changed\ndata: reload\n\n');
    },
  };
}

const PAGES_KEPT = 8;

function pageFor(pages: Map<string, string>, json: string, host: string | undefined): string {
  const key = host ?? '';
  let page = pages.get(key);
  if (page === undefined) {
    page = renderDocsPage(JSON.parse(json), { liveReloadUrl: EVENTS_PATH, baseUrl: host ? `http://${host}` : undefined, tryIt: true });
    if (pages.size >= PAGES_KEPT) pages.delete(pages.keys().next().value!);
    pages.set(key, page);
  }
  return page;
}
