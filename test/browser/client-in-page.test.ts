import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it, onTestFinished } from 'vitest';
import { startMock, type MockServer } from '../../src/mock/index.js';
import { connectChromium } from '../helpers/browser.js';
import { serveAppCrossOrigin, serveAppThroughVite, startGateway, writeApp, type AppSetup, type Gateway } from '../helpers/browser-app.js';
import { AUTH_BUNDLE } from '../helpers/paths.js';

// The client as a frontend runs it: the built package bundled into a page, in Chromium,
// against the mock, with a gateway in front as there is in production. Once from another
// origin (credentialed CORS), once same-origin through a Vite dev server's proxy.

/** What the page's app.js puts on `window.app` (see helpers/browser-app.ts). */
interface PageApp {
  calls: string[];
  force(path: string, code: number, times?: number): void;
  // The client's types are proven elsewhere; in the page it is plain JavaScript.
  client(baseUrl: string, options?: Record<string, unknown>): any;
  isApiError(value: unknown): boolean;
}
declare const app: PageApp;
declare const window: { pending?: Promise<unknown>; retries?: unknown[] };

const document = JSON.parse(await readFile(AUTH_BUNDLE, 'utf8'));
const SIGN_IN = { email: 'ada@example.com', password: 'correct-horse-battery' };

type Setup = AppSetup;

let browser: Browser;
let mock: MockServer;
let gateway: Gateway;
let appDir: string;

beforeAll(async () => {
  [browser, mock] = await Promise.all([connectChromium(inject('chromium').wsEndpoint), startMock({ spec: AUTH_BUNDLE, workers: 1 })]);
  gateway = await startGateway(mock.url);
  appDir = await mkdtemp(join(tmpdir(), 'browser-app-'));
  await writeApp(appDir);
}, 60_000);

afterAll(async () => {
  await browser?.close();
  await gateway?.close();
  await mock?.close();
  if (appDir) await rm(appDir, { recursive: true, force: true });
});

const SETUPS: Array<[string, () => Promise<Setup>]> = [
  ['a page on another origin, credentialed CORS', () => serveAppCrossOrigin(appDir, gateway.url)],
  // The README's vite.config.ts snippet, as configuration: `/api` goes to the mock.
  ['a Vite dev server proxying /api, same origin', () => serveAppThroughVite(appDir, gateway.url)],
];

describe.each(SETUPS)('the client in Chromium: %s', (_name, startSetup) => {
  let setup: Setup;
  beforeAll(async () => {
    setup = await startSetup();
  }, 60_000);
  afterAll(() => setup?.close());

  async function openApp(options: { fakeClock?: boolean } = {}): Promise<{ context: BrowserContext; page: Page }> {
    const context = await browser.newContext();
    onTestFinished(() => context.close());
    if (options.fakeClock) await context.clock.install({ time: 0 });
    const page = await context.newPage();
    await page.goto(setup.pageUrl);
    await page.waitForFunction(() => globalThis.document.title === 'app ready');
    // An installed clock still follows real time; paused, it moves only when the test says.
    if (options.fakeClock) await page.clock.pauseAt(60 * 60 * 1000);
    return { context, page };
  }

  const signIn = (page: Page) =>
    page.evaluate(
      async ({ base, body }) => {
        const result = await app.client(base).POST('/api/v1/auth/login', { body });
        // Narrowed on status, as an app does: data only on 200, the ApiError otherwise.
        return result.status === 200 ? { status: 200, email: result.data.user.email as string } : { status: result.status, type: result.error.type as string };
      },
      { base: setup.apiBase, body: SIGN_IN },
    );

  it('signs in with credentials and narrows on the status; a forced 401 is an ApiError', { timeout: 30_000 }, async () => {
    const { page } = await openApp();
    expect(await signIn(page)).toEqual({ status: 200, email: 'ada@example.com' });
    const refused = await page.evaluate(
      async ({ base, body }) => {
        app.force('/api/v1/auth/login', 401);
        const result = await app.client(base).POST('/api/v1/auth/login', { body });
        return { status: result.status, data: result.data ?? null, isApiError: app.isApiError(result.error), type: result.error?.type, code: result.error?.code };
      },
      { base: setup.apiBase, body: SIGN_IN },
    );
    expect(refused).toEqual({ status: 401, data: null, isApiError: true, type: 'authentication_error', code: 401 });
  });

  it('waits for a 429 answer\'s Retry-After before the retry: exactly that long, on the page\'s clock', { timeout: 30_000 }, async () => {
    const { page } = await openApp({ fakeClock: true });
    expect((await signIn(page)).status).toBe(200);
    const retryAfter = Number(document.components.headers.RetryAfter.example) * 1000;
    await page.evaluate((base) => {
      window.retries = [];
      app.calls.length = 0;
      app.force('/api/v1/auth/me', 429);
      window.pending = app
        .client(base, { retry: { onRetry: (event: unknown) => window.retries!.push(event) } })
        .GET('/api/v1/auth/me')
        .then((result: { status: number; data?: { email: string } }) => ({ status: result.status, email: result.data?.email }));
    }, setup.apiBase);
    // The client has read the 429 and its Retry-After (exposed to the page by name) and is waiting.
    await expect.poll(() => page.evaluate(() => window.retries)).toEqual([{ attempt: 1, delayMs: retryAfter, reason: 429, method: 'GET', path: '/api/v1/auth/me' }]);
    await page.clock.runFor(retryAfter - 1);
    expect(await page.evaluate(() => [...app.calls])).toEqual(['GET /api/v1/auth/me']);
    await page.clock.runFor(1);
    expect(await page.evaluate(() => window.pending)).toEqual({ status: 200, email: 'ada@example.com' });
    expect(await page.evaluate(() => [...app.calls])).toEqual(['GET /api/v1/auth/me', 'GET /api/v1/auth/me']);
  });

  it('turns the gateway\'s HTML 502 page into an ApiError', { timeout: 30_000 }, async () => {
    const { page } = await openApp();
    gateway.failing = true;
    onTestFinished(() => void (gateway.failing = false));
    const outcome = await page.evaluate(async (base) => {
      const result = await app.client(base).GET('/api/v1/auth/me');
      return { status: result.status, isApiError: app.isApiError(result.error), type: result.error?.type, detail: result.error?.detail };
    }, setup.apiBase);
    expect(outcome).toEqual({ status: 502, isApiError: true, type: 'unexpected_html', detail: expect.stringContaining('"502 Bad Gateway"') });
  });

  it('refreshes the session once for three calls that get 401 together, and replays all three', { timeout: 30_000 }, async () => {
    const { page } = await openApp();
    expect((await signIn(page)).status).toBe(200);
    const statuses = await page.evaluate(async (base) => {
      app.calls.length = 0;
      app.force('/api/v1/auth/me', 401, 3);
      const client = app.client(base, { sessionRefresh: true });
      const results = await Promise.all([1, 2, 3].map(() => client.GET('/api/v1/auth/me')));
      return results.map((result: { status: number }) => result.status);
    }, setup.apiBase);
    expect(statuses).toEqual([200, 200, 200]);
    const calls = await page.evaluate(() => [...app.calls].sort());
    expect(calls).toEqual([...Array(6).fill('GET /api/v1/auth/me'), 'POST /api/v1/auth/refresh']);
  });

  it('stores the documented cookies as the spec sets them (HttpOnly, SameSite, Path), hidden from script, and logout clears them', { timeout: 30_000 }, async () => {
    const { context, page } = await openApp();
    expect((await signIn(page)).status).toBe(200);
    const documented = Object.values(document.components.headers.SetAuthCookie.examples as Record<string, { value: string }>).map((example) => parseSetCookie(example.value));
    expect(documented.map((cookie) => cookie.name)).toEqual(['access_token', 'refresh_token']);
    const stored = (await context.cookies()).map(({ name, value, path, httpOnly, secure, sameSite }) => ({ name, value, path, httpOnly, secure, sameSite }));
    // Every attribute as documented; the values are the tokens the mock minted for this sign-in, not the examples.
    const withoutValue = <T extends { value: string }>({ value: _value, ...rest }: T) => rest;
    expect(stored.sort((a, b) => a.name.localeCompare(b.name)).map(withoutValue)).toEqual(documented.map(withoutValue));
    expect(stored.filter((cookie) => documented.some((example) => example.value === cookie.value))).toEqual([]);
    // HttpOnly: the page's own script cannot read either of them.
    expect(await page.evaluate(() => globalThis.document.cookie)).toBe('');

    const loggedOut = await page.evaluate(async (base) => (await app.client(base).POST('/api/v1/auth/logout')).status, setup.apiBase);
    expect(loggedOut).toBe(200);
    expect(await context.cookies()).toEqual([]);
  });
});

/** A documented Set-Cookie line as Playwright reports a stored cookie. */
function parseSetCookie(line: string) {
  const [pair, ...attributes] = line.split(';').map((part) => part.trim());
  const [name, value] = pair!.split('=') as [string, string];
  const attribute = (key: string) => attributes.find((item) => item.toLowerCase().startsWith(key.toLowerCase()));
  return {
    name,
    value,
    path: attribute('Path=')!.slice('Path='.length),
    httpOnly: attribute('HttpOnly') !== undefined,
    secure: attribute('Secure') !== undefined,
    sameSite: attribute('SameSite=')!.slice('SameSite='.length),
  };
}
