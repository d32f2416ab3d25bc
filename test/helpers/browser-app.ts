import { existsSync } from 'node:fs';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { createServer, request as httpRequest, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { build } from 'esbuild';
import { createServer as createViteServer } from 'vite';
import { ROOT } from './paths.js';

/**
 * The built client (dist/, what the package ships) as one ES module for a page, bundled
 * the way an app's bundler would: openapi-fetch inlined, nothing left to resolve.
 */
export async function builtClientModule(): Promise<string> {
  const entry = join(ROOT, 'dist', 'src', 'client', 'index.js');
  if (!existsSync(entry)) throw new Error(`${entry} is missing: run \`npm run build\` first (npm test does)`);
  const result = await build({ entryPoints: [entry], bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  return result.outputFiles[0]!.text;
}

// The page's own code: it imports the client as an app does, and gives the test a way
// to force the mock's next answers (Prism's `Prefer: code=N`, on chosen requests only)
// and to see every request the client sent.
const APP_MODULE = `
import { createApiClient, isApiError } from './client.js';
const forced = [];
const calls = [];
function forcingFetch(request) {
  const path = new URL(request.url).pathname;
  calls.push(request.method + ' ' + path);
  const rule = forced.find((candidate) => candidate.path === path && candidate.times > 0);
  if (!rule) return fetch(request);
  rule.times -= 1;
  const headers = new Headers(request.headers);
  headers.set('prefer', 'code=' + rule.code);
  return fetch(new Request(request, { headers }));
}
window.app = {
  calls,
  force(path, code, times = 1) { forced.push({ path, code, times }); },
  client(baseUrl, options = {}) { return createApiClient({ baseUrl, fetch: forcingFetch, ...options }); },
  isApiError,
};
document.title = 'app ready';
`;

const INDEX_HTML = '<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body><script type="module" src="/app.js"></script></body></html>';

/** Writes the app (index.html, app.js, client.js) into `dir`, for any server to serve. */
export async function writeApp(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  await writeFile(join(dir, 'index.html'), INDEX_HTML);
  await writeFile(join(dir, 'app.js'), APP_MODULE);
  await writeFile(join(dir, 'client.js'), await builtClientModule());
}

export interface Running {
  url: string;
  close(): Promise<void>;
}

async function listen(server: Server): Promise<string> {
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

function closer(server: Server): () => Promise<void> {
  return () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
}

/** The app on an origin of its own: a plain static server, as a deployed frontend. */
export async function startStaticApp(files: Record<string, string>): Promise<Running> {
  const types: Record<string, string> = { html: 'text/html; charset=utf-8', js: 'text/javascript; charset=utf-8' };
  const server = createServer((req, res) => {
    const name = req.url === '/' ? 'index.html' : (req.url ?? '').slice(1);
    const body = files[name];
    if (body === undefined) {
      res.writeHead(404).end();
      return;
    }
    res.writeHead(200, { 'content-type': types[name.split('.').pop()!] ?? 'application/octet-stream' }).end(body);
  });
  return { url: await listen(server), close: closer(server) };
}

export interface Gateway extends Running {
  /** While set, the upstream is "down": every request gets the gateway's own HTML 502. */
  failing: boolean;
}

/**
 * A reverse proxy in front of the mock, as nginx stands in front of an API: it passes
 * requests and answers through untouched, and while its upstream is down it answers with
 * its own HTML error page. Like an nginx with `add_header … always`, it sends CORS
 * headers with that page, or a page on another origin could not read it at all.
 */
export async function startGateway(upstream: string): Promise<Gateway> {
  const target = new URL(upstream);
  const gateway: Gateway = { url: '', failing: false, close: async () => {} };
  const server = createServer((req, res) => {
    if (gateway.failing) {
      const origin = req.headers.origin;
      const cors = origin ? { 'access-control-allow-origin': origin, 'access-control-allow-credentials': 'true', 'access-control-allow-headers': req.headers['access-control-request-headers'] ?? '*' } : {};
      if (req.method === 'OPTIONS' && req.headers['access-control-request-method']) {
        res.writeHead(204, { ...cors, 'access-control-allow-methods': req.headers['access-control-request-method'] }).end();
        return;
      }
      res.writeHead(502, { 'content-type': 'text/html', ...cors });
      res.end('<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n</body>\r\n</html>\r\n');
      return;
    }
    const outgoing = httpRequest({ host: target.hostname, port: target.port, method: req.method, path: req.url, headers: { ...req.headers, host: target.host } }, (incoming) => {
      res.writeHead(incoming.statusCode ?? 502, incoming.rawHeaders);
      incoming.pipe(res);
    });
    outgoing.on('error', () => res.destroy());
    req.pipe(outgoing);
  });
  gateway.url = await listen(server);
  gateway.close = closer(server);
  return gateway;
}

/** Where a page is loaded from, and the base its client calls. */
export interface AppSetup {
  pageUrl: string;
  apiBase: string;
  close(): Promise<void>;
}

/** The app written by writeApp, served from an origin of its own; its client calls `api` across origins (credentialed CORS). */
export async function serveAppCrossOrigin(appDir: string, api: string): Promise<AppSetup> {
  const files = Object.fromEntries(await Promise.all(['index.html', 'app.js', 'client.js'].map(async (name) => [name, await readFile(join(appDir, name), 'utf8')] as const)));
  const site = await startStaticApp(files);
  return { pageUrl: `${site.url}/`, apiBase: api, close: site.close };
}

/** The app on a real Vite dev server whose `server.proxy` sends `/api` to `api` (the README's snippet): one origin for page and API. */
export async function serveAppThroughVite(appDir: string, api: string): Promise<AppSetup> {
  const vite = await createViteServer({
    root: appDir,
    configFile: false,
    logLevel: 'silent',
    cacheDir: join(appDir, '.vite'),
    optimizeDeps: { noDiscovery: true, include: [] },
    // Port 0: the system picks a free one as Vite binds it. A port found free beforehand
    // could be taken by another process first, under load.
    server: { host: '127.0.0.1', port: 0, strictPort: true, proxy: { '/api': { target: api, changeOrigin: true } } },
  });
  await vite.listen();
  const { port } = vite.httpServer!.address() as AddressInfo;
  const origin = `http://127.0.0.1:${port}`;
  return { pageUrl: `${origin}/`, apiBase: origin, close: () => vite.close() };
}
