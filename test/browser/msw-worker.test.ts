import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser, Page } from 'playwright-core';
import { x } from 'tinyexec';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { connectChromium } from '../helpers/browser.js';
import { startStaticApp, type Running } from '../helpers/browser-app.js';
import { ROOT } from '../helpers/paths.js';

// MSW's service worker in Chromium: the page's own fetches are answered by the spec's
// handlers (the built ./msw entry), with no mock server. `msw init` puts the worker file
// where the page is served from, as a team's setup does.

/** What the page's bundle puts on `window.app`. */
interface PageApp {
  calls: string[];
  client(options?: Record<string, unknown>): any;
  respondOnce(operationId: string, status: number): void;
}
declare const app: PageApp;
declare const window: { pending?: Promise<unknown>; retries?: unknown[] };

const PAGE_MODULE = `
import { setupWorker } from 'msw/browser';
import { createMockHandlers } from './dist/src/msw/index.js';
import { createApiClient } from './dist/src/client/index.js';
import spec from './generated/openapi.json';

// Cookie auth cannot be mocked in a page: a service worker's answer sets no HttpOnly cookie.
const mocks = createMockHandlers(spec, { checkSecurity: false });
const worker = setupWorker(...mocks.handlers);
const calls = [];
worker.events.on('request:start', ({ request }) => calls.push(request.method + ' ' + new URL(request.url).pathname));
await worker.start({ onUnhandledRequest: 'error', quiet: true });
window.app = {
  calls,
  client: (options = {}) => createApiClient({ baseUrl: location.origin, ...options }),
  respondOnce: (operationId, status) => worker.use(mocks.respondWith(operationId, status, { once: true })),
};
document.title = 'app ready';
`;

let browser: Browser;
let site: Running;
let dir: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'msw-page-'));
  const init = await x(process.execPath, [join(ROOT, 'node_modules', 'msw', 'cli', 'index.js'), 'init', dir, '--no-save'], { throwOnError: false });
  if (init.exitCode !== 0) throw new Error(`msw init failed:\n${init.stdout}${init.stderr}`);
  const bundle = await build({ stdin: { contents: PAGE_MODULE, resolveDir: ROOT, loader: 'js' }, bundle: true, format: 'esm', platform: 'browser', target: 'es2022', write: false, logLevel: 'silent' });
  site = await startStaticApp({
    'index.html': '<!doctype html><html><head><meta charset="utf-8"><title>app</title></head><body><script type="module" src="/app.js"></script></body></html>',
    'app.js': bundle.outputFiles[0]!.text,
    'mockServiceWorker.js': await readFile(join(dir, 'mockServiceWorker.js'), 'utf8'),
  });
  browser = await connectChromium(inject('chromium').wsEndpoint);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await site?.close();
  if (dir) await rm(dir, { recursive: true, force: true });
});

async function openApp(options: { fakeClock?: boolean } = {}): Promise<Page> {
  const context = await browser.newContext();
  onTestFinished(() => context.close());
  if (options.fakeClock) await context.clock.install({ time: 0 });
  const page = await context.newPage();
  await page.goto(`${site.url}/`);
  await page.waitForFunction(() => globalThis.document.title === 'app ready');
  if (options.fakeClock) await page.clock.pauseAt(60 * 60 * 1000);
  return page;
}

describe('MSW\'s service worker answers the page from the spec\'s handlers', { timeout: 60_000 }, () => {
  it('`msw init` wrote the worker the page registered, and the handlers answer with the documented body', async () => {
    const page = await openApp();
    expect(await page.evaluate(() => navigator.serviceWorker.controller?.scriptURL)).toBe(`${site.url}/mockServiceWorker.js`);
    const result = await page.evaluate(async () => {
      const response = await app.client().POST('/api/v1/auth/login', { body: { email: 'ada@example.com', password: 'correct-horse-battery' } });
      return { status: response.status, email: response.data?.user.email };
    });
    expect(result).toEqual({ status: 200, email: 'ada@example.com' });
    expect(await page.evaluate(() => [...app.calls])).toEqual(['POST /api/v1/auth/login']);
  });

  it('a forced 429: the client waits its Retry-After, exactly, then the handlers answer 200', async () => {
    const page = await openApp({ fakeClock: true });
    await page.evaluate(() => {
      window.retries = [];
      app.respondOnce('getCurrentUser', 429);
      window.pending = app
        .client({ retry: { onRetry: (event: unknown) => window.retries!.push(event) } })
        .GET('/api/v1/auth/me')
        .then((result: { status: number }) => result.status);
    });
    await expect.poll(() => page.evaluate(() => window.retries)).toEqual([{ attempt: 1, delayMs: 30_000, reason: 429, method: 'GET', path: '/api/v1/auth/me' }]);
    await page.clock.runFor(29_999);
    expect(await page.evaluate(() => [...app.calls])).toEqual(['GET /api/v1/auth/me']);
    await page.clock.runFor(1);
    expect(await page.evaluate(() => window.pending)).toBe(200);
    expect(await page.evaluate(() => [...app.calls])).toEqual(['GET /api/v1/auth/me', 'GET /api/v1/auth/me']);
  });

  it('a 401 on three calls at once: one refresh, three replays', async () => {
    const page = await openApp();
    const statuses = await page.evaluate(async () => {
      for (let i = 0; i < 3; i += 1) app.respondOnce('getCurrentUser', 401);
      const client = app.client({ sessionRefresh: true });
      const results = await Promise.all([1, 2, 3].map(() => client.GET('/api/v1/auth/me')));
      return results.map((result: { status: number }) => result.status);
    });
    expect(statuses).toEqual([200, 200, 200]);
    expect(await page.evaluate(() => [...app.calls].sort())).toEqual([...Array(6).fill('GET /api/v1/auth/me'), 'POST /api/v1/auth/refresh']);
  });
});
